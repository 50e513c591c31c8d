/** What every lock writes and returns: its `locked` event, and the execution as its executor gets it. */
import type { JsonValue, LockedEvent } from '../../concepts/index.js';
import type { ExecutionRow } from '../row-codec.js';
import type { RowState } from '../state-machine.js';
import type { ChildLock, LockedExecution } from '../types.js';

/** The `locked` event of `lock` (a `lockPending` request or a child's lock). */
export function lockedEvent(lock: ChildLock): LockedEvent {
  return {
    type: 'locked',
    executorId: lock.executorId,
    runId: lock.runId,
    lockExpiresAt: lock.lockExpiresAt,
    retry: lock.retry ?? null,
  };
}

/** The locked execution handed to the executor that holds `lock`; `row` is its row after the `locked` event. */
export function lockedExecution(
  execution: ExecutionRow,
  params: readonly JsonValue[],
  row: RowState,
  lock: ChildLock,
  history?: LockedExecution['history'],
): LockedExecution {
  return {
    executionId: execution.executionId,
    ffqn: execution.ffqn,
    params,
    version: row.version,
    componentDigest: execution.componentDigest,
    queue: execution.queue,
    parent: execution.parent,
    topmostParentId: execution.topmostParentId,
    intermittentFailures: row.intermittentFailures,
    seed: execution.seed,
    createdAt: execution.createdAt,
    executorId: lock.executorId,
    runId: lock.runId,
    lockExpiresAt: lock.lockExpiresAt,
    cancelRequested: row.cancelRequested,
    history,
  };
}
