/**
 * The state of an execution (one row, derived from its event log and responses).
 *
 * {@link PendingState} is where the execution is in its life; two flags sit on
 * top of it: `paused` (set by `paused`, cleared by `unpaused`; a paused execution
 * is never locked) and `cancelRequested` (set by `cancel-requested`; the executor
 * acts on it). The API shows one {@link SummaryState}.
 */
import type { ExecutionId, ExecutorId, RunId } from './ids.js';
import type { JoinSetId } from './join-set-id.js';
import type { FinishedResult } from './results.js';

export type PendingState =
  /** Waiting to be locked once `scheduledAt` has come. */
  | { readonly type: 'pending-at'; readonly scheduledAt: number }
  /** Being run by `executorId` in run `runId` until `lockExpiresAt` (extended while alive). */
  | { readonly type: 'locked'; readonly executorId: ExecutorId; readonly runId: RunId; readonly lockExpiresAt: number }
  /** A workflow waiting for a response in `joinSetId` (`closing`: while closing the join set). */
  | { readonly type: 'blocked-by-join-set'; readonly joinSetId: JoinSetId; readonly closing: boolean }
  /** Done. */
  | { readonly type: 'finished'; readonly finishedAt: number; readonly result: FinishedResult };

export type PendingStateType = PendingState['type'];

/** The one-word state of an execution shown by the API and CLI. */
export const SummaryState = {
  pending: 'pending',
  locked: 'locked',
  blocked: 'blocked',
  paused: 'paused',
  cancelling: 'cancelling',
  finished: 'finished',
} as const;
export type SummaryState = (typeof SummaryState)[keyof typeof SummaryState];

/** Every {@link SummaryState}, for validation. */
export const SUMMARY_STATES: readonly SummaryState[] = Object.values(SummaryState);

/** Where a derived execution came from. */
export interface ParentRef {
  readonly executionId: ExecutionId;
  readonly joinSetId: JoinSetId;
}

/**
 * The summary state; precedence: finished, then cancelling (cancel requested),
 * then paused, then locked / blocked / pending.
 */
export function summaryStateOf(
  state: PendingState,
  flags: { readonly paused: boolean; readonly cancelRequested: boolean },
): SummaryState {
  if (state.type === 'finished') {
    return SummaryState.finished;
  }
  if (flags.cancelRequested) {
    return SummaryState.cancelling;
  }
  if (flags.paused) {
    return SummaryState.paused;
  }
  switch (state.type) {
    case 'locked':
      return SummaryState.locked;
    case 'blocked-by-join-set':
      return SummaryState.blocked;
    case 'pending-at':
      return SummaryState.pending;
  }
}
