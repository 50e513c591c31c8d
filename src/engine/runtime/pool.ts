/**
 * A bounded pool of worker threads. Callers `acquire()` a lease on an idle worker (waiting in
 * FIFO order when all are busy), talk to it, then `release()` it — or `discard()` it when the
 * work must be stopped (timeout, cancel), which terminates the thread and starts a replacement.
 * Workers start on demand (the first at once, more when the queue stalls; see `#grow`), must post
 * `{ type: 'ready' }` once they can take work, and are unref'ed while idle so an idle pool never
 * keeps the process alive. `retire()` ends the workers whose state holds something no longer
 * wanted (an unloaded component): idle ones at once, leased ones when they are released.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ActivityRuntimeError, RuntimeErrorCode } from './errors.js';

export interface WorkerPoolOptions<TState> {
  /** Maximum number of worker threads (default: `os.availableParallelism()`). */
  readonly size?: number;
  /** Starts one worker thread. */
  readonly createWorker: () => Worker;
  /** Fresh per-worker state, kept between leases of the same worker (e.g. loaded components). */
  readonly createState: () => TState;
  /** Time a worker has to post its ready message (default 30 s). */
  readonly startTimeoutMs?: number;
  /** Workers starting at the same time, at most (default: `os.availableParallelism()`). */
  readonly maxStarting?: number;
  /** How long the queue must stall before the pool grows beyond its first worker (default 3 ms). */
  readonly growAfterMs?: number;
}

/** Exclusive use of one worker until `release()` or `discard()`. */
export interface WorkerLease<TState> {
  readonly worker: Worker;
  readonly state: TState;
  /** Returns the worker to the pool. */
  release(): void;
  /** Terminates the worker (stopping whatever it runs) and starts a replacement. */
  discard(): Promise<void>;
}

/** A snapshot of the pool. */
export interface PoolStats {
  readonly size: number;
  readonly starting: number;
  readonly idle: number;
  readonly busy: number;
  readonly queued: number;
}

interface Slot<TState> {
  readonly worker: Worker;
  readonly state: TState;
  status: 'starting' | 'idle' | 'busy' | 'dead';
  /** Terminate instead of returning to the pool at the next release. */
  retiring?: boolean;
}

interface Waiter<TState> {
  readonly resolve: (lease: WorkerLease<TState>) => void;
  readonly reject: (error: unknown) => void;
  readonly cleanup: () => void;
}

const DEFAULT_START_TIMEOUT_MS = 30_000;
/** A queue of short attempts moves every millisecond or so; one held for longer wants more workers. */
const DEFAULT_GROW_AFTER_MS = 3;

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('the operation was aborted', { cause: reason });
}

function closedError(): ActivityRuntimeError {
  return new ActivityRuntimeError(RuntimeErrorCode.closed, 'the worker pool is closed');
}

/** A bounded worker-thread pool; see the module doc. */
export class WorkerPool<TState> {
  readonly size: number;
  readonly #options: WorkerPoolOptions<TState>;
  readonly #maxStarting: number;
  readonly #growAfterMs: number;
  /** When a waiting acquisition last got a worker, or the queue last started (see {@link #grow}). */
  #queueMovedAt = 0;
  #growTimer: NodeJS.Timeout | null = null;
  readonly #slots = new Set<Slot<TState>>();
  readonly #waiters: Waiter<TState>[] = [];
  #closing = false;
  #onSettle: (() => void) | undefined;

  constructor(options: WorkerPoolOptions<TState>) {
    this.#options = options;
    this.size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
    this.#maxStarting = Math.max(1, Math.floor(options.maxStarting ?? availableParallelism()));
    this.#growAfterMs = options.growAfterMs ?? DEFAULT_GROW_AFTER_MS;
  }

  /** True once `close()` was called. */
  get closing(): boolean {
    return this.#closing;
  }

  stats(): PoolStats {
    return {
      size: this.size,
      starting: this.#count('starting'),
      idle: this.#count('idle'),
      busy: this.#count('busy'),
      queued: this.#waiters.length,
    };
  }

  #count(status: Slot<TState>['status']): number {
    let count = 0;
    for (const slot of this.#slots) {
      if (slot.status === status) {
        count++;
      }
    }
    return count;
  }

  /**
   * Resolves with a lease on an idle worker, starting one when the pool is below its size.
   * Rejects with the signal's reason when `signal` aborts first, and with `runtime-closed`
   * when the pool closes.
   */
  acquire(signal?: AbortSignal): Promise<WorkerLease<TState>> {
    if (this.#closing) {
      return Promise.reject(closedError());
    }
    if (signal?.aborted === true) {
      return Promise.reject(abortReason(signal));
    }
    return new Promise<WorkerLease<TState>>((resolve, reject) => {
      const onAbort = (): void => {
        this.#removeWaiter(waiter);
        reject(abortReason(signal));
      };
      const waiter: Waiter<TState> = { resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.#waiters.length === 0) {
        this.#queueMovedAt = performance.now();
      }
      this.#waiters.push(waiter);
      this.#dispatch();
    });
  }

  /**
   * Stops taking work, rejects queued acquisitions, waits up to `graceMs` (default 5 s) for
   * leased workers to be released, then terminates every worker.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.#closing = true;
    if (this.#growTimer !== null) {
      clearTimeout(this.#growTimer);
      this.#growTimer = null;
    }
    for (const waiter of this.#waiters.splice(0)) {
      waiter.cleanup();
      waiter.reject(closedError());
    }
    const deadline = Date.now() + graceMs;
    while (this.stats().busy > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.#onSettle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const slots = [...this.#slots];
    this.#slots.clear();
    await Promise.all(slots.map((slot) => this.#kill(slot)));
  }

  /**
   * Terminates the workers whose state matches `predicate`: idle ones now, leased ones when
   * released (their current work is not disturbed). Replacements start on demand, with fresh state.
   */
  retire(predicate: (state: TState) => boolean): void {
    for (const slot of this.#slots) {
      if (slot.status === 'dead' || !predicate(slot.state)) {
        continue;
      }
      if (slot.status === 'idle') {
        this.#slots.delete(slot);
        void this.#kill(slot);
      } else if (slot.status === 'busy') {
        slot.retiring = true;
      }
    }
    this.#dispatch();
  }

  #removeWaiter(waiter: Waiter<TState>): void {
    const index = this.#waiters.indexOf(waiter);
    if (index >= 0) {
      this.#waiters.splice(index, 1);
    }
    waiter.cleanup();
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#waiters.length === 0) {
        return;
      }
      if (slot.status === 'idle') {
        const waiter = this.#waiters.shift() as Waiter<TState>;
        waiter.cleanup();
        this.#queueMovedAt = performance.now();
        slot.status = 'busy';
        slot.worker.ref();
        waiter.resolve(this.#lease(slot));
      }
    }
    this.#grow();
  }

  /**
   * Starts workers for acquisitions that wait. An empty pool starts one at once. Beyond that, a
   * start is worth its cost (tens of ms of CPU) only when the queue stalls: when no waiting
   * acquisition got a worker for `growAfterMs`. A burst of short attempts is then served by the
   * workers there are, and work that holds its workers (long attempts, hot workflow runs) grows
   * the pool, one start per waiter that no starting worker will serve, at most `maxStarting` at a
   * time (more would only share the same cores), up to the size.
   */
  #grow(): void {
    if (this.#closing || this.#waiters.length === 0 || this.#slots.size >= this.size) {
      return; // (Runs at every acquire and release: the cheap checks first.)
    }
    let starting = this.#count('starting');
    if (this.#waiters.length <= starting || starting >= this.#maxStarting) {
      return; // A worker that becomes ready dispatches again.
    }
    if (this.#slots.size === 0) {
      this.#spawn();
      return;
    }
    if (starting === this.#slots.size) {
      return; // None is ready yet: the first one ready dispatches again.
    }
    const stalledMs = performance.now() - this.#queueMovedAt;
    if (stalledMs < this.#growAfterMs) {
      this.#growTimer ??= setTimeout(() => {
        this.#growTimer = null;
        this.#dispatch();
      }, this.#growAfterMs - stalledMs).unref();
      return;
    }
    this.#queueMovedAt = performance.now();
    do {
      if (!this.#spawn()) {
        return;
      }
      starting++;
    } while (this.#waiters.length > starting && starting < this.#maxStarting && this.#slots.size < this.size);
  }

  #lease(slot: Slot<TState>): WorkerLease<TState> {
    let done = false;
    return {
      worker: slot.worker,
      state: slot.state,
      release: () => {
        if (done || slot.status !== 'busy') {
          return;
        }
        done = true;
        if (slot.retiring === true) {
          this.#slots.delete(slot);
          void this.#kill(slot);
        } else {
          slot.status = 'idle';
          slot.worker.unref();
        }
        this.#settled();
      },
      discard: async () => {
        if (done) {
          return;
        }
        done = true;
        this.#slots.delete(slot);
        await this.#kill(slot);
        this.#settled();
        if (!this.#closing && this.#slots.size < this.size) {
          this.#spawn(); // Keep the pool warm: the next attempt should not pay for a start.
        }
      },
    };
  }

  #settled(): void {
    this.#onSettle?.();
    this.#onSettle = undefined;
    this.#dispatch();
  }

  async #kill(slot: Slot<TState>): Promise<void> {
    slot.status = 'dead';
    await slot.worker.terminate();
  }

  /** Starts one worker; false when it could not even be created (the waiters were told). */
  #spawn(): boolean {
    let worker: Worker;
    try {
      worker = this.#options.createWorker();
    } catch (error) {
      this.#failWaiters(error);
      return false;
    }
    const slot: Slot<TState> = { worker, state: this.#options.createState(), status: 'starting' };
    this.#slots.add(slot);
    const timer = setTimeout(
      () => startFailed(new Error('the worker did not become ready in time')),
      this.#options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    );
    const onReady = (message: { type?: string }): void => {
      if (message.type === 'ready' && slot.status === 'starting') {
        clearTimeout(timer);
        worker.off('message', onReady);
        slot.status = 'idle';
        worker.unref();
        this.#dispatch();
      }
    };
    const startFailed = (cause: unknown): void => {
      clearTimeout(timer);
      if (slot.status === 'starting') {
        this.#slots.delete(slot);
        void this.#kill(slot);
        this.#failWaiters(cause);
      }
    };
    worker.on('message', onReady);
    worker.on('error', startFailed);
    worker.once('exit', (code) => {
      startFailed(new Error(`the worker exited with code ${code} while starting`));
      if (slot.status !== 'dead') {
        // Died on its own (crash, out of memory); a busy slot's lease holder sees 'exit' too.
        slot.status = 'dead';
        this.#slots.delete(slot);
        this.#settled();
      }
    });
    return true;
  }

  #failWaiters(cause: unknown): void {
    if ([...this.#slots].some((slot) => slot.status !== 'dead')) {
      this.#dispatch(); // Other workers can still serve the queue.
      return;
    }
    const error = new ActivityRuntimeError(
      RuntimeErrorCode.workerStartFailed,
      `a worker thread failed to start: ${String(cause)}`,
      { cause },
    );
    for (const waiter of this.#waiters.splice(0)) {
      waiter.cleanup();
      waiter.reject(error);
    }
  }
}
