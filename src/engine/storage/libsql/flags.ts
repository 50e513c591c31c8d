/** Pause / unpause, cancellation requests and stub results from the API. */
import { InvalidState, NotFound, type ExecutionId, type FinishedResult } from '../../concepts/index.js';
import type { CancelOutcome } from '../types.js';
import { appendTo, stubTarget, type AppendInput } from './append.js';
import { loadExecution } from './rows.js';
import type { Tx } from './tx.js';

/** `pause` (see `ApiStore`). */
export function pause(tx: Tx, executionId: ExecutionId, now: number): number {
  const execution = loadExecution(tx.db, executionId);
  const { row } = execution;
  if (row.state.type === 'finished') {
    throw new InvalidState(`cannot pause ${executionId}: it is finished`);
  }
  if (row.paused) {
    return row.version;
  }
  const inputs: AppendInput[] =
    row.state.type === 'locked'
      ? [{ type: 'unlocked', reason: 'paused', backoffUntil: now }, { type: 'paused' }]
      : [{ type: 'paused' }];
  return appendTo(tx, execution, inputs, now).row.version;
}

/** `unpause` (see `ApiStore`). */
export function unpause(tx: Tx, executionId: ExecutionId, now: number): number {
  const execution = loadExecution(tx.db, executionId);
  if (!execution.row.paused) {
    return execution.row.version;
  }
  return appendTo(tx, execution, [{ type: 'unpaused' }], now).row.version;
}

/** `requestCancel` (see `ApiStore`). */
export function requestCancel(tx: Tx, executionId: ExecutionId, now: number): CancelOutcome {
  const execution = loadExecution(tx.db, executionId);
  if (execution.row.state.type === 'finished') {
    return 'already-finished';
  }
  if (execution.row.cancelRequested) {
    return 'already-requested';
  }
  appendTo(tx, execution, [{ type: 'cancel-requested' }], now);
  return 'requested';
}

/** `stub` (see `ApiStore`). */
export function stub(tx: Tx, executionId: ExecutionId, result: FinishedResult, now: number): 'ok' | 'conflict' {
  const outcome = stubTarget(tx, executionId, result, now);
  if (outcome === 'not-found') {
    throw new NotFound('execution', executionId);
  }
  return outcome;
}
