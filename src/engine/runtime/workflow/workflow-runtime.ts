/**
 * Runs workflow executions on their own bounded pool of worker threads (the hot-workflow
 * cap), separate from the activity workers. A run that waits hot for a response keeps its
 * thread; when every thread is taken, the run that has waited longest is evicted (it blocks
 * and is replayed later). Counts instantiations, so tests can assert how often a workflow
 * was replayed.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { LogLine, ExecutionId, RunId, LogEntry } from '../../concepts/index.js';
import type { EngineLogger } from '../../executor/index.js';
import type { WorkerStore } from '../../storage/index.js';
import type { Resolve } from '../../../wit/model.js';
import { loadComponent } from '../component-loader.js';
import { WorkerPool, type WorkerLease } from '../pool.js';
import { resolveWorkerScript } from '../worker-script.js';
import type { LinkPlan } from './link-plan.js';
import type {
  FromWorkflowWorker,
  HostReply,
  HostRequest,
  RunOutcome,
  ToWorkflowWorker,
  WorkflowComponentPayload,
  WorkflowRunRequest,
} from './protocol.js';
import { SyncAnswerer } from './sync-channel.js';

export interface WorkflowRuntimeOptions {
  readonly cacheDir: string;
  /** Worker threads for workflows: at most this many runs are loaded (hot) at once. */
  readonly maxThreads: number;
  readonly store: Pick<WorkerStore, 'appendLogs'>;
  readonly logger: EngineLogger;
}

/** The main thread's side of one run: answers its blocking calls (see `run-handler.ts`). */
export interface RunHost {
  handle(request: HostRequest): Promise<HostReply>;
  /** When the run started waiting hot for a response, or `null`. */
  readonly waitingSince: number | null;
  /** True while one of its calls is being answered. */
  readonly inCall: boolean;
  /** Unload the run: its thread is needed. */
  evict(): void;
  /** The attempt was stopped: answer pending and later calls with `suspend`. */
  stop(reason: string): void;
}

interface ThreadState {
  readonly digests: Set<string>;
  answerer: SyncAnswerer<HostRequest, HostReply> | null;
  current: RunHost | null;
}

/** Where a run's log lines go. */
export interface RunLogTarget {
  readonly executionId: ExecutionId;
  readonly runId: RunId;
  readonly now: () => number;
}

export class WorkflowRuntime {
  readonly #options: WorkflowRuntimeOptions;
  readonly #pool: WorkerPool<ThreadState>;
  readonly #payloads = new Map<string, WorkflowComponentPayload>();
  readonly #running = new Set<RunHost>();
  #nextRunId = 1;
  #instantiations = 0;
  #queued = 0;

  constructor(options: WorkflowRuntimeOptions) {
    this.#options = options;
    // resolveWorkerScript resolves names relative to a module of engine/runtime/ itself.
    const runtimeModule = new URL(
      import.meta.url.endsWith('.ts') ? '../activity-runtime.ts' : '../activity-runtime.js',
      import.meta.url,
    ).href;
    const script = resolveWorkerScript('workflow/workflow-worker', runtimeModule);
    this.#pool = new WorkerPool<ThreadState>({
      size: options.maxThreads,
      createWorker: () => new Worker(script),
      createState: () => ({ digests: new Set(), answerer: null, current: null }),
    });
  }

  /** How many workflow instances were created so far. */
  get instantiations(): number {
    return this.#instantiations;
  }

  /** Transpiles (cached) and compiles a workflow component and keeps what its runs need. */
  async load(bytes: Uint8Array, resolve: Resolve, plan: LinkPlan): Promise<string> {
    const loaded = await loadComponent(bytes, this.#options.cacheDir);
    this.#payloads.set(loaded.digest, { ...loaded.payload, resolve, plan });
    return loaded.digest;
  }

  has(digest: string): boolean {
    return this.#payloads.has(digest);
  }

  /** Forgets a workflow version; the threads that instantiated it are replaced (when idle, or after their run). */
  unload(digest: string): void {
    if (this.#payloads.delete(digest)) {
      this.#pool.retire((state) => state.digests.has(digest));
    }
  }

  /** Runs that could start now: free threads plus threads held by hot runs (which can be evicted). */
  capacity(): number {
    let busy = 0;
    for (const handler of this.#running) {
      if (handler.waitingSince === null) {
        busy++;
      }
    }
    return Math.max(0, this.#pool.size - busy - this.#queued);
  }

  /**
   * Runs one workflow execution to its next stop. When `signal` aborts, a waiting run is told
   * to suspend and a running one is terminated; the promise then resolves with `null`.
   */
  async run(
    request: WorkflowRunRequest,
    handler: RunHost,
    logs: RunLogTarget | null,
    signal: AbortSignal,
  ): Promise<RunOutcome | null> {
    const payload = this.#payloads.get(request.digest);
    if (payload === undefined) {
      return { kind: 'trap', message: `workflow component ${request.digest} is not loaded` };
    }
    this.#evictIfFull();
    let lease: WorkerLease<ThreadState>;
    this.#queued++;
    try {
      lease = await this.#pool.acquire(signal);
    } catch {
      return null;
    } finally {
      this.#queued--;
    }
    this.#running.add(handler);
    try {
      return await this.#runOn(lease, payload, request, handler, logs, signal);
    } finally {
      this.#running.delete(handler);
    }
  }

  async close(): Promise<void> {
    await this.#pool.close(0);
  }

  #evictIfFull(): void {
    const stats = this.#pool.stats();
    if (stats.idle > 0 || stats.starting > 0 || stats.busy + stats.starting < this.#pool.size) {
      return;
    }
    let oldest: RunHost | null = null;
    for (const handler of this.#running) {
      const since = handler.waitingSince;
      if (since !== null && (oldest === null || since < (oldest.waitingSince ?? Infinity))) {
        oldest = handler;
      }
    }
    oldest?.evict();
  }

  #setUp(lease: WorkerLease<ThreadState>): void {
    if (lease.state.answerer !== null) {
      return;
    }
    const channel = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const state = lease.state;
    state.answerer = new SyncAnswerer<HostRequest, HostReply>(
      channel.port1,
      signal,
      (request) =>
        state.current?.handle(request) ??
        Promise.resolve({ type: 'error', message: 'no run is active on this thread' }),
      (error) => ({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    channel.port1.unref();
    const init: ToWorkflowWorker = { type: 'init', port: channel.port2, signal };
    lease.worker.postMessage(init, [channel.port2]);
  }

  async #runOn(
    lease: WorkerLease<ThreadState>,
    payload: WorkflowComponentPayload,
    request: WorkflowRunRequest,
    handler: RunHost,
    logs: RunLogTarget | null,
    signal: AbortSignal,
  ): Promise<RunOutcome | null> {
    this.#setUp(lease);
    lease.state.current = handler;
    const runId = this.#nextRunId++;
    const first = !lease.state.digests.has(request.digest);
    lease.state.digests.add(request.digest);
    const done = new Promise<RunOutcome | null>((resolve) => {
      const onMessage = (message: FromWorkflowWorker): void => {
        if (message.type === 'instantiated' && message.runId === runId) {
          this.#instantiations++;
        } else if (message.type === 'logs' && message.runId === runId && logs !== null) {
          void this.#storeLogs(message.lines, logs);
        } else if (message.type === 'done' && message.runId === runId) {
          cleanup();
          resolve(message.outcome);
        }
      };
      const onExit = (): void => {
        cleanup();
        resolve(signal.aborted ? null : { kind: 'trap', message: 'the workflow worker thread exited' });
      };
      const onAbort = (): void => {
        handler.stop(String(signal.reason));
        if (!handler.inCall) {
          cleanup();
          void lease.discard().then(() => resolve(null));
        }
      };
      const cleanup = (): void => {
        lease.worker.off('message', onMessage);
        lease.worker.off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
      };
      lease.worker.on('message', onMessage);
      lease.worker.once('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    const message: ToWorkflowWorker = first
      ? { type: 'run', runId, component: payload, request }
      : { type: 'run', runId, request };
    lease.worker.postMessage(message);
    const outcome = await done;
    lease.state.current = null;
    if (outcome !== null) {
      lease.release();
    }
    return signal.aborted ? null : outcome;
  }

  async #storeLogs(lines: readonly LogLine[], target: RunLogTarget): Promise<void> {
    const createdAt = target.now();
    const entries: LogEntry[] = lines.map((line) => ({
      ...line,
      executionId: target.executionId,
      runId: target.runId,
      createdAt,
    }));
    try {
      await this.#options.store.appendLogs(entries);
    } catch (error: unknown) {
      this.#options.logger.warn('could not store workflow logs', {
        executionId: target.executionId,
        error: String(error),
      });
    }
  }
}
