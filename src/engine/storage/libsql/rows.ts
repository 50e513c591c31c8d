/** Reading and writing `t_execution` rows on libSQL, through the connection's row memo. */
import { NotFound, type ExecutionId } from '../../concepts/index.js';
import { type ExecutionRow, executionRowOf } from '../row-codec.js';
import type { RowState } from '../state-machine.js';
import { rowStateParams, UPDATE_ROW } from '../sql/rows.js';
import type { Db } from './db.js';

export * from '../row-codec.js';
export { executionRecordOf } from '../sql/rows.js';

/** Loads an execution row, or `undefined`; inside a write transaction from the memo when it is there. */
export function findExecution(db: Db, executionId: ExecutionId): ExecutionRow | undefined {
  const memo = db.memo();
  const kept = memo?.get(executionId) as ExecutionRow | undefined;
  if (kept !== undefined) {
    return kept;
  }
  const row = db.get('SELECT * FROM t_execution WHERE execution_id = :id', { id: executionId });
  if (row === undefined) {
    return undefined;
  }
  const execution = executionRowOf(row);
  memo?.set(executionId, execution);
  return execution;
}

/** Loads an execution row; throws `NotFound`. */
export function loadExecution(db: Db, executionId: ExecutionId): ExecutionRow {
  const found = findExecution(db, executionId);
  if (found === undefined) {
    throw new NotFound('execution', executionId);
  }
  return found;
}

/** Writes the mutable columns of an execution (and keeps the new state in the memo). */
export function writeRowState(db: Db, executionId: ExecutionId, row: RowState): void {
  const changed = db.runKeepingMemo(UPDATE_ROW, { ...rowStateParams(row), execution_id: executionId });
  const memo = db.memo();
  const kept = memo?.get(executionId) as ExecutionRow | undefined;
  if (kept !== undefined) {
    if (changed === 1) {
      memo?.set(executionId, { ...kept, row });
    } else {
      memo?.delete(executionId);
    }
  }
}
