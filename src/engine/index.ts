/**
 * The obelisk engine: durable executions of WebAssembly components.
 *
 * Activities are components whose exported functions do side effects; the engine
 * runs each execution in a sandboxed, pooled worker thread and retries it (traps,
 * returned `err`s, timeouts) with exponential backoff until it succeeds or runs out
 * of retries. Workflows are deterministic components that orchestrate activities and
 * other workflows in join sets; every decision they take is recorded in their event
 * log, and a run is replayed from it after a crash, a restart or an unload. Stub
 * activities are WIT-only functions whose results are written from outside. Every step
 * is recorded in a store (libSQL by default), so a crashed process loses nothing:
 * another one picks the executions up where they were.
 *
 * This file is the engine's public API; the CLI, the server and the TUI import the
 * engine only from here.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { createEngine, openLibsqlStore } from './engine/index.js';
 *
 * const store = await openLibsqlStore({ path: 'obelisk.sqlite' });
 * const engine = await createEngine({
 *   store,
 *   codegenCacheDir: '.cache/codegen',
 *   activities: [{ name: 'fibo', bytes: await readFile('fibo.wasm'), maxRetries: 3 }],
 * });
 * engine.start();
 * const { executionId } = await engine.submit('testing:fibo/fibo.fibo', [10]);
 * const result = await engine.awaitResult(executionId); // { kind: 'ok', value: 55 }
 * await engine.stop();
 * await store.close();
 * ```
 */
export * from './concepts/index.js';
export * from './storage/index.js';
export * from './storage/libsql/index.js';
export * from './storage/postgres/index.js';
export {
  createEngine,
  type Engine,
  type EngineOptions,
  type EngineStats,
  type SubmitOptions,
  type AwaitOptions,
  type Submitted,
  type PurgeRequest,
} from './api/engine.js';
export {
  ACTIVITY_DEFAULTS,
  DEFAULT_EXEC,
  defaultThreads,
  WORKFLOW_DEFAULTS,
  type ActivityConfig,
  type ExecConfig,
  type StubActivityConfig,
  type WebhookEndpointConfig,
  type WorkflowConfig,
} from './api/config.js';
export { webhookFfqn, type WebhookEndpointsReport, type WebhookRequest } from './api/webhooks.js';
export type { ReplayResult } from './api/replay.js';
export type { CronStatus } from './api/cron.js';
export type { CronConfig } from './cron/scheduler.js';
export type { PurgeReport, RetentionAges } from './retention/purge.js';
export type { RetentionPolicy } from './retention/sweeper.js';
export { CatchUp, cronExecutionId } from './cron/catch-up.js';
export { createSchedule, type Schedule, type ScheduleSpec } from './cron/schedule.js';
export type { ComponentsSpec, ReloadReport } from './api/components.js';
export type { NondeterminismReport } from './runtime/workflow/errors.js';
export {
  ComponentKind,
  ComponentLoadError,
  type ExportedFunction,
  type LoadedComponent,
} from './components/registry.js';
export type { EngineLogger, StorageOutage } from './executor/index.js';
export { contentDigest, parseHostPattern, type AllowedHost } from './runtime/index.js';
