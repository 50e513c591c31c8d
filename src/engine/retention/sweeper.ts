/** The retention sweep: purges finished executions past their age every `interval`. */
import type { Clock } from '../concepts/index.js';
import { BackgroundTask } from '../concepts/background-task.js';
import type { EngineLogger } from '../executor/index.js';
import type { RetentionStore } from '../storage/index.js';
import { cutoffsAt, purgeFinished, type PurgeReport, type RetentionAges } from './purge.js';

/** `[retention]` as the engine takes it. */
export interface RetentionPolicy extends RetentionAges {
  /** How often the sweep runs (default 1 hour); the first sweep runs at start. */
  readonly intervalMs?: number | undefined;
  /** Executions per transaction. */
  readonly batchSize?: number | undefined;
}

export const DEFAULT_RETENTION_INTERVAL_MS = 3_600_000;

export interface RetentionSweeperOptions {
  readonly store: RetentionStore;
  readonly clock: Clock;
  readonly logger: EngineLogger;
  readonly policy: RetentionPolicy;
}

export class RetentionSweeper {
  readonly #options: RetentionSweeperOptions;
  readonly #task = new BackgroundTask((signal) => this.#run(signal));

  constructor(options: RetentionSweeperOptions) {
    this.#options = options;
  }

  /** One sweep at `now`. */
  async sweep(now: number = this.#options.clock.now(), signal?: AbortSignal): Promise<PurgeReport> {
    const { store, policy, logger } = this.#options;
    const report = await purgeFinished(store, cutoffsAt(now, policy), { batchSize: policy.batchSize, signal });
    if (report.counts.executions > 0) {
      logger.info('retention: purged finished executions', {
        top_level: report.counts.topLevel,
        executions: report.counts.executions,
        batches: report.batches,
      });
    }
    return report;
  }

  /** Sweeps now and then every interval until {@link stop}. */
  start(): void {
    this.#task.start();
  }

  async #run(signal: AbortSignal): Promise<void> {
    const { clock, logger, policy } = this.#options;
    while (!signal.aborted) {
      try {
        await this.sweep(clock.now(), signal);
      } catch (error: unknown) {
        logger.error(`retention: ${(error as Error).message}`);
      }
      await clock.sleep(policy.intervalMs ?? DEFAULT_RETENTION_INTERVAL_MS, signal).catch(() => undefined);
    }
  }

  stop(): Promise<void> {
    return this.#task.stop();
  }
}
