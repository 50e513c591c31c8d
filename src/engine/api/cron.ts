/** Cron entries in the engine: checking them against the loaded functions, and their status. */
import { NotFound, type ExecutionId } from '../concepts/index.js';
import type { ComponentRegistry } from '../components/registry.js';
import { cronEntry, type CronConfig, type CronEntry, type CronScheduler } from '../cron/scheduler.js';
import type { CronState, ExecutionRecord, Store } from '../storage/index.js';
import { validateSubmission } from './submit.js';

/** One cron entry's schedule and what it last did. */
export interface CronStatus {
  readonly name: string;
  readonly ffqn: string;
  readonly params: readonly unknown[];
  /** E.g. `0 3 * * * (Europe/Prague)` or `every 15m`. */
  readonly schedule: string;
  readonly catchUp: string;
  /** The next instant it fires (ms), `null` when it never fires again. */
  readonly nextFireAt: number | null;
  readonly firings: number;
  readonly lastFiredAt: number | null;
  readonly lastExecutionId: ExecutionId | null;
  /** The last firing's execution; `null` before the first firing or once it was purged. */
  readonly lastExecution: ExecutionRecord | null;
}

/**
 * Checks each entry (schedule, function, parameters against its signature) and returns the
 * valid ones and a problem per invalid one.
 */
export function checkCrons(
  registry: ComponentRegistry,
  crons: readonly CronConfig[],
): { entries: CronEntry[]; problems: { name: string; error: Error }[] } {
  const entries: CronEntry[] = [];
  const problems: { name: string; error: Error }[] = [];
  for (const config of crons) {
    try {
      validateSubmission(registry, config.ffqn, config.params);
      entries.push(cronEntry(config));
    } catch (error: unknown) {
      problems.push({ name: config.name, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return { entries, problems };
}

/** The status of every scheduled entry, in configuration order. */
export async function cronStatuses(scheduler: CronScheduler, store: Store, now: number): Promise<CronStatus[]> {
  const states = new Map<string, CronState>((await store.listCronStates()).map((s) => [s.name, s]));
  return Promise.all(
    scheduler.entries.map(async (entry) => {
      const state = states.get(entry.config.name);
      const current = state?.specHash === entry.specHash ? state : undefined;
      const lastExecutionId = state?.lastExecutionId ?? null;
      return {
        name: entry.config.name,
        ffqn: entry.config.ffqn,
        params: entry.config.params,
        schedule: entry.schedule.description,
        catchUp: entry.catchUp,
        nextFireAt: current?.nextFireAt ?? entry.schedule.nextAfter(now),
        firings: state?.firings ?? 0,
        lastFiredAt: state?.lastFiredAt ?? null,
        lastExecutionId,
        lastExecution: lastExecutionId === null ? null : await readOrNull(store, lastExecutionId),
      };
    }),
  );
}

async function readOrNull(store: Store, id: ExecutionId): Promise<ExecutionRecord | null> {
  try {
    return await store.getExecution(id);
  } catch (error: unknown) {
    if (error instanceof NotFound) {
      return null;
    }
    throw error;
  }
}
