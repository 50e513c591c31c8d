/**
 * Maps whatever a command threw to what the user sees and the exit code.
 * Pure: `src/main.ts` writes the returned lines and sets `process.exitCode`.
 */
import { CodedError, ExitFailure, InternalError, UserError, type ErrorJson } from './errors.js';

export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ExitReport {
  readonly exitCode: ExitCode;
  /** Text for stderr (empty when nothing should be printed). */
  readonly stderr: string;
}

export interface ExitOptions {
  readonly json: boolean;
  readonly verbose: boolean;
}

export function reportError(error: unknown, options: ExitOptions): ExitReport {
  if (error instanceof ExitFailure) {
    return { exitCode: ExitCode.failure, stderr: '' };
  }
  if (error instanceof CodedError) {
    return { exitCode: error.exitCode, stderr: formatUserError(error, options) };
  }
  if (isShapedCodedError(error)) {
    const user = new UserError(error.code, error.message, { hint: error.hint, cause: error.cause });
    return { exitCode: ExitCode.failure, stderr: formatUserError(user, options) };
  }
  const internal =
    error instanceof InternalError
      ? error
      : new InternalError(error instanceof Error ? error.message : String(error), { cause: error });
  return { exitCode: ExitCode.failure, stderr: formatInternalError(internal, error, options) };
}

/**
 * An error of the WIT library (`src/wit` is pure and cannot extend {@link CodedError}): it carries
 * a stable code of lower-case words joined by `-` (which tells it apart from Node's `ENOENT`-style
 * codes) and maybe a hint. A message for the user, never "a bug".
 */
function isShapedCodedError(error: unknown): error is Error & { code: string; hint?: string | undefined } {
  if (!(error instanceof Error) || error instanceof InternalError || !('code' in error)) {
    return false;
  }
  const { code } = error;
  const hint = 'hint' in error ? error.hint : undefined;
  return (
    typeof code === 'string' && /^[a-z]+(-[a-z]+)*$/.test(code) && (hint === undefined || typeof hint === 'string')
  );
}

function formatUserError(error: CodedError, options: ExitOptions): string {
  if (options.json) {
    return `${JSON.stringify({ error: error.toJSON() })}\n`;
  }
  let text = `error: ${error.message}\n`;
  if (error.hint !== undefined) {
    text += `hint: ${error.hint}\n`;
  }
  if (options.verbose && error.cause !== undefined) {
    text += `cause: ${describeCause(error.cause)}\n`;
  }
  return text;
}

function formatInternalError(error: InternalError, original: unknown, options: ExitOptions): string {
  if (options.json) {
    const body: ErrorJson = error.toJSON();
    return `${JSON.stringify({ error: body })}\n`;
  }
  let text = `error: ${error.message}\n`;
  text += 'This is a bug in obelisk. Please report it to the obelisk maintainers';
  text += options.verbose
    ? ', with the stack trace below.\n'
    : ', with the output of the same command run with --verbose.\n';
  if (options.verbose) {
    const stack = original instanceof Error ? original.stack : error.stack;
    text += `${stack ?? ''}\n`;
  }
  return text;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    return cause.stack ?? cause.message;
  }
  return String(cause);
}
