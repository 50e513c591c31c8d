/**
 * Watches for what no live executor will handle: locks that expired (their executor
 * died) and delays whose time has come. Expired locks are retried with backoff or
 * finished as timed out; a workflow run that made progress is simply unlocked. An execution only
 * the process that locked it could run (a webhook request) is finished as its owner says
 * (`orphaned`). A lock that an
 * executor of this engine still holds (its attempt runs, or waits for storage to record its
 * outcome) is left alone: it expired because storage refused the extension, not because its
 * executor died. During a storage outage the loop backs off (see {@link StorageFaults}).
 */
import { FinishedResult, VersionConflict, InvalidState, type Clock } from '../concepts/index.js';
import type { ExecutorStore, ExpiredLock } from '../storage/index.js';
import { applyWrite } from './apply.js';
import { silentLogger, type EngineLogger } from './logger.js';
import { writeForTimeout, type OutcomeWrite } from './outcome.js';
import { StorageFaults } from './storage-faults.js';

export interface WatcherOptions {
  readonly store: ExecutorStore;
  readonly clock: Clock;
  readonly tickSleepMs: number;
  /** Locks are treated as expired only `leewayMs` after their expiry. */
  readonly leewayMs: number;
  readonly logger?: EngineLogger | undefined;
  readonly faults?: StorageFaults | undefined;
  /** True when an executor of this engine still holds the execution's attempt. */
  readonly heldHere?: ((executionId: ExpiredLock['executionId']) => boolean) | undefined;
  /**
   * The result of an execution that no executor can take up once its lock expired, because only
   * the process that locked it could run it (a webhook request); `null` for any other.
   */
  readonly orphaned?: ((lock: ExpiredLock) => FinishedResult | null) | undefined;
}

export interface WatcherTick {
  readonly expiredLocks: number;
  readonly firedDelays: number;
}

export class Watcher {
  readonly #options: WatcherOptions;
  readonly #logger: EngineLogger;
  readonly #faults: StorageFaults;
  #loop: Promise<void> | null = null;
  #stopping: AbortController | null = null;

  constructor(options: WatcherOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#faults = options.faults ?? new StorageFaults(this.#logger, options.clock);
  }

  async tick(now: number = this.#options.clock.now()): Promise<WatcherTick> {
    const { store } = this.#options;
    let expiredLocks = 0;
    for (const lock of await store.findExpiredLocks(now - this.#options.leewayMs)) {
      if (this.#options.heldHere?.(lock.executionId) === true) {
        continue;
      }
      if (await this.#expire(lock, now)) {
        expiredLocks++;
      }
    }
    let firedDelays = 0;
    for (const delay of await store.findExpiredDelays(now)) {
      if (await store.fireDelay(delay.delayId, now)) {
        firedDelays++;
      }
    }
    if (expiredLocks + firedDelays > 0) {
      this.#faults.ok();
    }
    return { expiredLocks, firedDelays };
  }

  start(): void {
    if (this.#loop !== null) {
      return;
    }
    const stopping = new AbortController();
    this.#stopping = stopping;
    this.#loop = (async () => {
      const { clock, tickSleepMs } = this.#options;
      while (!stopping.signal.aborted) {
        // The pause is counted from before the tick, so that time passing during a slow tick
        // (a simulated clock moved by a test, a long query) is seen by the next tick at once.
        const paced = clock.sleep(tickSleepMs, stopping.signal).then(
          () => undefined,
          () => undefined,
        );
        let backoffMs = 0;
        try {
          await this.tick();
        } catch (error: unknown) {
          if (StorageFaults.is(error)) {
            backoffMs = this.#faults.fault(error, 'expiring locks and firing delays');
          } else {
            this.#logger.error('watcher tick failed', { error: String(error) });
          }
        }
        // After a storage fault the backoff counts from the failed tick's end, as it always did.
        await (backoffMs > 0
          ? clock.sleep(Math.max(backoffMs, tickSleepMs), stopping.signal).catch(() => undefined)
          : paced);
      }
    })();
  }

  async stop(): Promise<void> {
    this.#stopping?.abort();
    await this.#loop;
    this.#loop = null;
  }

  async #expire(lock: ExpiredLock, now: number): Promise<boolean> {
    const orphaned = this.#options.orphaned?.(lock) ?? null;
    const write: OutcomeWrite =
      orphaned === null || lock.cancelRequested ? writeForExpiredLock(lock, now) : { type: 'finish', result: orphaned };
    this.#logger.warn('lock expired: its executor stopped renewing it', {
      executionId: lock.executionId,
      executorId: lock.executorId,
    });
    try {
      await applyWrite(this.#options.store, lock.executionId, lock.version, write, now);
      return true;
    } catch (error: unknown) {
      if (error instanceof VersionConflict || error instanceof InvalidState) {
        return false; // resolved by someone else meanwhile
      }
      throw error;
    }
  }
}

/** What to write for an expired lock. */
export function writeForExpiredLock(lock: ExpiredLock, now: number): OutcomeWrite {
  if (lock.cancelRequested) {
    return { type: 'finish', result: FinishedResult.failure('cancelled') };
  }
  if (lock.version > lock.lockedAtVersion) {
    return {
      type: 'unlock',
      event: { type: 'unlocked', reason: 'lock expired after the run made progress', backoffUntil: now },
    };
  }
  return writeForTimeout(lock.intermittentFailures, now, lock.retry);
}
