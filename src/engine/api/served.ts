/**
 * Announces the component versions this process has loaded, renewed while it runs, so that the
 * executions of a version are locked only by processes that have it (see
 * `LockPendingRequest.servedDigests`). A process that stops withdraws its announcement; one that
 * dies leaves it to run out after {@link ANNOUNCEMENT_TTL_MS}, and its versions' executions are
 * then open to every process serving their functions.
 */
import { BackgroundTask } from '../concepts/background-task.js';
import type { Clock } from '../concepts/index.js';
import type { EngineLogger } from '../executor/index.js';
import type { ExecutorStore } from '../storage/index.js';

/** How often the announcement is renewed. */
export const ANNOUNCE_EVERY_MS = 5_000;
/** How long one announcement holds: a few renewals may fail (a storage outage) before it runs out. */
export const ANNOUNCEMENT_TTL_MS = 4 * ANNOUNCE_EVERY_MS;

export interface ServedDigestsOptions {
  readonly store: Pick<ExecutorStore, 'announceServedDigests' | 'withdrawServedDigests'>;
  readonly clock: Clock;
  readonly logger: EngineLogger;
  /** This process (its executor ID). */
  readonly processId: string;
  /** The digests loaded now (current and retired versions). */
  readonly digests: () => readonly string[];
}

export class ServedDigests {
  readonly #options: ServedDigestsOptions;
  readonly #task = new BackgroundTask((signal) => this.#run(signal));
  #started = false;

  constructor(options: ServedDigestsOptions) {
    this.#options = options;
  }

  /** Announces now (so that a reload is known at once) and renews until {@link stop}. */
  start(): void {
    this.#started = true;
    this.#task.start();
  }

  /** Announces the digests loaded now (once started: an engine that only submits and reads serves nothing). */
  async announce(): Promise<void> {
    if (!this.#started) {
      return;
    }
    const { store, clock, processId, digests } = this.#options;
    const now = clock.now();
    await store.announceServedDigests(processId, digests(), now + ANNOUNCEMENT_TTL_MS, now);
  }

  async stop(): Promise<void> {
    if (!this.#started) {
      return;
    }
    this.#started = false;
    await this.#task.stop();
    await this.#options.store.withdrawServedDigests(this.#options.processId).catch((error: unknown) => {
      this.#options.logger.debug(`could not withdraw the served component versions: ${(error as Error).message}`);
    });
  }

  async #run(signal: AbortSignal): Promise<void> {
    const { clock, logger } = this.#options;
    while (!signal.aborted) {
      // A failed renewal is retried at the next one; a storage outage is logged where it is met first.
      await this.announce().catch((error: unknown) => {
        logger.debug(`could not announce the served component versions: ${(error as Error).message}`);
      });
      await clock.sleep(ANNOUNCE_EVERY_MS, signal).catch(() => undefined);
    }
  }
}
