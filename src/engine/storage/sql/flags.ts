/** Pause / unpause, cancellation requests and stub results from the API. */
import { InvalidState, NotFound, type ExecutionId, type FinishedResult } from '../../concepts/index.js';
import type { CancelOutcome } from '../types.js';
import { appendTo, stubTarget, type AppendInput } from './append.js';
import type { Sql } from './query.js';
import { loadExecution } from './rows.js';

/** `pause` (see `ApiStore`). */
export function* pause(executionId: ExecutionId, now: number): Sql<number> {
  const execution = yield* loadExecution(executionId);
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
  return (yield* appendTo(execution, inputs, now)).row.version;
}

/** `unpause` (see `ApiStore`). */
export function* unpause(executionId: ExecutionId, now: number): Sql<number> {
  const execution = yield* loadExecution(executionId);
  if (!execution.row.paused) {
    return execution.row.version;
  }
  return (yield* appendTo(execution, [{ type: 'unpaused' }], now)).row.version;
}

/** `requestCancel` (see `ApiStore`). */
export function* requestCancel(executionId: ExecutionId, now: number): Sql<CancelOutcome> {
  const execution = yield* loadExecution(executionId);
  if (execution.row.state.type === 'finished') {
    return 'already-finished';
  }
  if (execution.row.cancelRequested) {
    return 'already-requested';
  }
  yield* appendTo(execution, [{ type: 'cancel-requested' }], now);
  return 'requested';
}

/** `stub` (see `ApiStore`). */
export function* stub(executionId: ExecutionId, result: FinishedResult, now: number): Sql<'ok' | 'conflict'> {
  const outcome = yield* stubTarget(executionId, result, now);
  if (outcome === 'not-found') {
    throw new NotFound('execution', executionId);
  }
  return outcome;
}
