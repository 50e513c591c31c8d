/** The executor: tick loop, retries, keepalive, watchers; workers behind an interface. */
export { Executor, type ChildClaim, type ExecutorOptions, type TickResult } from './executor.js';
export { applyWrite } from './apply.js';
export { StorageFaults, type StorageOutage } from './storage-faults.js';
export { Watcher, writeForExpiredLock, type WatcherOptions, type WatcherTick } from './watcher.js';
export { writeForOutcome, writeForTimeout, type OutcomeWrite, type RetryPolicy } from './outcome.js';
export { AbortReason, type AttemptContext, type AttemptOutcome, type VersionBox, type Worker } from './worker.js';
export { silentLogger, type EngineLogger } from './logger.js';
