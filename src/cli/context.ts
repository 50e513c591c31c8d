/**
 * Global CLI options (`--json`, `--no-color`, `--verbose`), their environment
 * twins, and the output streams a command writes to.
 */
import type { Command } from 'commander';

export interface GlobalOptions {
  /** Print machine-readable JSON on stdout. Env: `OBELISK_JSON=1`. */
  readonly json: boolean;
  /** Colour human output. Off with `--no-color`, `OBELISK_NO_COLOR=1`, `NO_COLOR`, or a non-TTY. */
  readonly color: boolean;
  /** Print causes and stack traces. Env: `OBELISK_VERBOSE=1`. */
  readonly verbose: boolean;
}

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface CommandContext extends GlobalOptions {
  readonly io: CliIo;
  /** Write a result line (or any text) to stdout. */
  out(text: string): void;
  /** Write a diagnostic / progress line to stderr. */
  err(text: string): void;
  /** Write a value as one line of JSON to stdout. */
  outJson(value: unknown): void;
  /** Write a command's result: as one line of JSON under `--json`, else the text `text` makes of it. */
  outResult<T>(value: T, text: (value: T) => string): void;
}

export function envFlag(value: string | undefined): boolean {
  if (value === undefined) {
    return false;
  }
  const normalized = value.trim().toLowerCase();
  return normalized !== '' && normalized !== '0' && normalized !== 'false' && normalized !== 'no';
}

interface RawGlobals {
  readonly json?: boolean | undefined;
  readonly color?: boolean | undefined;
  readonly verbose?: boolean | undefined;
}

export function resolveGlobalOptions(raw: RawGlobals, io: Pick<CliIo, 'env' | 'stdout'>): GlobalOptions {
  const env = io.env;
  const noColorEnv = envFlag(env['OBELISK_NO_COLOR']) || env['NO_COLOR'] !== undefined;
  return {
    json: raw.json === true || envFlag(env['OBELISK_JSON']),
    color: raw.color !== false && !noColorEnv && io.stdout.isTTY === true,
    verbose: raw.verbose === true || envFlag(env['OBELISK_VERBOSE']),
  };
}

/** Reads the global options visible from a (sub)command, applying env twins. */
export function globalsFrom(command: Command, io: CliIo): GlobalOptions {
  return resolveGlobalOptions(command.optsWithGlobals<RawGlobals>(), io);
}

export function createContext(globals: GlobalOptions, io: CliIo): CommandContext {
  const line = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);
  const out = (text: string): void => void io.stdout.write(line(text));
  const outJson = (value: unknown): void => void io.stdout.write(`${JSON.stringify(value)}\n`);
  return {
    ...globals,
    io,
    out,
    err: (text) => void io.stderr.write(line(text)),
    outJson,
    outResult: (value, text) => (globals.json ? outJson(value) : out(text(value))),
  };
}

/**
 * A command action that starts from the command's output context: `run` gets it before the
 * command's arguments, and the command as `this`.
 */
export function withContext<A extends unknown[], R>(
  io: CliIo,
  run: (this: Command, ctx: CommandContext, ...args: A) => R,
): (this: Command, ...args: A) => R {
  return function (this: Command, ...args: A): R {
    return run.call(this, createContext(globalsFrom(this, io), io), ...args);
  };
}
