/**
 * In-process notifications: the executor waits for new pending work, hot workflows
 * for responses, the API for finished executions. A store calls `notify*` after a
 * commit; waiters resolve `true`, or `false` on timeout (measured on the injected
 * clock) or abort. Backends shared by several processes add their own channel
 * (PostgreSQL: LISTEN/NOTIFY) on top.
 */
import type { Clock, ExecutionId, Ffqn } from '../concepts/index.js';
import type { PendingFilter } from './types.js';

interface Waiter {
  readonly wake: (notified: boolean) => void;
}

interface PendingWaiter extends Waiter {
  readonly filter: PendingFilter;
}

/** True when an execution with `ffqn` in `queue` is work for `filter`. */
export function matchesPendingFilter(filter: PendingFilter, ffqn: Ffqn, queue: string): boolean {
  const ffqnOk = filter.ffqns === undefined || filter.ffqns.includes(ffqn);
  const queueOk = filter.queue === undefined || filter.queue === queue;
  return ffqnOk && queueOk;
}

export class Notifier {
  readonly #clock: Clock;
  /** Executors waiting for new pending work. */
  readonly #pending = new Set<PendingWaiter>();
  /** Waiters for one execution's response or finish, by `response:<id>` / `finished:<id>`. */
  readonly #byExecution = new Map<string, Set<Waiter>>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  notifyPending(ffqn: Ffqn, queue: string): void {
    for (const waiter of [...this.#pending]) {
      if (matchesPendingFilter(waiter.filter, ffqn, queue)) {
        waiter.wake(true);
      }
    }
  }

  notifyResponse(executionId: ExecutionId): void {
    this.#wakeAll(`response:${executionId}`);
  }

  notifyFinished(executionId: ExecutionId): void {
    this.#wakeAll(`finished:${executionId}`);
  }

  waitForPending(filter: PendingFilter, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.#wait(null, this.#pending, (wake) => ({ filter, wake }), timeoutMs, signal);
  }

  waitForResponse(executionId: ExecutionId, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const key = `response:${executionId}`;
    return this.#wait(key, this.#forExecution(key), (wake) => ({ wake }), timeoutMs, signal);
  }

  waitForFinished(executionId: ExecutionId, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const key = `finished:${executionId}`;
    return this.#wait(key, this.#forExecution(key), (wake) => ({ wake }), timeoutMs, signal);
  }

  /** Wakes every waiter with `false` (the store is closing). */
  close(): void {
    for (const waiter of [...this.#pending]) {
      waiter.wake(false);
    }
    for (const waiters of [...this.#byExecution.values()]) {
      for (const waiter of [...waiters]) {
        waiter.wake(false);
      }
    }
  }

  /** How many waiters are registered (for tests). */
  get waiting(): number {
    let count = this.#pending.size;
    for (const waiters of this.#byExecution.values()) {
      count += waiters.size;
    }
    return count;
  }

  #forExecution(key: string): Set<Waiter> {
    let waiters = this.#byExecution.get(key);
    if (waiters === undefined) {
      waiters = new Set();
      this.#byExecution.set(key, waiters);
    }
    return waiters;
  }

  #wakeAll(key: string): void {
    const waiters = this.#byExecution.get(key);
    if (waiters !== undefined) {
      for (const waiter of [...waiters]) {
        waiter.wake(true);
      }
    }
  }

  /**
   * Registers a waiter in `set` until it is woken, times out or `signal` aborts. The set of one
   * execution (`key`) leaves the index with its last waiter.
   */
  #wait<W extends Waiter>(
    key: string | null,
    set: Set<W>,
    make: (wake: (notified: boolean) => void) => W,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    if (signal?.aborted === true) {
      this.#dropIfEmpty(key, set);
      return Promise.resolve(false);
    }
    return new Promise<boolean>((resolve) => {
      const waiter = make((notified) => {
        if (set.delete(waiter)) {
          this.#dropIfEmpty(key, set);
          cancelTimer();
          signal?.removeEventListener('abort', onAbort);
          resolve(notified);
        }
      });
      const onAbort = (): void => waiter.wake(false);
      set.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      // (A timer never fires inside `timer()`, so the waiter cannot be woken before this is set.)
      const cancelTimer = this.#clock.timer(timeoutMs, () => waiter.wake(false));
    });
  }

  #dropIfEmpty(key: string | null, set: Set<Waiter>): void {
    if (key !== null && set.size === 0 && this.#byExecution.get(key) === set) {
      this.#byExecution.delete(key);
    }
  }
}
