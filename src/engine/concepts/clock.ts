/**
 * Time as the engine sees it: milliseconds since the Unix epoch, read only
 * through an injected {@link Clock}. {@link realClock} follows the system
 * clock; {@link SimClock} moves only when told to, so retries, backoff, lock
 * expiry and timers can be driven by hand in tests.
 */

/** The source of time (and of waiting) for everything in the engine. */
export interface Clock {
  /** Current time in milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves once `ms` milliseconds have passed on this clock. Rejects with the
   * signal's reason if `signal` aborts first.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `fire` once `ms` milliseconds have passed on this clock, unless the returned function
   * is called first (it cancels). For hot paths: no promise, no signal, no listener.
   */
  timer(ms: number, fire: () => void): () => void;
}

/** The system clock (`Date.now`) with real timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  // Rejects with the signal's own reason, so an abort costs no new error object (callers on hot
  // paths abort with a shared reason).
  sleep: (ms, signal) => sleepOn(realClock, ms, signal, (aborted) => aborted.reason as Error),
  timer: (ms, fire) => {
    // Node timers hold at most 2^31 - 1 ms; a longer delay is taken in chunks.
    let handle: ReturnType<typeof setTimeout>;
    const arm = (remaining: number): void => {
      const chunk = Math.min(remaining, MAX_TIMER_MS);
      handle = setTimeout(() => (remaining > chunk ? arm(remaining - chunk) : fire()), chunk);
    };
    arm(Math.max(0, ms));
    return () => clearTimeout(handle);
  },
};

/** `sleep` on `clock`'s timers: rejects with `reason(signal)` if `signal` aborts first. */
function sleepOn(
  clock: Pick<Clock, 'timer'>,
  ms: number,
  signal: AbortSignal | undefined,
  reason: (signal: AbortSignal) => Error,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(reason(signal));
      return;
    }
    const onAbort = (): void => {
      cancel();
      reject(reason(signal as AbortSignal));
    };
    const cancel = clock.timer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A reason for aborting a wait that nobody inspects: shared, so aborting allocates nothing. */
export const WAIT_ENDED: Error = Object.freeze(new Error('the wait ended'));

/** The longest delay a Node timer accepts. */
const MAX_TIMER_MS = 2_147_483_647;

interface SimTimer {
  readonly deadline: number;
  readonly seq: number;
  readonly fire: () => void;
}

/** The default start of a {@link SimClock}: 2025-01-01T00:00:00Z. */
export const SIM_CLOCK_START = Date.UTC(2025, 0, 1);

/**
 * A clock that only moves when {@link SimClock.advance} or {@link SimClock.set}
 * is called. Sleepers resolve (in deadline order) as soon as the simulated time
 * reaches their deadline.
 */
export class SimClock implements Clock {
  #now: number;
  #timers: SimTimer[] = [];
  #seq = 0;

  constructor(start: number = SIM_CLOCK_START) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` (>= 0) and wakes the sleepers whose deadline has come. */
  advance(ms: number): void {
    if (!(ms >= 0)) {
      throw new RangeError(`SimClock.advance: ms must be >= 0, got ${ms}`);
    }
    this.set(this.#now + ms);
  }

  /** Sets the time to `t` (may move backwards) and wakes the sleepers whose deadline has come. */
  set(t: number): void {
    if (!Number.isFinite(t)) {
      throw new RangeError(`SimClock.set: time must be finite, got ${t}`);
    }
    this.#now = t;
    const due = this.#timers.filter((timer) => timer.deadline <= t);
    if (due.length === 0) {
      return;
    }
    this.#timers = this.#timers.filter((timer) => timer.deadline > t);
    due.sort((a, b) => a.deadline - b.deadline || a.seq - b.seq);
    for (const timer of due) {
      timer.fire();
    }
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 && signal?.aborted !== true) {
      return Promise.resolve();
    }
    return sleepOn(this, ms, signal, abortReason);
  }

  timer(ms: number, fire: () => void): () => void {
    if (ms <= 0) {
      // Like `sleep`: due now, so it fires without the clock moving (but never inside this call).
      let cancelled = false;
      queueMicrotask(() => {
        if (!cancelled) {
          fire();
        }
      });
      return () => {
        cancelled = true;
      };
    }
    const seq = this.#seq++;
    this.#timers.push({ deadline: this.#now + ms, seq, fire });
    return () => {
      this.#timers = this.#timers.filter((timer) => timer.seq !== seq);
    };
  }

  /** How many sleepers are waiting. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** The earliest deadline among the sleepers, if any. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const timer of this.#timers) {
      if (next === undefined || timer.deadline < next) {
        next = timer.deadline;
      }
    }
    return next;
  }
}

/** The signal's reason when it is an Error (the default reason is an `AbortError` DOMException). */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('The operation was aborted', 'AbortError');
}
