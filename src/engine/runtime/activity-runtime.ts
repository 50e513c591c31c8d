/**
 * The activity runtime: loads components (codegen cache + compiled core modules) and runs
 * activity attempts on a bounded pool of worker threads, each attempt in a fresh instance with
 * sandboxed WASI. An attempt that exceeds `maxDurationMs`, or whose `signal` aborts, is stopped
 * by terminating its worker (which the pool replaces).
 */
import { Worker } from 'node:worker_threads';
import { validateAllowedHosts, type AllowedHost } from './allowed-hosts.js';
import { runOnWorker } from './attempt-run.js';
import { loadComponent, type LoadedComponent } from './component-loader.js';
import type { ContentDigest } from './digest.js';
import { ActivityRuntimeError, RuntimeErrorCode } from './errors.js';
import type { AttemptOutcome } from './outcome.js';
import type { OutputStreamName } from './output-sink.js';
import { WorkerPool, type PoolStats, type WorkerLease } from './pool.js';
import { resolveWorkerScript } from './worker-script.js';

/** A log line of the runtime (e.g. a denied HTTP request), for the server log. */
export interface RuntimeLogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Readonly<Record<string, string | number>>;
}
export type RuntimeLogger = (entry: RuntimeLogEntry) => void;

export interface ActivityRuntimeOptions {
  /** Directory of the codegen cache (`[codegen_cache]` / `[wasm] cache_directory`). */
  readonly cacheDir: string;
  /** Number of worker threads (`[wasm] max_workers`); default `os.availableParallelism()`. */
  readonly poolSize?: number;
  /** Receives runtime log lines; default: warnings and errors to stderr. */
  readonly log?: RuntimeLogger;
}

/** What `load` tells about a component. */
export interface LoadedActivity {
  readonly digest: ContentDigest;
  /** Exported interfaces as jco names them (`ns:pkg/ifc@1.0.0`). */
  readonly exports: readonly string[];
  /** Imported interfaces, unversioned (`wasi:http/outgoing-handler`). */
  readonly imports: readonly string[];
}

/** One attempt of an activity function. */
export interface AttemptOptions {
  readonly digest: ContentDigest;
  /** `ns:pkg/ifc@version` (or without version when the component exports only one). */
  readonly interfaceName: string;
  /** The WIT function name, e.g. `get-user`. */
  readonly functionName: string;
  /** Parameters in jco's JS representation. */
  readonly params: readonly unknown[];
  /** The activity's `env_vars`: the only environment the guest sees. */
  readonly env: Readonly<Record<string, string>>;
  /** The activity's `allowed_hosts`; empty = no outgoing HTTP. */
  readonly allowedHosts: readonly AllowedHost[];
  /** The activity's `max_duration`: a longer attempt is stopped and reported as `timeout`. */
  readonly maxDurationMs: number;
  /** Aborting cancels the attempt, queued or running (reported as `cancelled`). */
  readonly signal?: AbortSignal;
  /** Receives the guest's stdout/stderr text in batches, in order per stream. */
  readonly onOutput?: (stream: OutputStreamName, chunk: string) => void;
}

export interface ActivityRuntime {
  /** Transpiles (cached on disk by digest) and compiles a component; idempotent per digest. */
  load(bytes: Uint8Array): Promise<LoadedActivity>;
  /**
   * Runs one attempt. Resolves with the outcome; rejects only for misuse
   * (`runtime-component-not-loaded`, `runtime-invalid-host-pattern`) or when the runtime
   * closes under the attempt (`runtime-closed`).
   */
  runAttempt(options: AttemptOptions): Promise<AttemptOutcome>;
  /**
   * Forgets a component version: later attempts on it fail with `runtime-component-not-loaded`,
   * and the worker threads that instantiated it are replaced (when idle, or after their attempt).
   */
  unload(digest: string): void;
  /** Pool occupancy (size, starting, idle, busy, queued). */
  stats(): PoolStats;
  /** Stops taking attempts, waits up to `graceMs` for running ones, then kills the workers. */
  close(graceMs?: number): Promise<void>;
}

type WorkerState = Set<string>;

function stderrLogger(entry: RuntimeLogEntry): void {
  if (entry.level === 'warn' || entry.level === 'error') {
    process.stderr.write(`obelisk runtime ${entry.level}: ${entry.message}\n`);
  }
}

class PooledActivityRuntime implements ActivityRuntime {
  readonly #cacheDir: string;
  readonly #log: RuntimeLogger;
  readonly #pool: WorkerPool<WorkerState>;
  readonly #loaded = new Map<string, LoadedComponent>();
  #nextAttemptId = 0;

  constructor(options: ActivityRuntimeOptions) {
    this.#cacheDir = options.cacheDir;
    this.#log = options.log ?? stderrLogger;
    const script = resolveWorkerScript('activity-worker', import.meta.url);
    this.#pool = new WorkerPool<WorkerState>({
      ...(options.poolSize === undefined ? {} : { size: options.poolSize }),
      createWorker: () => new Worker(script),
      createState: () => new Set<string>(),
    });
  }

  async load(bytes: Uint8Array): Promise<LoadedActivity> {
    const component = await loadComponent(bytes, this.#cacheDir);
    if (!this.#loaded.has(component.digest)) {
      this.#loaded.set(component.digest, component);
      const { transpileMs, compileMs } = component.timings;
      this.#log({
        level: 'debug',
        message: `loaded component ${component.digest}`,
        fields: { digest: component.digest, transpileMs, compileMs },
      });
    }
    const { exports, imports } = component.codegen;
    return {
      digest: component.digest,
      exports: exports.filter((e) => e.name.includes('/')).map((e) => e.name),
      imports,
    };
  }

  async runAttempt(attempt: AttemptOptions): Promise<AttemptOutcome> {
    validateAllowedHosts(attempt.allowedHosts);
    const component = this.#loaded.get(attempt.digest);
    if (component === undefined) {
      throw new ActivityRuntimeError(RuntimeErrorCode.componentNotLoaded, `component ${attempt.digest} is not loaded`, {
        hint: 'call load(bytes) first',
      });
    }
    const lease = await this.#acquire(attempt.signal);
    if (lease === undefined) {
      return { kind: 'cancelled' };
    }
    const { digest, interfaceName, functionName, params, env, allowedHosts } = attempt;
    this.#nextAttemptId += 1;
    return runOnWorker({
      lease,
      component: component.payload,
      request: { digest, interfaceName, functionName, params, env, allowedHosts },
      attemptId: this.#nextAttemptId,
      maxDurationMs: attempt.maxDurationMs,
      signal: attempt.signal,
      onOutput: attempt.onOutput,
      log: this.#log,
      isClosing: () => this.#pool.closing,
    });
  }

  unload(digest: string): void {
    if (this.#loaded.delete(digest)) {
      this.#pool.retire((state) => state.has(digest));
      this.#log({ level: 'debug', message: `unloaded component ${digest}`, fields: { digest } });
    }
  }

  stats(): PoolStats {
    return this.#pool.stats();
  }

  close(graceMs?: number): Promise<void> {
    return this.#pool.close(graceMs);
  }

  /** A lease, or `undefined` when `signal` aborted before the attempt could start. */
  async #acquire(signal: AbortSignal | undefined): Promise<WorkerLease<WorkerState> | undefined> {
    let lease: WorkerLease<WorkerState>;
    try {
      lease = await this.#pool.acquire(signal);
    } catch (error) {
      if (signal?.aborted === true && !(error instanceof ActivityRuntimeError)) {
        return undefined;
      }
      throw error;
    }
    if (signal?.aborted === true) {
      lease.release();
      return undefined;
    }
    return lease;
  }
}

/** Creates an activity runtime; worker threads start on the first attempts. */
export function createActivityRuntime(options: ActivityRuntimeOptions): ActivityRuntime {
  return new PooledActivityRuntime(options);
}
