/** Applying an {@link OutcomeWrite} to the store, and an abortable sleep for the executor's loops. */
import type { Clock, ExecutionId } from '../concepts/index.js';
import type { ExecutorStore } from '../storage/index.js';
import type { OutcomeWrite } from './outcome.js';

/** Writes an {@link OutcomeWrite}. */
export async function applyWrite(
  store: ExecutorStore,
  executionId: ExecutionId,
  expectedVersion: number,
  write: OutcomeWrite,
  now: number,
): Promise<void> {
  switch (write.type) {
    case 'finish':
      await store.finish(executionId, expectedVersion, write.result, now);
      return;
    case 'unlock':
      await store.unlock(executionId, expectedVersion, write.event, now);
      return;
    case 'none':
      return;
  }
}

/** Sleeps `ms` on `clock`; returns early when `signal` aborts. */
export async function sleepOrAbort(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  try {
    await clock.sleep(ms, signal);
  } catch {
    // stopping
  }
}
