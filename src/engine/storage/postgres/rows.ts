/** Reading and writing `t_execution` rows (PostgreSQL). */
import { NotFound, type ExecutionId } from '../../concepts/index.js';
import { type ExecutionRow, executionRowOf } from '../row-codec.js';
import type { RowState } from '../state-machine.js';
import { rowStateParams, UPDATE_ROW } from '../sql/rows.js';
import type { Conn } from './db.js';

export * from '../row-codec.js';
export { executionRecordOf } from '../sql/rows.js';

const SELECT = 'SELECT * FROM t_execution WHERE execution_id = :id';
const SELECT_FOR_UPDATE = `${SELECT} FOR UPDATE`;

/**
 * Loads an execution row, or `undefined`. `forUpdate` row-locks it until the end of the
 * transaction, so that concurrent writers of one execution (in any process) take turns.
 */
export async function findExecution(
  c: Conn,
  executionId: ExecutionId,
  forUpdate = true,
): Promise<ExecutionRow | undefined> {
  const row = await c.get(forUpdate ? SELECT_FOR_UPDATE : SELECT, { id: executionId });
  return row === undefined ? undefined : executionRowOf(row);
}

/** Loads an execution row; throws `NotFound`. */
export async function loadExecution(c: Conn, executionId: ExecutionId, forUpdate = true): Promise<ExecutionRow> {
  const found = await findExecution(c, executionId, forUpdate);
  if (found === undefined) {
    throw new NotFound('execution', executionId);
  }
  return found;
}

/** Writes the mutable columns of an execution. */
export async function writeRowState(c: Conn, executionId: ExecutionId, row: RowState): Promise<void> {
  await c.run(UPDATE_ROW, { ...rowStateParams(row), execution_id: executionId });
}
