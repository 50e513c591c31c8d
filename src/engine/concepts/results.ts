/** How an execution ended. */
import { jsonEquals, type JsonValue } from './json.js';

/** Why an execution failed without returning a value. */
export const FailureKind = {
  timedOut: 'timed-out',
  nondeterminismDetected: 'nondeterminism-detected',
  cancelled: 'cancelled',
  uncategorized: 'uncategorized',
} as const;
export type FailureKind = (typeof FailureKind)[keyof typeof FailureKind];

/** Every {@link FailureKind}, for validation. */
export const FAILURE_KINDS: readonly FailureKind[] = Object.values(FailureKind);

/**
 * The final result: the function returned `ok(value)` or `err(value)` (JSON encoding
 * of the WIT payload, `null` when there is none), or the engine gave up (`failure`).
 */
export type FinishedResult =
  | { readonly kind: 'ok'; readonly value: JsonValue }
  | { readonly kind: 'err'; readonly value: JsonValue }
  | { readonly kind: 'failure'; readonly failureKind: FailureKind; readonly detail?: string | undefined };

/** The result without details, as shown in execution summaries. */
export type FinishedSummary =
  | { readonly kind: 'ok'; readonly value: JsonValue }
  | { readonly kind: 'err'; readonly value: JsonValue }
  | { readonly kind: 'failure'; readonly failureKind: FailureKind };

/** Builders for {@link FinishedResult}. */
export const FinishedResult = {
  ok: (value: JsonValue): FinishedResult => ({ kind: 'ok', value }),
  err: (value: JsonValue): FinishedResult => ({ kind: 'err', value }),
  failure: (failureKind: FailureKind, detail?: string): FinishedResult =>
    detail === undefined ? { kind: 'failure', failureKind } : { kind: 'failure', failureKind, detail },
  /** Same outcome: same kind and value (failures: same failure kind; details are ignored). */
  equals(a: FinishedResult, b: FinishedResult): boolean {
    if (a.kind === 'failure' || b.kind === 'failure') {
      return a.kind === 'failure' && b.kind === 'failure' && a.failureKind === b.failureKind;
    }
    return a.kind === b.kind && jsonEquals(a.value, b.value);
  },
  /** Drops the failure detail. */
  summary(result: FinishedResult): FinishedSummary {
    return result.kind === 'failure' ? { kind: 'failure', failureKind: result.failureKind } : result;
  },
};
