/**
 * The one base of obelisk's coded errors. Every error a user may see (engine, configuration,
 * CLI, API client, OCI) extends {@link CodedError}: a stable string `code`, a message, an optional
 * hint, whether the user can fix it, and the CLI's exit status. The CLI prints any coded error as
 * `error: <message>` and `hint: <hint>`; only an uncoded throw is reported as a bug in obelisk.
 *
 * This file imports nothing, so every layer may import it (eslint.config.js allows it next to
 * the engine's public API). The WIT library (`src/wit`, pure by rule) keeps its errors
 * shape-compatible instead: a lower-case `code` and a message.
 */

export interface CodedErrorOptions {
  readonly hint?: string | undefined;
  readonly cause?: unknown;
}

/** The JSON shape of a coded error (`--json`, the API's error body). */
export interface CodedErrorJson {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

/** Base class of every coded, user-facing error. */
export abstract class CodedError extends Error {
  /** Stable, lower-case words joined by `-` (`not-found`, `config-invalid`); documented for scripts. */
  abstract readonly code: string;
  /** What to do about it, when there is something useful to say. */
  readonly hint: string | undefined;
  /**
   * True when the user can fix it (input, configuration, files, the command line); false for
   * faults outside the user's hands that obelisk still reports clearly (a storage outage).
   */
  readonly userFixable: boolean = true;
  /** The CLI's exit status: 1, or 2 when the command line itself is malformed. */
  readonly exitCode: 1 | 2 = 1;

  constructor(message: string, options: CodedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }

  toJSON(): CodedErrorJson {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

/** True for a {@link CodedError}. */
export function isCodedError(error: unknown): error is CodedError {
  return error instanceof CodedError;
}
