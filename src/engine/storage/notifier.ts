/**
 * In-process notifications: the executor waits for new pending work, hot workflows
 * for responses, the API for finished executions. A store calls `notify*` after a
 * commit; waiters resolve `true`, or `false` on timeout (measured on the injected
 * clock) or abort. Backends shared by several processes add their own channel
 * (PostgreSQL: LISTEN/NOTIFY) on top.
 */
import { WAIT_ENDED, type Clock, type ExecutionId, type Ffqn } from '../concepts/index.js';
import type { PendingFilter } from './types.js';

interface Waiter {
  readonly matches: (topic: Topic) => boolean;
  readonly wake: (notified: boolean) => void;
}

type Topic =
  | { readonly type: 'pending'; readonly ffqn: Ffqn; readonly queue: string }
  | { readonly type: 'response'; readonly executionId: ExecutionId }
  | { readonly type: 'finished'; readonly executionId: ExecutionId };

/** True when an execution with `ffqn` in `queue` is work for `filter`. */
export function matchesPendingFilter(filter: PendingFilter, ffqn: Ffqn, queue: string): boolean {
  const ffqnOk = filter.ffqns === undefined || filter.ffqns.includes(ffqn);
  const queueOk = filter.queue === undefined || filter.queue === queue;
  return ffqnOk && queueOk;
}

export class Notifier {
  readonly #clock: Clock;
  readonly #waiters = new Set<Waiter>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  notifyPending(ffqn: Ffqn, queue: string): void {
    this.#publish({ type: 'pending', ffqn, queue });
  }

  notifyResponse(executionId: ExecutionId): void {
    this.#publish({ type: 'response', executionId });
  }

  notifyFinished(executionId: ExecutionId): void {
    this.#publish({ type: 'finished', executionId });
  }

  waitForPending(filter: PendingFilter, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.#wait((t) => t.type === 'pending' && matchesPendingFilter(filter, t.ffqn, t.queue), timeoutMs, signal);
  }

  waitForResponse(executionId: ExecutionId, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.#wait((t) => t.type === 'response' && t.executionId === executionId, timeoutMs, signal);
  }

  waitForFinished(executionId: ExecutionId, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.#wait((t) => t.type === 'finished' && t.executionId === executionId, timeoutMs, signal);
  }

  /** Wakes every waiter with `false` (the store is closing). */
  close(): void {
    for (const waiter of [...this.#waiters]) {
      waiter.wake(false);
    }
  }

  /** How many waiters are registered (for tests). */
  get waiting(): number {
    return this.#waiters.size;
  }

  #publish(topic: Topic): void {
    for (const waiter of [...this.#waiters]) {
      if (waiter.matches(topic)) {
        waiter.wake(true);
      }
    }
  }

  #wait(matches: (topic: Topic) => boolean, timeoutMs: number, signal: AbortSignal | undefined): Promise<boolean> {
    if (signal?.aborted === true) {
      return Promise.resolve(false);
    }
    return new Promise<boolean>((resolve) => {
      const timerAbort = new AbortController();
      const waiter: Waiter = {
        matches,
        wake: (notified) => {
          if (this.#waiters.delete(waiter)) {
            timerAbort.abort(WAIT_ENDED);
            signal?.removeEventListener('abort', onAbort);
            resolve(notified);
          }
        },
      };
      const onAbort = (): void => waiter.wake(false);
      this.#waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#clock.sleep(timeoutMs, timerAbort.signal).then(
        () => waiter.wake(false),
        () => undefined,
      );
    });
  }
}
