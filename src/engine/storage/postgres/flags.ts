/** Pause / unpause, cancellation requests and stub results from the API. */
import { InvalidState, NotFound, type ExecutionId, type FinishedResult } from '../../concepts/index.js';
import type { CancelOutcome } from '../types.js';
import { appendTo, stubTarget, type AppendInput } from './append.js';
import { loadExecution } from './rows.js';
import type { Tx } from './tx.js';

/** `pause` (see `ApiStore`). */
export async function pause(tx: Tx, executionId: ExecutionId, now: number): Promise<number> {
  const execution = await loadExecution(tx.c, executionId);
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
  return (await appendTo(tx, execution, inputs, now)).row.version;
}

/** `unpause` (see `ApiStore`). */
export async function unpause(tx: Tx, executionId: ExecutionId, now: number): Promise<number> {
  const execution = await loadExecution(tx.c, executionId);
  if (!execution.row.paused) {
    return execution.row.version;
  }
  return (await appendTo(tx, execution, [{ type: 'unpaused' }], now)).row.version;
}

/** `requestCancel` (see `ApiStore`). */
export async function requestCancel(tx: Tx, executionId: ExecutionId, now: number): Promise<CancelOutcome> {
  const execution = await loadExecution(tx.c, executionId);
  if (execution.row.state.type === 'finished') {
    return 'already-finished';
  }
  if (execution.row.cancelRequested) {
    return 'already-requested';
  }
  await appendTo(tx, execution, [{ type: 'cancel-requested' }], now);
  return 'requested';
}

/** `stub` (see `ApiStore`). */
export async function stub(
  tx: Tx,
  executionId: ExecutionId,
  result: FinishedResult,
  now: number,
): Promise<'ok' | 'conflict'> {
  const outcome = await stubTarget(tx, executionId, result, now);
  if (outcome === 'not-found') {
    throw new NotFound('execution', executionId);
  }
  return outcome;
}
