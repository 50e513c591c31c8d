/**
 * The SQL and the batch planning shared by the libSQL and PostgreSQL retention queries: which
 * roots are eligible, and which executions one bounded batch takes.
 */
import type { ExecutionId } from '../concepts/index.js';
import type { PurgeBatchRequest, PurgeCounts, PurgeCursor } from './retention.js';

/**
 * Eligible roots, oldest first: finished top-level executions past their outcome's cutoff whose
 * tree has no unfinished execution. `:max_cutoff` bounds the index range scan.
 */
export const ELIGIBLE_ROOTS = `SELECT execution_id, finished_at FROM t_execution AS t
WHERE is_top_level = 1 AND state = 'finished' AND finished_at < :max_cutoff
  AND (finished_at > :after_at OR (finished_at = :after_at AND execution_id > :after_id))
  AND ((result_kind = 'ok' AND finished_at < :ok) OR (result_kind = 'err' AND finished_at < :err)
    OR (result_kind = 'failure' AND finished_at < :failure))
  AND NOT EXISTS (SELECT 1 FROM t_execution AS u WHERE u.topmost_parent_id = t.execution_id AND u.state <> 'finished')
ORDER BY finished_at, execution_id
LIMIT :limit`;

/** Up to `:limit` descendants (every depth) of the root `:root`. */
export const DESCENDANTS = `SELECT execution_id FROM t_execution
WHERE topmost_parent_id = :root AND execution_id <> :root LIMIT :limit`;

/** The tables holding an execution's rows, keyed by the count they contribute to; executions last. */
export const OWNED_TABLES = [
  ['events', 't_event'],
  ['joinSets', 't_join_set'],
  ['responses', 't_response'],
  ['delays', 't_delay'],
  ['logs', 't_log'],
  ['executions', 't_execution'],
] as const satisfies readonly (readonly [Exclude<keyof PurgeCounts, 'topLevel'>, string])[];

/** The parameters of {@link ELIGIBLE_ROOTS}. */
export function eligibleRootsParams(request: PurgeBatchRequest): Record<string, string | number> {
  const { ok, err, failure } = request.finishedBefore;
  return {
    max_cutoff: Math.max(ok, err, failure),
    after_at: request.after?.finishedAt ?? -1,
    after_id: request.after?.executionId ?? '',
    ok,
    err,
    failure,
    limit: Math.max(1, request.limit),
  };
}

export interface Root {
  readonly executionId: ExecutionId;
  readonly finishedAt: number;
}

/** What one batch takes. */
export interface BatchPlan {
  /** Every execution to delete (or count), descendants before their roots. */
  readonly ids: ExecutionId[];
  /** Roots taken whole. */
  readonly roots: number;
  readonly next: PurgeCursor | null;
  readonly done: boolean;
}

/** One question {@link planBatch} asks its driver: up to `max` descendant IDs of `root`. */
export interface DescendantsQuery {
  readonly root: ExecutionId;
  readonly max: number;
}

/**
 * Takes whole trees, oldest first, while they fit in `limit` executions. When even the first tree
 * does not fit, a real purge takes `limit` of its descendants and leaves the root (and the cursor)
 * for the next batch; a dry run, which deletes nothing, counts that tree whole instead.
 * A generator so that a synchronous and an asynchronous backend can both answer its queries:
 * the driver answers each yielded {@link DescendantsQuery} with the IDs it found.
 */
export function* planBatch(
  request: PurgeBatchRequest,
  roots: readonly Root[],
): Generator<DescendantsQuery, BatchPlan, ExecutionId[]> {
  const limit = Math.max(1, request.limit);
  const ids: ExecutionId[] = [];
  let next: PurgeCursor | null = request.after ?? null;
  let taken = 0;
  for (const root of roots) {
    const room = limit - ids.length;
    if (room <= 0) {
      return { ids, roots: taken, next, done: false };
    }
    const unbounded = request.dryRun === true && taken === 0;
    const found = yield { root: root.executionId, max: unbounded ? Number.MAX_SAFE_INTEGER : room };
    if (!unbounded && found.length + 1 > room) {
      if (taken === 0) {
        ids.push(...found.slice(0, room));
      }
      return { ids, roots: taken, next, done: false };
    }
    ids.push(...found, root.executionId);
    taken++;
    next = { finishedAt: root.finishedAt, executionId: root.executionId };
  }
  return { ids, roots: taken, next, done: roots.length < limit };
}
