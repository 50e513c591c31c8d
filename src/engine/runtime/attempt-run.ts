/**
 * One attempt on a leased worker, seen from the main thread: posts the attempt, forwards the
 * worker's output and log messages, and settles exactly once — with the worker's outcome, or
 * with `timeout` / `cancelled` after terminating the worker (the pool replaces it).
 */
import { ActivityRuntimeError, RuntimeErrorCode } from './errors.js';
import type { AttemptOutcome } from './outcome.js';
import type { OutputStreamName } from './output-sink.js';
import type { WorkerLease } from './pool.js';
import type { AttemptRequest, ComponentPayload, FromWorker, ToWorker } from './protocol.js';

/** Log sink of the runtime (see `RuntimeLogger` in activity-runtime.ts). */
export type AttemptLog = (entry: {
  level: 'info' | 'warn';
  message: string;
  fields: Readonly<Record<string, string>>;
}) => void;

export interface AttemptRunContext {
  /** The leased worker; its state is the set of digests it has been sent. */
  readonly lease: WorkerLease<Set<string>>;
  readonly component: ComponentPayload;
  readonly request: AttemptRequest;
  readonly attemptId: number;
  readonly maxDurationMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onOutput: ((stream: OutputStreamName, chunk: string) => void) | undefined;
  readonly log: AttemptLog;
  readonly isClosing: () => boolean;
}

class AttemptRun {
  readonly #ctx: AttemptRunContext;
  readonly #resolve: (outcome: AttemptOutcome) => void;
  readonly #reject: (error: Error) => void;
  readonly #fields: Readonly<Record<string, string>>;
  #settled = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(ctx: AttemptRunContext, resolve: (outcome: AttemptOutcome) => void, reject: (error: Error) => void) {
    this.#ctx = ctx;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#fields = { digest: ctx.request.digest, function: `${ctx.request.interfaceName}.${ctx.request.functionName}` };
  }

  start(): void {
    const { lease, signal, maxDurationMs } = this.#ctx;
    lease.worker.on('message', this.#onMessage);
    lease.worker.on('exit', this.#onExit);
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#timer = setTimeout(
      () => this.#stop({ kind: 'timeout' }, `exceeded max_duration of ${maxDurationMs} ms`),
      maxDurationMs,
    );
    this.#post();
  }

  #post(): void {
    const { lease, component, request, attemptId } = this.#ctx;
    const isNew = !lease.state.has(request.digest);
    const message: ToWorker = { type: 'run', attemptId, ...(isNew ? { component } : {}), request };
    try {
      lease.worker.postMessage(message);
      lease.state.add(request.digest);
    } catch (error) {
      // E.g. a parameter that cannot be cloned: nothing ran, the worker is still good.
      this.#finish(() => {
        lease.release();
        this.#reject(error instanceof Error ? error : new Error(String(error)));
      });
    }
  }

  readonly #onMessage = (message: FromWorker): void => {
    if (message.type === 'ready' || message.attemptId !== this.#ctx.attemptId) {
      return;
    }
    if (message.type === 'output') {
      try {
        this.#ctx.onOutput?.(message.stream, message.chunk);
      } catch {
        // An output consumer's failure must not break the attempt.
      }
    } else if (message.type === 'log') {
      this.#ctx.log({ level: message.level, message: message.message, fields: this.#fields });
    } else {
      this.#finish(() => {
        this.#ctx.lease.release();
        this.#resolve(message.outcome);
      });
    }
  };

  readonly #onExit = (code: number): void => {
    this.#finish(() => {
      void this.#ctx.lease.discard();
      if (this.#ctx.isClosing()) {
        this.#reject(
          new ActivityRuntimeError(
            RuntimeErrorCode.closed,
            `the runtime closed while ${this.#fields['function']} was running`,
          ),
        );
      } else {
        this.#resolve({
          kind: 'trap',
          message: `the worker thread running the activity exited unexpectedly (exit code ${code})`,
        });
      }
    });
  };

  readonly #onAbort = (): void => this.#stop({ kind: 'cancelled' }, 'cancelled');

  #stop(outcome: AttemptOutcome, why: string): void {
    this.#finish(() => {
      this.#ctx.log({
        level: 'info',
        message: `stopping the attempt of ${this.#fields['function']}: ${why}; its worker is replaced`,
        fields: this.#fields,
      });
      // Resolve only once the thread is gone: nothing of the attempt runs after its outcome.
      void this.#ctx.lease.discard().then(() => this.#resolve(outcome), this.#reject);
    });
  }

  #finish(then: () => void): void {
    if (this.#settled) {
      return;
    }
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#ctx.signal?.removeEventListener('abort', this.#onAbort);
    this.#ctx.lease.worker.off('message', this.#onMessage);
    this.#ctx.lease.worker.off('exit', this.#onExit);
    then();
  }
}

/** Runs one attempt on `ctx.lease` and settles with its outcome (see the module doc). */
export function runOnWorker(ctx: AttemptRunContext): Promise<AttemptOutcome> {
  return new Promise<AttemptOutcome>((resolve, reject) => new AttemptRun(ctx, resolve, reject).start());
}
