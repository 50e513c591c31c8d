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
  /** Set for executors waiting for pending work; `null` for waiters of one execution. */
  readonly filter: PendingFilter | null;
  readonly wake: (notified: boolean) => void;
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
  readonly #pending = new Set<Waiter>();
  /** Waiters for one execution's response or finish, by `response:<id>` / `finished:<id>`. */
  readonly #byExecution = new Map<string, Set<Waiter>>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  notifyPending(ffqn: Ffqn, queue: string): void {
    for (const waiter of [...this.#pending]) {
      if (waiter.filter !== null && matchesPendingFilter(waiter.filter, ffqn, queue)) {
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
    return this.#wait(null, filter, timeoutMs, signal);
  }

  waitForResponse(executionId: ExecutionId, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.#wait(`response:${executionId}`, null, timeoutMs, signal);
  }

  waitForFinished(executionId: ExecutionId, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.#wait(`finished:${executionId}`, null, timeoutMs, signal);
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
   * Registers a waiter until it is woken, times out or `signal` aborts: with `key`, among the
   * waiters of one execution (whose set leaves the index with its last waiter), else among the
   * executors waiting for pending work that matches `filter`.
   */
  #wait(
    key: string | null,
    filter: PendingFilter | null,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    if (signal?.aborted === true) {
      return Promise.resolve(false);
    }
    const set = key === null ? this.#pending : this.#forExecution(key);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        filter,
        wake: (notified) => {
          if (set.delete(waiter)) {
            if (key !== null && set.size === 0) {
              this.#byExecution.delete(key);
            }
            cancelTimer();
            signal?.removeEventListener('abort', onAbort);
            resolve(notified);
          }
        },
      };
      const onAbort = (): void => waiter.wake(false);
      set.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      // (A timer never fires inside `timer()`, so the waiter cannot be woken before this is set.)
      const cancelTimer = this.#clock.timer(timeoutMs, () => waiter.wake(false));
    });
  }
}
