/**
 * Retention: deleting finished top-level executions with everything they own (their children at
 * every depth, event logs, join sets, responses, delays and logs), a bounded batch at a time.
 * Backend-neutral shapes and the {@link RetentionStore} role; each backend implements it in its
 * own `retention.ts`.
 */
import type { ExecutionId } from '../concepts/index.js';

/** Per outcome of the top-level execution: trees whose root finished before this instant (ms) may go. */
export interface PurgeCutoffs {
  readonly ok: number;
  readonly err: number;
  readonly failure: number;
}

/** Where a purge continues: after this top-level execution in `(finishedAt, executionId)` order. */
export interface PurgeCursor {
  readonly finishedAt: number;
  readonly executionId: ExecutionId;
}

export interface PurgeBatchRequest {
  readonly finishedBefore: PurgeCutoffs;
  /**
   * The most executions (children included) one call deletes, in one transaction. A tree larger
   * than that is deleted over several calls: children first, its root last.
   */
  readonly limit: number;
  /** Count what would be deleted without deleting anything. */
  readonly dryRun?: boolean | undefined;
  /** Continue after this root (a dry run deletes nothing, so it pages with the cursor). */
  readonly after?: PurgeCursor | null | undefined;
}

/** Rows deleted (or, in a dry run, that would be), per kind. */
export interface PurgeCounts {
  /** Top-level executions whose whole tree is gone. */
  readonly topLevel: number;
  /** Executions at every depth (roots included). */
  readonly executions: number;
  readonly events: number;
  readonly joinSets: number;
  readonly responses: number;
  readonly delays: number;
  readonly logs: number;
}

export interface PurgeBatchResult {
  readonly counts: PurgeCounts;
  /** Pass as `after` to continue (`null`: from the start). */
  readonly next: PurgeCursor | null;
  /** True when nothing eligible is left after this batch. */
  readonly done: boolean;
}

export const NO_PURGE_COUNTS: PurgeCounts = {
  topLevel: 0,
  executions: 0,
  events: 0,
  joinSets: 0,
  responses: 0,
  delays: 0,
  logs: 0,
};

/** Sums two counts. */
export function addPurgeCounts(a: PurgeCounts, b: PurgeCounts): PurgeCounts {
  return {
    topLevel: a.topLevel + b.topLevel,
    executions: a.executions + b.executions,
    events: a.events + b.events,
    joinSets: a.joinSets + b.joinSets,
    responses: a.responses + b.responses,
    delays: a.delays + b.delays,
    logs: a.logs + b.logs,
  };
}

/** The retention sweep's role. */
export interface RetentionStore {
  /**
   * Deletes (or counts, when `dryRun`) one batch of finished top-level executions that finished
   * before their outcome's cutoff and whose tree holds nothing unfinished, with everything they own,
   * in one transaction, oldest first. An unfinished execution, or a tree with one, is never touched.
   */
  purgeFinished(request: PurgeBatchRequest): Promise<PurgeBatchResult>;
  /** Rows per table (`t_execution`, `t_event`, ...): for tests and diagnostics. */
  tableRowCounts(): Promise<Readonly<Record<string, number>>>;
}
