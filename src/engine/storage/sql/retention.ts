/** Retention: one bounded batch of finished trees deleted (or counted) at a time. */
import type { ExecutionId } from '../../concepts/index.js';
import type { PurgeBatchRequest, PurgeBatchResult, PurgeCounts } from '../retention.js';
import {
  DESCENDANTS,
  ELIGIBLE_ROOTS,
  OWNED_TABLES,
  eligibleRootsParams,
  planBatch,
  type BatchPlan,
  type Root,
} from '../retention-sql.js';
import { num, str } from '../row-codec.js';
import type { Dialect } from './dialect.js';
import { all, get, run, type Sql, type SqlRow } from './query.js';

function* plan(request: PurgeBatchRequest): Sql<BatchPlan> {
  const rows = (yield all(ELIGIBLE_ROOTS, eligibleRootsParams(request))) as SqlRow[];
  const roots: Root[] = rows.map((row) => ({
    executionId: str(row, 'execution_id') as ExecutionId,
    finishedAt: num(row, 'finished_at'),
  }));
  const planner = planBatch(request, roots);
  let step = planner.next();
  while (step.done !== true) {
    const { root, max } = step.value;
    const found = (yield all(DESCENDANTS, { root, limit: Math.min(max, Number.MAX_SAFE_INTEGER) })) as SqlRow[];
    step = planner.next(found.map((row) => str(row, 'execution_id') as ExecutionId));
  }
  return step.value;
}

/** Deletes (or counts, in a dry run) the rows of `ids` in every table that holds them. */
function* sweep(dialect: Dialect, ids: readonly ExecutionId[], dryRun: boolean): Sql<PurgeCounts> {
  const counts: Record<string, number> = {};
  const params = { ids: JSON.stringify(ids) };
  const where = `WHERE ${dialect.inJsonArray('execution_id', 'ids')}`;
  for (const [key, table] of OWNED_TABLES) {
    counts[key] = dryRun
      ? num(((yield get(`SELECT COUNT(*) AS n FROM ${table} ${where}`, params)) as SqlRow | undefined) ?? { n: 0 }, 'n')
      : ((yield run(`DELETE FROM ${table} ${where}`, params)) as number);
  }
  return counts as unknown as PurgeCounts;
}

/** One batch; run it inside a write transaction unless `dryRun`. */
export function* purgeFinished(dialect: Dialect, request: PurgeBatchRequest): Sql<PurgeBatchResult> {
  const batch = yield* plan(request);
  const counts = { ...(yield* sweep(dialect, batch.ids, request.dryRun === true)), topLevel: batch.roots };
  return { counts, next: batch.next, done: batch.done };
}

/** Rows in each of obelisk's tables (`t_*`). */
export function* tableRowCounts(dialect: Dialect): Sql<Record<string, number>> {
  const tables = ((yield all(dialect.tables)) as SqlRow[]).map((row) => str(row, 'name'));
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = num(((yield get(`SELECT COUNT(*) AS n FROM ${table}`)) as SqlRow | undefined) ?? { n: 0 }, 'n');
  }
  return counts;
}
