/**
 * The activity runtime: loads components (codegen cache + compiled core modules) and runs
 * activity attempts on a bounded pool of worker threads, each attempt in a fresh instance with
 * sandboxed WASI. An attempt that exceeds `maxDurationMs`, or whose `signal` aborts, is stopped
 * by terminating its worker (which the pool replaces).
 */
import { Worker } from 'node:worker_threads';
import { validateAllowedHosts, type AllowedHost } from './allowed-hosts.js';
import { loadComponent, type LoadedComponent } from './component-loader.js';
import type { ContentDigest } from './digest.js';
import { ActivityRuntimeError, RuntimeErrorCode } from './errors.js';
import type { AttemptOutcome } from './outcome.js';
import type { OutputStreamName } from './output-sink.js';
import { WorkerPool, type PoolStats, type WorkerLease } from './pool.js';
import type { FromWorker, ToWorker } from './protocol.js';
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

/** Creates an activity runtime; workers start on the first attempts. */
export function createActivityRuntime(options: ActivityRuntimeOptions): ActivityRuntime {
  const log = options.log ?? stderrLogger;
  const script = resolveWorkerScript('activity-worker', import.meta.url);
  const pool = new WorkerPool<WorkerState>({
    ...(options.poolSize === undefined ? {} : { size: options.poolSize }),
    createWorker: () => new Worker(script),
    createState: () => new Set<string>(),
  });
  const loaded = new Map<string, Promise<LoadedComponent>>();
  let nextAttemptId = 0;

  const load = async (bytes: Uint8Array): Promise<LoadedActivity> => {
    const component = await loadComponent(bytes, options.cacheDir);
    if (!loaded.has(component.digest)) {
      loaded.set(component.digest, Promise.resolve(component));
      const { transpileMs, compileMs } = component.timings;
      log({ level: 'debug', message: `loaded component ${component.digest}`, fields: { digest: component.digest, transpileMs, compileMs } });
    }
    const { codegen } = component;
    return { digest: component.digest, exports: codegen.exports.filter((e) => e.name.includes('/')).map((e) => e.name), imports: codegen.imports };
  };

  const runAttempt = async (attempt: AttemptOptions): Promise<AttemptOutcome> => {
    validateAllowedHosts(attempt.allowedHosts);
    const component = await loaded.get(attempt.digest);
    if (component === undefined) {
      throw new ActivityRuntimeError(RuntimeErrorCode.componentNotLoaded, `component ${attempt.digest} is not loaded`, { hint: 'call load(bytes) first' });
    }
    let lease: WorkerLease<WorkerState>;
    try {
      lease = await pool.acquire(attempt.signal);
    } catch (error) {
      if (attempt.signal?.aborted === true && !(error instanceof ActivityRuntimeError)) {
        return { kind: 'cancelled' };
      }
      throw error;
    }
    if (attempt.signal?.aborted === true) {
      lease.release();
      return { kind: 'cancelled' };
    }
    nextAttemptId += 1;
    return runOnWorker({ lease, component, attempt, attemptId: nextAttemptId, log, isClosing: () => pool.closing });
  };

  return { load, runAttempt, stats: () => pool.stats(), close: (graceMs) => pool.close(graceMs) };
}

interface RunContext {
  readonly lease: WorkerLease<WorkerState>;
  readonly component: LoadedComponent;
  readonly attempt: AttemptOptions;
  readonly attemptId: number;
  readonly log: RuntimeLogger;
  readonly isClosing: () => boolean;
}

function runOnWorker(ctx: RunContext): Promise<AttemptOutcome> {
  const { lease, attempt, attemptId } = ctx;
  const fields = { digest: attempt.digest, function: `${attempt.interfaceName}.${attempt.functionName}` };
  return new Promise<AttemptOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (then: () => void): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        attempt.signal?.removeEventListener('abort', onAbort);
        lease.worker.off('message', onMessage);
        lease.worker.off('exit', onExit);
        then();
      }
    };
    const stop = (outcome: AttemptOutcome, why: string): void =>
      finish(() => {
        ctx.log({ level: 'info', message: `stopping the attempt of ${fields.function}: ${why}; its worker is replaced`, fields });
        void lease.discard().then(() => resolve(outcome), reject);
      });
    const onMessage = (message: FromWorker): void => {
      if (message.type === 'ready' || message.attemptId !== attemptId) {
        return;
      }
      if (message.type === 'output') {
        safely(() => attempt.onOutput?.(message.stream, message.chunk));
      } else if (message.type === 'log') {
        ctx.log({ level: message.level, message: message.message, fields });
      } else {
        finish(() => {
          lease.release();
          resolve(message.outcome);
        });
      }
    };
    const onExit = (code: number): void =>
      finish(() => {
        void lease.discard();
        if (ctx.isClosing()) {
          reject(new ActivityRuntimeError(RuntimeErrorCode.closed, `the runtime closed while ${fields.function} was running`));
        } else {
          resolve({ kind: 'trap', message: `the worker thread running the activity exited unexpectedly (exit code ${code})` });
        }
      });
    const onAbort = (): void => stop({ kind: 'cancelled' }, 'cancelled');
    const timer = setTimeout(() => stop({ kind: 'timeout' }, `exceeded max_duration of ${attempt.maxDurationMs} ms`), attempt.maxDurationMs);
    lease.worker.on('message', onMessage);
    lease.worker.on('exit', onExit);
    attempt.signal?.addEventListener('abort', onAbort, { once: true });
    post(ctx, (error) =>
      finish(() => {
        lease.release();
        reject(error instanceof Error ? error : new Error(String(error)));
      }),
    );
  });
}

function post(ctx: RunContext, onError: (error: unknown) => void): void {
  const { lease, component, attempt, attemptId } = ctx;
  const isNew = !lease.state.has(attempt.digest);
  const message: ToWorker = {
    type: 'run',
    attemptId,
    ...(isNew ? { component: component.payload } : {}),
    request: {
      digest: attempt.digest,
      interfaceName: attempt.interfaceName,
      functionName: attempt.functionName,
      params: attempt.params,
      env: attempt.env,
      allowedHosts: attempt.allowedHosts,
    },
  };
  try {
    lease.worker.postMessage(message);
    lease.state.add(attempt.digest);
  } catch (error) {
    onError(error); // e.g. a parameter that cannot be cloned
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // An output consumer's failure must not break the attempt.
  }
}
