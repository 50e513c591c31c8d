/**
 * The base of the WIT library's errors. `src/wit` imports nothing else from `src/` (it is published
 * as `obelisk/wit`), so instead of extending obelisk's `CodedError` its errors keep that shape: a
 * stable lower-case `code`, documented for scripts, and a message.
 */

/** An error of the WIT library with its stable `code`. */
export abstract class CodedWitError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
