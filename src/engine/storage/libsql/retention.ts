/** Retention on libSQL: one bounded batch of finished trees deleted (or counted) at a time. */
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
import type { Db } from './db.js';
import { num, str } from './rows.js';

function plan(db: Db, request: PurgeBatchRequest): BatchPlan {
  const roots: Root[] = db.all(ELIGIBLE_ROOTS, eligibleRootsParams(request)).map((row) => ({
    executionId: str(row, 'execution_id') as ExecutionId,
    finishedAt: num(row, 'finished_at'),
  }));
  const planner = planBatch(request, roots);
  let step = planner.next();
  while (step.done !== true) {
    const { root, max } = step.value;
    const found = db.all(DESCENDANTS, { root, limit: max }).map((row) => str(row, 'execution_id') as ExecutionId);
    step = planner.next(found);
  }
  return step.value;
}

/** Deletes (or counts, in a dry run) the rows of `ids` in every table that holds them. */
function sweep(db: Db, ids: readonly ExecutionId[], dryRun: boolean): PurgeCounts {
  const counts: Record<string, number> = {};
  const params = { ids: JSON.stringify(ids) };
  for (const [key, table] of OWNED_TABLES) {
    const where = `WHERE execution_id IN (SELECT value FROM json_each(:ids))`;
    counts[key] = dryRun
      ? num(db.get(`SELECT COUNT(*) AS n FROM ${table} ${where}`, params) ?? { n: 0 }, 'n')
      : db.run(`DELETE FROM ${table} ${where}`, params);
  }
  return counts as unknown as PurgeCounts;
}

/** One batch; run it inside a write transaction unless `dryRun`. */
export function purgeFinished(db: Db, request: PurgeBatchRequest): PurgeBatchResult {
  const batch = plan(db, request);
  const counts = { ...sweep(db, batch.ids, request.dryRun === true), topLevel: batch.roots };
  return { counts, next: batch.next, done: batch.done };
}

/** Rows in each of obelisk's tables (`t_*`). */
export function tableRowCounts(db: Db): Record<string, number> {
  const tables = db
    .all(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\' ORDER BY name`)
    .map((row) => str(row, 'name'));
  return Object.fromEntries(tables.map((t) => [t, num(db.get(`SELECT COUNT(*) AS n FROM ${t}`) ?? { n: 0 }, 'n')]));
}
