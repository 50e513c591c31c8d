/**
 * Parameters of `execution submit` as given on the command line: one JSON array (`'[10, 20]'`),
 * `@file.json` holding one, or one JSON value (or `@file`) per parameter after `--`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ErrorCode, UsageError, UserError } from '../../cli/errors.js';

const EXAMPLES =
  'pass one JSON array (\'[10, "text"]\'), @params.json, or one JSON value per parameter after --  (-- 10 \'"text"\')';

/**
 * How many of the command's operands came after a literal `--`. Commander drops the `--`
 * before a subcommand sees its operands, so the raw arguments of the program are read.
 */
export function operandsAfterDash(command: Command): number {
  let root: Command = command;
  while (root.parent !== null) {
    root = root.parent;
  }
  const raw = (root as Command & { rawArgs?: unknown }).rawArgs;
  if (!Array.isArray(raw)) {
    return 0;
  }
  const dash = raw.indexOf('--');
  return dash === -1 ? 0 : raw.length - dash - 1;
}

/** The parameters as a JSON array. `afterDash` of the `values` came after `--`. */
export function parseParams(values: readonly string[], afterDash: number, cwd: string): unknown[] {
  if (afterDash > 0) {
    if (values.length > afterDash) {
      throw new UsageError(
        `pass the parameters either as one JSON array or as values after --, not both (got ${values.length - afterDash} before --)`,
        { hint: EXAMPLES },
      );
    }
    return values.map((value, index) => parseJsonArgument(value, `parameter ${index + 1}`, cwd));
  }
  if (values.length === 0) {
    return [];
  }
  if (values.length > 1) {
    throw new UsageError(`got ${values.length} parameter arguments; several values go after --`, { hint: EXAMPLES });
  }
  const params = parseJsonArgument(values[0] as string, 'the parameter array', cwd);
  if (!Array.isArray(params)) {
    throw new UsageError(`the parameters must be a JSON array, got ${JSON.stringify(params)}`, { hint: EXAMPLES });
  }
  return params;
}

/** One JSON value given as text or as `@file`; `what` names it in errors. */
export function parseJsonArgument(text: string, what: string, cwd: string): unknown {
  const fromFile = text.startsWith('@');
  const source = fromFile ? readParamsFile(text.slice(1), cwd) : text;
  try {
    return JSON.parse(source) as unknown;
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${what}${fromFile ? ` (${text})` : ''} is not valid JSON: ${detail}`, {
      hint: fromFile ? 'the file must hold one JSON value' : `strings need JSON quotes, e.g. '"text"'`,
    });
  }
}

function readParamsFile(path: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (error: unknown) {
    throw new UserError(
      ErrorCode.io,
      `cannot read the parameters file ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
