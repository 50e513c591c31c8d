/** Retention on PostgreSQL: one bounded batch of finished trees deleted (or counted) at a time. */
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
import type { Conn } from './db.js';
import { num, str } from './rows.js';

async function plan(c: Conn, request: PurgeBatchRequest): Promise<BatchPlan> {
  const roots: Root[] = (await c.all(ELIGIBLE_ROOTS, eligibleRootsParams(request))).map((row) => ({
    executionId: str(row, 'execution_id') as ExecutionId,
    finishedAt: num(row, 'finished_at'),
  }));
  const planner = planBatch(request, roots);
  let step = planner.next();
  while (step.done !== true) {
    const { root, max } = step.value;
    const rows = await c.all(DESCENDANTS, { root, limit: Math.min(max, Number.MAX_SAFE_INTEGER) });
    step = planner.next(rows.map((row) => str(row, 'execution_id') as ExecutionId));
  }
  return step.value;
}

/** Deletes (or counts, in a dry run) the rows of `ids` in every table that holds them. */
async function sweep(c: Conn, ids: readonly string[], dryRun: boolean): Promise<PurgeCounts> {
  const counts: Record<string, number> = {};
  for (const [key, table] of OWNED_TABLES) {
    const where = 'WHERE execution_id = ANY(CAST(:ids AS text[]))';
    counts[key] = dryRun
      ? num((await c.get(`SELECT COUNT(*) AS n FROM ${table} ${where}`, { ids })) ?? { n: 0 }, 'n')
      : await c.run(`DELETE FROM ${table} ${where}`, { ids });
  }
  return counts as unknown as PurgeCounts;
}

/** One batch; run it inside a transaction unless `dryRun`. */
export async function purgeFinished(c: Conn, request: PurgeBatchRequest): Promise<PurgeBatchResult> {
  const batch = await plan(c, request);
  const counts = { ...(await sweep(c, batch.ids, request.dryRun === true)), topLevel: batch.roots };
  return { counts, next: batch.next, done: batch.done };
}

/** Rows in each of obelisk's tables (`t_*`) in the store's schema. */
export async function tableRowCounts(c: Conn): Promise<Record<string, number>> {
  const tables = (
    await c.all(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_name LIKE 't\\_%' ORDER BY table_name`,
    )
  ).map((row) => str(row, 'name'));
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = num((await c.get(`SELECT COUNT(*) AS n FROM ${table}`)) ?? { n: 0 }, 'n');
  }
  return counts;
}
