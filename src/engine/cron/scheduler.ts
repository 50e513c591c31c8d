/**
 * The cron scheduler. Per configured entry the store keeps the next instant to fire. A tick
 * reads it, decides which due instants to fire (catch-up policy), submits one execution per
 * instant with an ID derived from the entry's name and the instant, then records the next
 * instant with a compare-and-set. A crash between submitting and recording, a restart, or a
 * second process deciding the same instants submits the same IDs again: a no-op.
 */
import { createHash } from 'node:crypto';
import {
  Conflict,
  canonicalJson,
  WAIT_ENDED,
  type Clock,
  type ExecutionId,
  type JsonValue,
} from '../concepts/index.js';
import { BackgroundTask } from '../concepts/background-task.js';
import type { EngineLogger } from '../executor/index.js';
import type { CronState, CronStore } from '../storage/index.js';
import { CatchUp, cronExecutionId, firingsToRun } from './catch-up.js';
import { createSchedule, type Schedule, type ScheduleSpec } from './schedule.js';

/** A `[[cron]]` entry as the engine takes it. */
export interface CronConfig {
  readonly name: string;
  readonly ffqn: string;
  /** A JSON array, checked against the function's signature when set. */
  readonly params: readonly unknown[];
  readonly schedule: ScheduleSpec;
  /** Default `latest`. */
  readonly catchUp?: CatchUp | undefined;
  /** For `catchUp = all`: the most missed firings run at once (default 10). */
  readonly maxCatchUp?: number | undefined;
}

/** Submits one firing (validated like any submission); `created: false` when the ID existed. */
export type CronSubmit = (
  ffqn: string,
  params: readonly unknown[],
  options: { executionId: ExecutionId; scheduledAt: number },
) => Promise<{ created: boolean }>;

export interface CronSchedulerOptions {
  readonly store: CronStore;
  readonly clock: Clock;
  readonly logger: EngineLogger;
  readonly submit: CronSubmit;
  /** How often the stored states are re-read at most (other processes, reloads); default 1 s. */
  readonly pollMs?: number | undefined;
}

/** One entry as scheduled. */
export interface CronEntry {
  readonly config: CronConfig;
  readonly schedule: Schedule;
  readonly catchUp: CatchUp;
  readonly maxCatchUp: number;
  readonly specHash: string;
}

const DEFAULT_MAX_CATCH_UP = 10;

/** Builds the scheduled form of an entry; throws `InvalidArgument` for a bad schedule. */
export function cronEntry(config: CronConfig): CronEntry {
  const schedule = createSchedule(config.schedule);
  const specHash = createHash('sha256')
    .update(
      canonicalJson({ ffqn: config.ffqn, params: config.params as JsonValue[], schedule: { ...config.schedule } }),
    )
    .digest('hex');
  return {
    config,
    schedule,
    catchUp: config.catchUp ?? CatchUp.latest,
    maxCatchUp: config.maxCatchUp ?? DEFAULT_MAX_CATCH_UP,
    specHash,
  };
}

export class CronScheduler {
  readonly #options: CronSchedulerOptions;
  #entries: readonly CronEntry[] = [];
  readonly #task = new BackgroundTask((signal) => this.#run(signal));
  #nextDue = Number.POSITIVE_INFINITY;
  #wake: AbortController | null = null;

  constructor(options: CronSchedulerOptions) {
    this.#options = options;
  }

  get entries(): readonly CronEntry[] {
    return this.#entries;
  }

  /** Replaces the scheduled entries; states of entries no longer configured are dropped at the next tick. */
  setEntries(entries: readonly CronEntry[]): void {
    this.#entries = entries;
    this.#wake?.abort(WAIT_ENDED);
  }

  /** Fires what is due at `now`; returns how many executions were created. */
  async tick(now: number = this.#options.clock.now()): Promise<number> {
    const store = this.#options.store;
    const states = new Map((await store.listCronStates()).map((s) => [s.name, s]));
    let created = 0;
    let nextDue = Number.POSITIVE_INFINITY;
    for (const entry of this.#entries) {
      try {
        const result = await this.#tickEntry(entry, states.get(entry.config.name), now);
        created += result.created;
        nextDue = Math.min(nextDue, result.nextFireAt ?? Number.POSITIVE_INFINITY);
      } catch (error: unknown) {
        this.#options.logger.error(`cron ${entry.config.name}: ${(error as Error).message}`);
      }
    }
    this.#nextDue = nextDue;
    const names = this.#entries.map((e) => e.config.name);
    if ([...states.keys()].some((name) => !names.includes(name))) {
      await store.deleteCronStates(names);
    }
    return created;
  }

  async #tickEntry(
    entry: CronEntry,
    state: CronState | undefined,
    now: number,
  ): Promise<{ created: number; nextFireAt: number | null }> {
    const { name } = entry.config;
    if (state === undefined || state.specHash !== entry.specHash) {
      const first = entry.schedule.nextAfter(now);
      if (first !== null) {
        await this.#save(entry, state, { nextFireAt: first, now });
      }
      return { created: 0, nextFireAt: first };
    }
    if (state.nextFireAt > now) {
      return { created: 0, nextFireAt: state.nextFireAt };
    }
    const { fire, skipped } = firingsToRun(entry.schedule, entry.catchUp, entry.maxCatchUp, state.nextFireAt, now);
    if (skipped > 0) {
      this.#options.logger.info(`cron ${name}: ${skipped} missed firing(s) skipped (catch_up = ${entry.catchUp})`);
    }
    let created = 0;
    let last: { at: number; id: ExecutionId } | null = null;
    for (const instant of fire) {
      const executionId = cronExecutionId(name, instant);
      created += (await this.#submit(entry, executionId, instant)) ? 1 : 0;
      last = { at: instant, id: executionId };
    }
    const next = entry.schedule.nextAfter(now);
    await this.#save(entry, state, { nextFireAt: next ?? Number.MAX_SAFE_INTEGER, now, fired: fire.length, last });
    return { created, nextFireAt: next };
  }

  async #submit(entry: CronEntry, executionId: ExecutionId, instant: number): Promise<boolean> {
    const { name, ffqn, params } = entry.config;
    try {
      const { created } = await this.#options.submit(ffqn, params, { executionId, scheduledAt: instant });
      if (created) {
        this.#options.logger.info(`cron ${name} fired`, {
          execution_id: executionId,
          at: new Date(instant).toISOString(),
        });
      }
      return created;
    } catch (error: unknown) {
      if (error instanceof Conflict) {
        this.#options.logger.warn(`cron ${name}: ${executionId} exists with other parameters; firing skipped`);
        return false;
      }
      throw error;
    }
  }

  async #save(
    entry: CronEntry,
    previous: CronState | undefined,
    change: { nextFireAt: number; now: number; fired?: number; last?: { at: number; id: ExecutionId } | null },
  ): Promise<void> {
    await this.#options.store.saveCronState({
      state: {
        name: entry.config.name,
        specHash: entry.specHash,
        nextFireAt: change.nextFireAt,
        lastFiredAt: change.last?.at ?? previous?.lastFiredAt ?? null,
        lastExecutionId: change.last?.id ?? previous?.lastExecutionId ?? null,
        firings: (previous?.firings ?? 0) + (change.fired ?? 0),
        updatedAt: change.now,
      },
      expectedNextFireAt: previous?.nextFireAt ?? null,
    });
  }

  /** Ticks until {@link stop}: at every next firing, and at least every `pollMs`. */
  start(): void {
    this.#task.start();
  }

  async #run(signal: AbortSignal): Promise<void> {
    const { clock, logger } = this.#options;
    const pollMs = this.#options.pollMs ?? 1000;
    while (!signal.aborted) {
      try {
        await this.tick(clock.now());
      } catch (error: unknown) {
        logger.error(`cron: ${(error as Error).message}`);
      }
      const wait = Math.max(0, Math.min(pollMs, this.#nextDue - clock.now()));
      this.#wake = new AbortController();
      const both = AbortSignal.any([signal, this.#wake.signal]);
      await clock.sleep(wait, both).catch(() => undefined);
    }
  }

  stop(): Promise<void> {
    return this.#task.stop();
  }
}
