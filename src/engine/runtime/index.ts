/**
 * The WASM runtime for activities: components are transpiled with jco once per content digest
 * into an on-disk codegen cache, their core modules compiled once per process, and attempts run
 * on a bounded pool of worker threads, each in a fresh instance with sandboxed WASI (no preopens,
 * only the configured env vars, captured stdout/stderr, outgoing HTTP only to `allowed_hosts`).
 *
 * Start with {@link createActivityRuntime}: `load(bytes)` then `runAttempt({...})`.
 */
export {
  createActivityRuntime,
  type ActivityRuntime,
  type ActivityRuntimeOptions,
  type AttemptOptions,
  type LoadedActivity,
  type RuntimeLogEntry,
  type RuntimeLogger,
} from './activity-runtime.js';
export {
  describeDenial,
  isRequestAllowed,
  parseHostPattern,
  validateAllowedHosts,
  type AllowedHost,
  type RequestTarget,
} from './allowed-hosts.js';
export { CODEGEN_FORMAT_VERSION, ensureCodegen, type CodegenEntry } from './codegen-cache.js';
export { contentDigest, isContentDigest, type ContentDigest } from './digest.js';
export { ActivityRuntimeError, RuntimeErrorCode } from './errors.js';
export type {
  AttemptOutcome,
  CancelledOutcome,
  ErrOutcome,
  FinishedOutcome,
  OkOutcome,
  TimeoutOutcome,
  TrapOutcome,
} from './outcome.js';
export type { OutputStreamName } from './output-sink.js';
export type { PoolStats } from './pool.js';
