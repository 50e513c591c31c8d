/**
 * Pausing and unpausing an execution. A paused execution is never locked; pausing a locked one
 * unlocks it in the store (its running attempt can no longer write) and stops the attempt if it
 * runs in this process. Children of a paused workflow are separate executions and keep running.
 */
import type { Clock, ExecutionId } from '../concepts/index.js';
import { AbortReason, type Executor } from '../executor/index.js';
import type { ExecutionRecord, Store } from '../storage/index.js';

export interface PauseDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly executors: readonly Executor[];
}

/** Sets (`paused: true`) or clears the paused flag and returns the execution as it is now. */
export async function pauseExecution(deps: PauseDeps, id: ExecutionId, paused: boolean): Promise<ExecutionRecord> {
  const { store, clock, executors } = deps;
  if (paused) {
    await store.pause(id, clock.now());
    for (const executor of executors) {
      executor.abortAttempt(id, AbortReason.lockLost);
    }
  } else {
    await store.unpause(id, clock.now());
  }
  return store.getExecution(id);
}
