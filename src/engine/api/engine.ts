/**
 * The engine: components loaded into a registry and their runtimes, one executor per
 * component, a watcher for expired locks and delays, and the operations of the public API
 * (submit, status, results, listing, events, logs, cancel, stub, replay).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import {
  ExecutionId,
  ExecutorId,
  realClock,
  type Clock,
  type ComponentDigest,
  type Ffqn,
  type ExecutionEventRecord,
  type FinishedResult,
  type JoinSetResponseRecord,
  type LogRecord,
} from '../concepts/index.js';
import { ComponentRegistry, type ExportedFunction, type LoadedComponent } from '../components/registry.js';
import { StorageFaults, Watcher, silentLogger, type EngineLogger, type StorageOutage } from '../executor/index.js';
import { createActivityRuntime } from '../runtime/index.js';
import { WorkflowRuntime } from '../runtime/workflow/workflow-runtime.js';
import type { ExecutionPage, ExecutionRecord, ListExecutionsRequest, LogsRequest, Store } from '../storage/index.js';
import { CronScheduler, type CronConfig } from '../cron/scheduler.js';
import { cutoffsAt, purgeFinished, type PurgeReport } from '../retention/purge.js';
import { RetentionSweeper, type RetentionPolicy } from '../retention/sweeper.js';
import {
  defaultThreads,
  type ActivityConfig,
  type StubActivityConfig,
  type WebhookEndpointConfig,
  type WorkflowConfig,
} from './config.js';
import { checkCrons, cronStatuses, type CronStatus } from './cron.js';
import { ComponentSet, type ComponentsSpec, type ReloadReport } from './components.js';
import { pauseExecution } from './pause.js';
import { ServedDigests } from './served.js';
import { replayExecution, type ReplayResult } from './replay.js';
import { stubExecution } from './stub.js';
import { checkSubmitOptions, validateSubmission } from './submit.js';
import {
  orphanedWebhookResult,
  WebhookEndpoints,
  type WebhookEndpointsReport,
  type WebhookRequest,
} from './webhooks.js';

export interface EngineOptions {
  readonly store: Store;
  readonly clock?: Clock | undefined;
  readonly activities?: readonly ActivityConfig[] | undefined;
  readonly stubs?: readonly StubActivityConfig[] | undefined;
  readonly workflows?: readonly WorkflowConfig[] | undefined;
  /** Where transpiled components are cached (by content digest). */
  readonly codegenCacheDir: string;
  /** Worker threads for activity attempts (default: CPU count). */
  readonly maxWorkers?: number | undefined;
  /** Worker threads for workflows: how many can be loaded (hot) at once (default: 2 x CPU count). */
  readonly maxWorkflowThreads?: number | undefined;
  readonly logger?: EngineLogger | undefined;
  /** Lock-expiry and timers watcher. */
  readonly watcher?: { readonly tickSleepMs?: number; readonly leewayMs?: number } | undefined;
  /** How often the cron scheduler re-reads its state at most (default 1 s). */
  readonly cronPollMs?: number | undefined;
  /** `[retention]`: finished executions are purged periodically when set. */
  readonly retention?: RetentionPolicy | undefined;
  /**
   * True when no other process uses the store (`dev` and `server run` hold a libSQL file's lock):
   * the loaded component versions are not announced, and executions of every version are locked
   * here. Default false: other processes may serve other versions (see `LockPendingRequest.servedDigests`).
   */
  readonly exclusiveStore?: boolean | undefined;
}

export interface PurgeRequest {
  /** Trees whose top-level execution finished longer ago than this (ms) go. */
  readonly olderThanMs: number;
  /** Count only. */
  readonly dryRun?: boolean | undefined;
}

export interface SubmitOptions {
  /** Client-chosen ID: submitting the same ID with the same parameters again is a no-op. */
  readonly executionId?: string | undefined;
  readonly queue?: string | undefined;
  /** When it may start (default: now). */
  readonly scheduledAt?: number | undefined;
  /** Create it paused: it is not locked until {@link Engine.unpause}. */
  readonly paused?: boolean | undefined;
}

export interface AwaitOptions {
  /** How long to wait at most (default: no limit). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface Submitted {
  readonly executionId: ExecutionId;
  /** The full name of the submitted function (what a short name given to `submit` resolved to). */
  readonly ffqn: Ffqn;
  /** False when the same ID was already submitted with the same parameters. */
  readonly created: boolean;
}

export interface EngineStats {
  /** Workflow instances created so far (each run of a workflow instantiates it once). */
  readonly workflowInstantiations: number;
  /** Replaced or removed component versions still loaded because some of their executions are unfinished. */
  readonly retiredVersions: number;
  /** The storage outage in progress (writes fail; executions wait for it to end), or `null`. */
  readonly storageOutage: StorageOutage | null;
}

export interface Engine {
  /** Starts the executors and the watcher. */
  start(): void;
  /** Graceful: stops locking and lets running attempts finish or time out, then closes the runtimes. */
  stop(graceMs?: number): Promise<void>;
  /** Validates `params` (a JSON array) against the function's WIT signature and creates the execution. */
  submit(ffqn: string, params: unknown, options?: SubmitOptions): Promise<Submitted>;
  getStatus(executionId: string): Promise<ExecutionRecord>;
  /**
   * Waits until the execution finishes or `timeoutMs` passes, then reads it once: the record as
   * it is then (finished or not).
   */
  awaitStatus(executionId: string, options?: AwaitOptions): Promise<ExecutionRecord>;
  /** Waits until the execution finishes; `null` when `timeoutMs` passes first. */
  awaitResult(executionId: string, options?: AwaitOptions): Promise<FinishedResult | null>;
  listExecutions(request?: ListExecutionsRequest): Promise<ExecutionPage>;
  getEvents(executionId: string): Promise<readonly ExecutionEventRecord[]>;
  getResponses(executionId: string): Promise<readonly JoinSetResponseRecord[]>;
  getLogs(request: LogsRequest): Promise<readonly LogRecord[]>;
  /** Requests cancellation: a running attempt is stopped; the execution finishes `cancelled`. */
  cancel(executionId: string): Promise<'cancelled' | 'requested' | 'already-finished'>;
  /**
   * Pauses: a paused execution is not locked until unpaused. A running attempt of it is stopped
   * (nothing it did after its last write is kept) and it runs again from there once unpaused.
   * Its children are not paused. Throws `InvalidState` when it is finished; a no-op when already paused.
   */
  pause(executionId: string): Promise<ExecutionRecord>;
  /** Unpauses (a no-op when not paused): it can be locked again when its scheduled time comes. */
  unpause(executionId: string): Promise<ExecutionRecord>;
  /**
   * Writes the result of a stub activity's execution: `{"ok": v}` or `{"err": e}`, checked against its
   * return type. `ok` also when the same result was already written; `conflict` for a different one.
   */
  stub(executionId: string, result: unknown): Promise<'ok' | 'conflict'>;
  /** Re-runs a workflow execution against its log (or against `component` bytes) without writing anything. */
  replay(executionId: string, component?: Uint8Array): Promise<ReplayResult>;
  /** Every function that can be submitted. */
  functions(): readonly ExportedFunction[];
  /** Steps every executor and the watcher once at `now` (for tests under `SimClock`). */
  tick(now?: number): Promise<{ readonly locked: number; readonly done: Promise<void> }>;
  stats(): EngineStats;
  /**
   * Replaces the cron entries. Each is checked (schedule, time zone, function loaded, parameters
   * against its signature); invalid ones are returned and not scheduled. Call it again after a
   * reload that changes the functions.
   */
  setCrons(crons: readonly CronConfig[]): readonly { readonly name: string; readonly error: Error }[];
  /** The scheduled cron entries with their next and last firing. */
  cronList(): Promise<readonly CronStatus[]>;
  /**
   * Deletes finished top-level executions older than `olderThanMs` with everything they own
   * (children, events, responses, delays, logs), in bounded transactions; never an unfinished
   * execution or a tree holding one. Returns what was (in a dry run: would be) deleted.
   */
  purge(request: PurgeRequest): Promise<PurgeReport>;
  /**
   * Brings the components to `spec` while running: unchanged ones are kept, changed ones load as
   * a new version (running executions keep theirs), missing ones stop taking new work. A component
   * that fails to load is reported and does not affect the others. A replaced or removed version is
   * unloaded once none of its executions is unfinished (checked every second, and at every `tick`).
   */
  reload(spec: ComponentsSpec): Promise<ReloadReport>;
  /** The loaded components, every version still loaded (a read-only view). */
  components(): readonly LoadedComponent[];
  /** The loaded component with this content digest (`sha256:<hex>`), if any. */
  component(digest: string): LoadedComponent | undefined;
  /**
   * Replaces the webhook endpoints: new or changed ones are loaded (each must export
   * `wasi:http/incoming-handler@0.2.x`), missing ones closed. Failures are reported, not thrown.
   */
  setWebhookEndpoints(configs: readonly WebhookEndpointConfig[]): Promise<WebhookEndpointsReport>;
  /**
   * Runs one routed HTTP request on webhook endpoint `name` as a new execution, answering `res`
   * (with the execution's ID in the `obelisk-execution-id` header). Resolves once it is recorded.
   */
  serveWebhook(name: string, request: WebhookRequest, req: IncomingMessage, res: ServerResponse): Promise<ExecutionId>;
  readonly clock: Clock;
}

/** Loads every component and builds (but does not start) the engine. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? silentLogger;
  const store = options.store;
  const registry = new ComponentRegistry();
  const activityRuntime = createActivityRuntime({
    cacheDir: options.codegenCacheDir,
    poolSize: options.maxWorkers ?? defaultThreads(availableParallelism()),
    log: (entry) => logger[entry.level](entry.message, entry.fields),
  });
  const workflowRuntime = new WorkflowRuntime({
    cacheDir: options.codegenCacheDir,
    maxThreads: options.maxWorkflowThreads ?? defaultThreads(availableParallelism()),
    store,
    logger,
  });
  const faults = new StorageFaults(logger, clock);
  const executorId = ExecutorId.generate(clock);
  const componentSet = new ComponentSet({
    registry,
    activityRuntime,
    workflowRuntime,
    store,
    clock,
    logger,
    faults,
    executorId,
    exclusiveStore: options.exclusiveStore ?? false,
  });
  const served = new ServedDigests({ store, clock, logger, processId: executorId, digests: () => registry.digests() });
  try {
    await componentSet.apply(
      { activities: options.activities, stubs: options.stubs, workflows: options.workflows },
      false,
    );
  } catch (error: unknown) {
    await Promise.all([activityRuntime.close(0), workflowRuntime.close()]);
    throw error;
  }
  const crons = new CronScheduler({
    store,
    clock,
    logger,
    pollMs: options.cronPollMs,
    submit: (ffqn, params, at) => engine.submit(ffqn, params, at),
  });
  const retention =
    options.retention === undefined ? null : new RetentionSweeper({ store, clock, logger, policy: options.retention });
  const webhooks = new WebhookEndpoints({
    store,
    clock,
    logger,
    cacheDir: options.codegenCacheDir,
    registry,
    reads: {
      getStatus: (executionId) => engine.getStatus(executionId),
      awaitStatus: (executionId, awaitOptions) => engine.awaitStatus(executionId, awaitOptions),
    },
  });
  const watcher = new Watcher({
    store,
    clock,
    tickSleepMs: options.watcher?.tickSleepMs ?? 100,
    leewayMs: options.watcher?.leewayMs ?? 500,
    logger,
    faults,
    heldHere: (executionId) =>
      webhooks.serving(executionId) || componentSet.executors().some((executor) => executor.holds(executionId)),
    orphaned: (lock) => orphanedWebhookResult(lock.ffqn),
  });

  /** What a read returned, once everything written before it is on disk (see `ApiStore.settled`). */
  const durable = async <T>(read: Promise<T>): Promise<T> => {
    const value = await read;
    await store.settled();
    return value;
  };
  const engine: Engine = {
    clock,
    components: () => registry.components(),
    component: (digest) => registry.component(digest as ComponentDigest),
    start() {
      if (options.exclusiveStore !== true) {
        served.start();
      }
      componentSet.start();
      watcher.start();
      crons.start();
      retention?.start();
    },
    async stop(graceMs = 10_000) {
      await crons.stop();
      await retention?.stop();
      await watcher.stop();
      await webhooks.close();
      await componentSet.stop(graceMs);
      await served.stop();
      await Promise.all([activityRuntime.close(0), workflowRuntime.close()]);
    },
    setWebhookEndpoints: (configs) => webhooks.apply(configs),
    serveWebhook: (name, request, req, res) => webhooks.serve(name, request, req, res),
    async reload(spec) {
      const report = await componentSet.apply(spec, true);
      // Other processes learn of a new version now, not at the next renewal.
      await served.announce().catch(() => undefined);
      return report;
    },
    async submit(ffqn, params, submitOptions = {}) {
      checkSubmitOptions(submitOptions);
      const { fn, params: canonical } = validateSubmission(registry, ffqn, params);
      const now = clock.now();
      const executionId =
        submitOptions.executionId === undefined
          ? ExecutionId.generate(clock)
          : ExecutionId.parse(submitOptions.executionId);
      const result = await store.createExecution({
        executionId,
        ffqn: fn.ffqn,
        params: canonical,
        componentDigest: fn.component.digest,
        scheduledAt: submitOptions.scheduledAt ?? now,
        queue: submitOptions.queue,
        paused: submitOptions.paused,
        seed: fn.component.kind === 'workflow' ? executionId : null,
        now,
      });
      return { executionId, ffqn: fn.ffqn, created: result.created };
    },
    getStatus: (executionId) => durable(store.getExecution(ExecutionId.parse(executionId))),
    async awaitStatus(executionId, awaitOptions = {}) {
      const id = ExecutionId.parse(executionId);
      await store.waitForFinished(id, awaitOptions.timeoutMs ?? Number.MAX_SAFE_INTEGER, awaitOptions.signal);
      return durable(store.getExecution(id));
    },
    async awaitResult(executionId, awaitOptions = {}) {
      const id = ExecutionId.parse(executionId);
      const finished = await store.waitForFinished(
        id,
        awaitOptions.timeoutMs ?? Number.MAX_SAFE_INTEGER,
        awaitOptions.signal,
      );
      const record = finished ? await durable(store.getExecution(id)) : null;
      return record?.state.type === 'finished' ? record.state.result : null;
    },
    listExecutions: (request = {}) => durable(store.listExecutions(request)),
    getEvents: (executionId) => durable(store.getEvents(ExecutionId.parse(executionId))),
    getResponses: (executionId) => durable(store.getResponses(ExecutionId.parse(executionId))),
    getLogs: (request) => durable(store.getLogs(request)),
    cancel: (executionId) => componentSet.cancel(ExecutionId.parse(executionId)),
    pause: (executionId) =>
      pauseExecution({ store, clock, executors: componentSet.executors() }, ExecutionId.parse(executionId), true),
    unpause: (executionId) =>
      pauseExecution({ store, clock, executors: componentSet.executors() }, ExecutionId.parse(executionId), false),
    stub: (executionId, result) => stubExecution({ store, clock, registry }, ExecutionId.parse(executionId), result),
    replay: (executionId, component) =>
      replayExecution({ store, registry, workflowRuntime }, ExecutionId.parse(executionId), component),
    functions: () => registry.functions(),
    async tick(now = clock.now()) {
      const ticks = await Promise.all(componentSet.executors().map((executor) => executor.tick(now)));
      await watcher.tick(now);
      await crons.tick(now);
      if (componentSet.retiredCount > 0) {
        await componentSet.sweep();
      }
      return {
        locked: ticks.reduce((n, t) => n + t.locked.length, 0),
        done: Promise.all(ticks.map((t) => t.done)).then(() => undefined),
      };
    },
    stats: () => ({
      workflowInstantiations: workflowRuntime.instantiations,
      retiredVersions: componentSet.retiredCount,
      storageOutage: faults.outage,
    }),
    setCrons(configs) {
      const { entries, problems } = checkCrons(registry, configs);
      crons.setEntries(entries);
      return problems;
    },
    cronList: () => cronStatuses(crons, store, clock.now()),
    purge: (request) =>
      purgeFinished(store, cutoffsAt(clock.now(), { finishedOlderThanMs: request.olderThanMs }), {
        dryRun: request.dryRun,
        batchSize: options.retention?.batchSize,
      }),
  };
  return engine;
}
