/**
 * The engine: components loaded into a registry and a runtime, one executor per
 * component, a watcher for expired locks and delays, and the operations of the
 * public API (submit, status, results, listing, events, cancel).
 */
import { availableParallelism } from 'node:os';
import {
  ExecutionId,
  ExecutorId,
  FinishedResult,
  ComponentDigest,
  VersionConflict,
  realClock,
  type Clock,
  type LogRecord,
  type ExecutionEventRecord,
  type ExecutionId as ExecutionIdType,
} from '../concepts/index.js';
import { ComponentKind, ComponentRegistry, loadComponentTypes, type ExportedFunction } from '../components/registry.js';
import { Executor, Watcher, AbortReason, silentLogger, type EngineLogger } from '../executor/index.js';
import { ActivityExecutorWorker } from '../runtime/activity-executor-worker.js';
import { contentDigest, createActivityRuntime, type ActivityRuntime } from '../runtime/index.js';
import type { ExecutionPage, ExecutionRecord, ListExecutionsRequest, LogsRequest, Store } from '../storage/index.js';
import { ACTIVITY_DEFAULTS, DEFAULT_EXEC, type ActivityConfig } from './config.js';
import { validateSubmission } from './submit.js';

export interface EngineOptions {
  readonly store: Store;
  readonly clock?: Clock | undefined;
  readonly activities?: readonly ActivityConfig[] | undefined;
  /** Where transpiled components are cached (by content digest). */
  readonly codegenCacheDir: string;
  /** Worker threads for activity attempts (default: CPU count). */
  readonly maxWorkers?: number | undefined;
  readonly logger?: EngineLogger | undefined;
  /** Lock-expiry and timers watcher. */
  readonly watcher?: { readonly tickSleepMs?: number; readonly leewayMs?: number } | undefined;
}

export interface SubmitOptions {
  /** Client-chosen ID: submitting the same ID with the same parameters again is a no-op. */
  readonly executionId?: string | undefined;
  readonly queue?: string | undefined;
  /** When it may start (default: now). */
  readonly scheduledAt?: number | undefined;
}

export interface Submitted {
  readonly executionId: ExecutionIdType;
  /** False when the same ID was already submitted with the same parameters. */
  readonly created: boolean;
}

export interface Engine {
  /** Starts the executors and the watcher. */
  start(): void;
  /** Graceful: stops locking and lets running attempts finish or time out, then closes the runtime. */
  stop(graceMs?: number): Promise<void>;
  /** Validates `params` (a JSON array) against the function's WIT signature and creates the execution. */
  submit(ffqn: string, params: unknown, options?: SubmitOptions): Promise<Submitted>;
  getStatus(executionId: string): Promise<ExecutionRecord>;
  /** Waits until the execution finishes; `null` when `timeoutMs` passes first. */
  awaitResult(executionId: string, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<FinishedResult | null>;
  listExecutions(request?: ListExecutionsRequest): Promise<ExecutionPage>;
  getEvents(executionId: string): Promise<readonly ExecutionEventRecord[]>;
  getLogs(request: LogsRequest): Promise<readonly LogRecord[]>;
  /** Requests cancellation: a running attempt is stopped; the execution finishes `cancelled`. */
  cancel(executionId: string): Promise<'cancelled' | 'requested' | 'already-finished'>;
  /** Every function that can be submitted. */
  functions(): readonly ExportedFunction[];
  /** Steps every executor and the watcher once at `now` (for tests under `SimClock`). */
  tick(now?: number): Promise<{ readonly locked: number; readonly done: Promise<void> }>;
  readonly registry: ComponentRegistry;
  readonly clock: Clock;
}

/** Loads every component and builds (but does not start) the engine. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? silentLogger;
  const registry = new ComponentRegistry();
  const runtime = createActivityRuntime({
    cacheDir: options.codegenCacheDir,
    poolSize: options.maxWorkers ?? availableParallelism(),
    log: (entry) => logger[entry.level](entry.message, entry.fields),
  });
  const executorId = ExecutorId.generate(clock);
  const executors: Executor[] = [];
  try {
    for (const activity of options.activities ?? []) {
      executors.push(await loadActivity(activity, { registry, runtime, store: options.store, clock, logger, executorId }));
    }
  } catch (error: unknown) {
    await runtime.close(0);
    throw error;
  }
  const watcher = new Watcher({
    store: options.store,
    clock,
    tickSleepMs: options.watcher?.tickSleepMs ?? 100,
    leewayMs: options.watcher?.leewayMs ?? 500,
    logger,
  });
  return buildEngine({ store: options.store, clock, registry, runtime, executors, watcher });
}

interface LoadDeps {
  readonly registry: ComponentRegistry;
  readonly runtime: ActivityRuntime;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: EngineLogger;
  readonly executorId: ExecutorId;
}

async function loadActivity(config: ActivityConfig, deps: LoadDeps): Promise<Executor> {
  const digest = ComponentDigest.parse(contentDigest(config.bytes));
  const component = loadComponentTypes(config.name, ComponentKind.activityWasm, digest, config.bytes);
  await deps.runtime.load(config.bytes);
  deps.registry.add(component);
  const exec = { ...DEFAULT_EXEC, ...config.exec };
  const maxDurationMs = config.maxDurationMs ?? ACTIVITY_DEFAULTS.maxDurationMs;
  const worker = new ActivityExecutorWorker({
    runtime: deps.runtime,
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    lookup: (ffqn) => deps.registry.function(ffqn as never),
    env: config.envVars ?? {},
    allowedHosts: config.allowedHosts ?? [],
    // The executor stops attempts at max_duration; the runtime's own limit is a backstop.
    maxDurationMs: maxDurationMs * 2 + 1000,
    output: { store: config.storeOutput ?? true, log: config.forwardOutput ?? false },
  });
  return new Executor({
    name: config.name,
    store: deps.store,
    clock: deps.clock,
    worker,
    executorId: deps.executorId,
    filter: exec.queue === undefined ? { ffqns: [...component.exports.keys()] } : { queue: exec.queue },
    batchSize: exec.batchSize,
    lockExpiryMs: exec.lockExpiryMs,
    tickSleepMs: exec.tickSleepMs,
    maxDurationMs,
    policy: {
      retry: {
        maxRetries: config.maxRetries ?? ACTIVITY_DEFAULTS.maxRetries,
        backoffMs: config.retryExpBackoffMs ?? ACTIVITY_DEFAULTS.retryExpBackoffMs,
        jitter: config.retryJitter,
      },
      retryTraps: true,
      retryErrs: true,
    },
    logger: deps.logger,
  });
}

interface EngineParts {
  readonly store: Store;
  readonly clock: Clock;
  readonly registry: ComponentRegistry;
  readonly runtime: ActivityRuntime;
  readonly executors: readonly Executor[];
  readonly watcher: Watcher;
}

function buildEngine(parts: EngineParts): Engine {
  const { store, clock, registry, runtime, executors, watcher } = parts;
  return {
    registry,
    clock,
    start() {
      for (const executor of executors) {
        executor.start();
      }
      watcher.start();
    },
    async stop(graceMs = 10_000) {
      await watcher.stop();
      await Promise.all(executors.map((executor) => executor.stop(graceMs)));
      await runtime.close(0);
    },
    async submit(ffqn, params, options = {}) {
      const { fn, params: canonical } = validateSubmission(registry, ffqn, params);
      const now = clock.now();
      const executionId = options.executionId === undefined ? ExecutionId.generate(clock) : ExecutionId.parse(options.executionId);
      const result = await store.createExecution({
        executionId,
        ffqn: fn.ffqn,
        params: canonical,
        componentDigest: fn.component.digest,
        scheduledAt: options.scheduledAt ?? now,
        queue: options.queue,
        now,
      });
      return { executionId, created: result.created };
    },
    getStatus: (executionId) => store.getExecution(ExecutionId.parse(executionId)),
    async awaitResult(executionId, options = {}) {
      const id = ExecutionId.parse(executionId);
      const finished = await store.waitForFinished(id, options.timeoutMs ?? Number.MAX_SAFE_INTEGER, options.signal);
      if (!finished) {
        return null;
      }
      const record = await store.getExecution(id);
      return record.state.type === 'finished' ? record.state.result : null;
    },
    listExecutions: (request = {}) => store.listExecutions(request),
    getEvents: (executionId) => store.getEvents(ExecutionId.parse(executionId)),
    getLogs: (request) => store.getLogs(request),
    async cancel(executionId) {
      const id = ExecutionId.parse(executionId);
      const outcome = await store.requestCancel(id, clock.now());
      if (outcome === 'already-finished') {
        return outcome;
      }
      if (executors.some((executor) => executor.abortAttempt(id, AbortReason.cancel))) {
        return 'requested';
      }
      const record = await store.getExecution(id);
      if (record.state.type !== 'pending-at') {
        return 'requested';
      }
      try {
        await store.finish(id, record.version, FinishedResult.failure('cancelled'), clock.now());
        return 'cancelled';
      } catch (error: unknown) {
        if (error instanceof VersionConflict) {
          return 'requested'; // an executor locked it meanwhile; it sees the request and finishes it
        }
        throw error;
      }
    },
    functions: () => registry.functions(),
    async tick(now = clock.now()) {
      const ticks = await Promise.all(executors.map((executor) => executor.tick(now)));
      await watcher.tick(now);
      return { locked: ticks.reduce((n, t) => n + t.locked.length, 0), done: Promise.all(ticks.map((t) => t.done)).then(() => undefined) };
    },
  };
}
