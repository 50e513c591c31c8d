/**
 * Turns what an attempt produced into the store write that records it: finish,
 * or unlock with backoff for a retry (docs/architecture.md, "Executions").
 */
import { FinishedResult, retryAt, type RandomFraction, type RetryConfig, type UnlockEvent } from '../concepts/index.js';
import type { AttemptOutcome } from './worker.js';

/** How failures of a component are retried. */
export interface RetryPolicy {
  readonly retry: RetryConfig;
  /** Activities retry traps; workflows never do (a trap in deterministic code repeats). */
  readonly retryTraps: boolean;
  /** Activities retry returned `err`s (unless permanent); workflows return errors as results. */
  readonly retryErrs: boolean;
  readonly random?: RandomFraction | undefined;
}

export type OutcomeWrite =
  | { readonly type: 'finish'; readonly result: FinishedResult }
  | { readonly type: 'unlock'; readonly event: UnlockEvent }
  | { readonly type: 'none' };

/** The write for a completed attempt. `failures` counts earlier temporary failures. */
export function writeForOutcome(
  outcome: AttemptOutcome,
  failures: number,
  now: number,
  policy: RetryPolicy,
): OutcomeWrite {
  switch (outcome.kind) {
    case 'ok':
      return { type: 'finish', result: FinishedResult.ok(outcome.value) };
    case 'persisted':
      return { type: 'none' };
    case 'err': {
      const retryUntil =
        outcome.permanent || !policy.retryErrs ? null : retryAt(policy.retry, failures + 1, now, policy.random);
      if (retryUntil === null) {
        return { type: 'finish', result: FinishedResult.err(outcome.value) };
      }
      return {
        type: 'unlock',
        event: {
          type: 'temporarily-failed',
          reason: 'returned err',
          detail: JSON.stringify(outcome.value),
          backoffUntil: retryUntil,
        },
      };
    }
    case 'trap': {
      const retryUntil = policy.retryTraps ? retryAt(policy.retry, failures + 1, now, policy.random) : null;
      if (retryUntil === null) {
        return {
          type: 'finish',
          result: FinishedResult.failure('uncategorized', trapDetail(outcome.reason, outcome.detail)),
        };
      }
      return {
        type: 'unlock',
        event: { type: 'temporarily-failed', reason: outcome.reason, detail: outcome.detail, backoffUntil: retryUntil },
      };
    }
  }
}

/** The write for an attempt stopped at its deadline (also used by the lock-expiry watcher). */
export function writeForTimeout(
  failures: number,
  now: number,
  retry: RetryConfig | null,
  random?: RandomFraction,
): OutcomeWrite {
  const retryUntil = retry === null ? null : retryAt(retry, failures + 1, now, random);
  if (retryUntil === null) {
    return { type: 'finish', result: FinishedResult.failure('timed-out') };
  }
  return { type: 'unlock', event: { type: 'temporarily-timed-out', backoffUntil: retryUntil } };
}

function trapDetail(reason: string, detail: string | undefined): string {
  return detail === undefined || detail === '' ? reason : `${reason}\n${detail}`;
}
