/**
 * While an attempt runs, its lock is extended every `lockExpiry / 2`, so an expired
 * lock means a dead executor. A failed extension tells the attempt what happened:
 * cancelled, or the lock was lost (paused, or expired and taken over). A storage fault is
 * counted (see {@link StorageFaults}) and the extension tried again at the next interval.
 */
import { VersionConflict, InvalidState, type Clock } from '../concepts/index.js';
import type { ExecutorStore, LockedExecution } from '../storage/index.js';
import type { EngineLogger } from './logger.js';
import { StorageFaults } from './storage-faults.js';
import { AbortReason, type VersionView } from './worker.js';

export interface KeepAliveOptions {
  readonly store: ExecutorStore;
  readonly clock: Clock;
  readonly lockExpiryMs: number;
  readonly logger: EngineLogger;
  readonly faults: StorageFaults;
}

/**
 * Extends the lock until `done` aborts; aborts `attempt` with the reason when the lock cannot be
 * kept. It reads the attempt's version and never writes it (the worker owns it, see `VersionBox`).
 */
export async function keepLockAlive(
  locked: LockedExecution,
  version: VersionView,
  attempt: AbortController,
  done: AbortSignal,
  options: KeepAliveOptions,
): Promise<void> {
  const interval = Math.max(1, Math.floor(options.lockExpiryMs / 2));
  for (;;) {
    try {
      await options.clock.sleep(interval, done);
    } catch {
      return;
    }
    let reason: AbortReason | null;
    try {
      reason = await extendOnce(locked, version, options);
    } catch (error: unknown) {
      if (!StorageFaults.is(error)) {
        options.logger.warn('could not extend a lock; will try again', {
          executionId: locked.executionId,
          error: String(error),
        });
      } else {
        options.faults.fault(error, 'extending a lock');
      }
      reason = null;
    }
    if (reason !== null) {
      if (!done.aborted) {
        attempt.abort(reason);
      }
      return;
    }
  }
}

/** Returns `null` when the lock was extended, or why it could not be. */
async function extendOnce(
  locked: LockedExecution,
  version: VersionView,
  options: KeepAliveOptions,
): Promise<AbortReason | null> {
  /** The newest version of our own run the store showed us (ahead of `version` while the worker's append returns). */
  let stored = 0;
  for (let tries = 0; tries < 3; tries++) {
    const now = options.clock.now();
    try {
      await options.store.extendLock({
        executionId: locked.executionId,
        runId: locked.runId,
        version: Math.max(version.value, stored),
        lockExpiresAt: now + options.lockExpiryMs,
        now,
      });
      return null;
    } catch (error: unknown) {
      if (!(error instanceof VersionConflict) && !(error instanceof InvalidState)) {
        throw error;
      }
    }
    const record = await options.store.getExecution(locked.executionId);
    if (record.cancelRequested) {
      return AbortReason.cancel;
    }
    if (record.state.type !== 'locked' || record.state.runId !== locked.runId) {
      return AbortReason.lockLost;
    }
    // Our own worker appended concurrently: try again at the stored version, leaving the box to the worker.
    stored = record.version;
  }
  return null;
}
