/**
 * Storage faults (a full disk, an I/O error, a database busy or out of reach) seen by the
 * executors and the watcher. A fault is never an execution's outcome: the caller backs off and
 * tries again. This object is shared by one engine's loops, so an outage is logged once when
 * it starts (with the store's message and hint: the path and what to do) and once when it
 * ends, and every loop backs off by the same growing delay meanwhile.
 */
import { isRetriable, type Clock } from '../concepts/index.js';
import type { EngineLogger } from './logger.js';

/** The first back-off after a fault; doubled per further fault of the same outage. */
const FIRST_BACKOFF_MS = 100;
/** The longest back-off, so that work resumes soon after the fault clears. */
const MAX_BACKOFF_MS = 5_000;
/**
 * An outage ends when a write worked and no fault came for this long: on a nearly full disk some
 * small commits still fit, and one of them should not end the outage only for the next to start a new one.
 */
export const QUIET_AFTER_OUTAGE_MS = 1_000;

/** An outage in progress. */
export interface StorageOutage {
  /** When its first fault happened. */
  readonly since: number;
  /** How many faults it counted. */
  readonly faults: number;
  /** The first fault's message and hint. */
  readonly message: string;
  readonly hint: string | undefined;
}

export class StorageFaults {
  readonly #logger: EngineLogger;
  readonly #clock: Clock;
  #outage: StorageOutage | null = null;
  #lastFaultAt = 0;
  /** A write worked since the last fault. */
  #workedSinceFault = false;
  #checkScheduled = false;

  constructor(logger: EngineLogger, clock: Clock) {
    this.#logger = logger;
    this.#clock = clock;
  }

  /** True for the errors this handles (the retriable storage faults). */
  static is(error: unknown): boolean {
    return isRetriable(error);
  }

  /** The outage in progress, or `null` when the last write worked. */
  get outage(): StorageOutage | null {
    return this.#outage;
  }

  /** Counts a fault met while doing `what`; logs it if it starts an outage. Returns how long to back off. */
  fault(error: unknown, what: string): number {
    const previous = this.#outage;
    this.#lastFaultAt = this.#clock.now();
    this.#workedSinceFault = false;
    if (previous === null) {
      const message = error instanceof Error ? error.message : String(error);
      const hint = hintOf(error);
      this.#outage = { since: this.#clock.now(), faults: 1, message, hint };
      this.#logger.error(`storage failure while ${what}: ${message}`, {
        ...(hint === undefined ? {} : { hint }),
        effect: 'executions are not failed by this; obelisk backs off and retries until the storage works again',
      });
      return FIRST_BACKOFF_MS;
    }
    this.#outage = { ...previous, faults: previous.faults + 1 };
    return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.min(previous.faults, 16));
  }

  /** A write worked: ends the outage in progress (logged once) once no fault came for {@link QUIET_AFTER_OUTAGE_MS}. */
  ok(): void {
    if (this.#outage === null) {
      return;
    }
    this.#workedSinceFault = true;
    const quietFor = this.#clock.now() - this.#lastFaultAt;
    if (quietFor >= QUIET_AFTER_OUTAGE_MS) {
      this.#end();
    } else if (!this.#checkScheduled) {
      this.#checkScheduled = true;
      void this.#clock
        .sleep(QUIET_AFTER_OUTAGE_MS - quietFor)
        .catch(() => undefined)
        .then(() => {
          this.#checkScheduled = false;
          if (this.#workedSinceFault) {
            this.ok();
          }
        });
    }
  }

  #end(): void {
    const outage = this.#outage;
    if (outage === null) {
      return;
    }
    this.#outage = null;
    this.#logger.info('storage works again', {
      faults: outage.faults,
      outageMs: this.#clock.now() - outage.since,
    });
  }
}

function hintOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'hint' in error && typeof error.hint === 'string') {
    return error.hint;
  }
  return undefined;
}
