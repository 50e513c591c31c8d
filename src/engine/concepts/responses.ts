/**
 * Join-set responses: a child finished, or a delay fired / was cancelled. Stored
 * per parent execution apart from its event log, with a cursor that increases by
 * one per response (0, 1, 2, ...), written in the same transaction as the
 * child's `finished` event (or the delay's firing / cancellation).
 */
import type { DelayId, ExecutionId } from './ids.js';
import type { JoinSetId } from './join-set-id.js';
import type { FinishedResult } from './results.js';

export type JoinSetResponse =
  | {
      readonly type: 'child-finished';
      readonly childExecutionId: ExecutionId;
      /** The version of the child's `finished` event. */
      readonly finishedVersion: number;
      readonly result: FinishedResult;
    }
  | { readonly type: 'delay-finished'; readonly delayId: DelayId; readonly outcome: 'fired' | 'cancelled' };

export interface JoinSetResponseRecord {
  /** The parent execution the response was delivered to. */
  readonly executionId: ExecutionId;
  readonly cursor: number;
  readonly joinSetId: JoinSetId;
  readonly createdAt: number;
  readonly response: JoinSetResponse;
}
