/**
 * Purging finished executions: batch after batch through {@link RetentionStore.purgeFinished},
 * yielding to the event loop between batches so that other work (API reads, executors) waits for
 * at most one batch.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import {
  NO_PURGE_COUNTS,
  addPurgeCounts,
  type PurgeCounts,
  type PurgeCutoffs,
  type PurgeCursor,
  type RetentionStore,
} from '../storage/index.js';

/** Executions (children included) one transaction deletes at most, by default. */
export const DEFAULT_PURGE_BATCH = 500;

/** How long finished executions are kept, per outcome of their top-level execution (ms). */
export interface RetentionAges {
  /** Every outcome not given its own age. */
  readonly finishedOlderThanMs: number;
  readonly okOlderThanMs?: number | undefined;
  readonly errOlderThanMs?: number | undefined;
  readonly failureOlderThanMs?: number | undefined;
}

export interface PurgeOptions {
  readonly dryRun?: boolean | undefined;
  /** Executions per transaction (default {@link DEFAULT_PURGE_BATCH}). */
  readonly batchSize?: number | undefined;
  /** Called after each batch with its counts and how long its transaction took (ms). */
  readonly onBatch?: ((counts: PurgeCounts, durationMs: number) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface PurgeReport {
  readonly dryRun: boolean;
  /** The instants (ms) before which trees finished with each outcome were eligible. */
  readonly finishedBefore: PurgeCutoffs;
  readonly counts: PurgeCounts;
  readonly batches: number;
}

/** The cutoffs at `now` for `ages`. */
export function cutoffsAt(now: number, ages: RetentionAges): PurgeCutoffs {
  const before = (ms: number | undefined): number => now - (ms ?? ages.finishedOlderThanMs);
  return {
    ok: before(ages.okOlderThanMs),
    err: before(ages.errOlderThanMs),
    failure: before(ages.failureOlderThanMs),
  };
}

/** Deletes (or counts) every eligible tree, one bounded batch at a time. */
export async function purgeFinished(
  store: RetentionStore,
  finishedBefore: PurgeCutoffs,
  options: PurgeOptions = {},
): Promise<PurgeReport> {
  const dryRun = options.dryRun === true;
  const limit = options.batchSize ?? DEFAULT_PURGE_BATCH;
  let counts = NO_PURGE_COUNTS;
  let batches = 0;
  let after: PurgeCursor | null = null;
  for (;;) {
    const started = performance.now();
    const batch = await store.purgeFinished({ finishedBefore, limit, dryRun, after });
    batches++;
    counts = addPurgeCounts(counts, batch.counts);
    options.onBatch?.(batch.counts, performance.now() - started);
    if (batch.done || options.signal?.aborted === true) {
      return { dryRun, finishedBefore, counts, batches };
    }
    after = batch.next;
    await nextTurn();
  }
}
