/**
 * Errors raised by the activity runtime itself (not by guests: a guest's failure is an
 * `AttemptOutcome`, never a thrown error). Each carries a stable `code`.
 */

/** Stable codes of {@link ActivityRuntimeError}. */
export const RuntimeErrorCode = {
  /** jco could not transpile the component (invalid or unsupported component). */
  transpileFailed: 'runtime-transpile-failed',
  /** The generated glue did not contain a pattern the post-transpile patch expects. */
  gluePatchFailed: 'runtime-glue-patch-failed',
  /** A codegen cache entry could not be written or read. */
  codegenCacheFailed: 'runtime-codegen-cache-failed',
  /** The built worker script is missing (`npm run build` was not run). */
  workerScriptMissing: 'runtime-worker-script-missing',
  /** A worker thread failed to start. */
  workerStartFailed: 'runtime-worker-start-failed',
  /** `runAttempt` named a digest that was never `load`ed. */
  componentNotLoaded: 'runtime-component-not-loaded',
  /** An `allowed_hosts` pattern is malformed. */
  invalidHostPattern: 'runtime-invalid-host-pattern',
  /** The runtime (or its pool) was closed; the attempt did not run to completion. */
  closed: 'runtime-closed',
} as const;
export type RuntimeErrorCode = (typeof RuntimeErrorCode)[keyof typeof RuntimeErrorCode];

/** An error of the activity runtime, with a stable {@link RuntimeErrorCode} and an optional hint. */
export class ActivityRuntimeError extends Error {
  override name = 'ActivityRuntimeError';
  readonly code: RuntimeErrorCode;
  readonly hint: string | undefined;

  constructor(code: RuntimeErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }

  /** The JSON shape used by `--json` output and the API. */
  toJSON(): { code: string; message: string; hint?: string } {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}
