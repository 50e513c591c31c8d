/**
 * Errors the CLI layer understands. Everything a command throws ends up in
 * `src/main.ts`, which maps it to an exit code (the one exit point):
 *
 * - any {@link CodedError} (engine, configuration, API client, OCI, and {@link UserError}): a
 *   message with its hint. Exit {@link CodedError.exitCode} (1).
 * - {@link UsageError}: the command line itself is wrong. Exit 2.
 * - {@link InternalError} (and anything uncoded): a bug in obelisk. Exit 1,
 *   with a "this is a bug" message and the stack under `--verbose`.
 */
import { CodedError, type CodedErrorJson } from '../engine/concepts/coded-error.js';

export { CodedError };

/** Stable error codes, shown in `--json` output and documented for scripts. */
export const ErrorCode = {
  usage: 'usage',
  notFound: 'not-found',
  invalidInput: 'invalid-input',
  io: 'io',
  conflict: 'conflict',
  unavailable: 'unavailable',
  failed: 'failed',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorOptions {
  readonly hint?: string | undefined;
  readonly cause?: unknown;
}

/** The JSON shape every CLI error serialises to under `--json`. */
export type ErrorJson = CodedErrorJson;

/** A problem the user can fix, raised by the CLI's own layers; carries a stable code and an optional hint. */
export class UserError extends CodedError {
  override name = 'UserError';
  readonly code: string;

  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(message, options);
    this.code = code;
  }
}

/** The command line is malformed (unknown flag, missing argument). Exit 2. */
export class UsageError extends UserError {
  override name = 'UsageError';
  override readonly exitCode: 1 | 2 = 2;

  constructor(message: string, options: ErrorOptions = {}) {
    super(ErrorCode.usage, message, options);
  }
}

/** A broken invariant inside obelisk: always a bug worth reporting. */
export class InternalError extends Error {
  override name = 'InternalError';
  readonly code = ErrorCode.internal;

  constructor(message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  toJSON(): ErrorJson {
    return { code: this.code, message: this.message };
  }
}

/** A command that ran correctly but whose outcome is a failure (exit 1, nothing more to print). */
export class ExitFailure extends Error {
  override name = 'ExitFailure';
  readonly exitCode = 1;

  constructor(message = 'command failed') {
    super(message);
  }
}
