/** Files a command writes for the user. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ErrorCode, UserError } from './errors.js';

/** Writes `content` to `path`, creating its folder; a failure is a {@link UserError} (code `io`) naming the path. */
export function writeOutputFile(path: string, content: string | Uint8Array): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  } catch (error: unknown) {
    throw new UserError(
      ErrorCode.io,
      `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
