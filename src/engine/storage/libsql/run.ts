/**
 * Runs a store operation (see `sql/query.ts`) on the libSQL connection: a plain loop that answers
 * each query at once, synchronously. Execution rows go through the connection's row memo
 * (`rows.ts`); notes become the write's hooks (`tx.ts`).
 */
import type { Query, Sql } from '../sql/query.js';
import { findExecution, writeRowState } from './rows.js';
import { notify, type Tx } from './tx.js';

/** Runs `operation` to its end and returns its result (a failing statement throws out of it). */
export function runSql<T>(tx: Tx, operation: Sql<T>): T {
  let step = operation.next();
  while (step.done !== true) {
    step = operation.next(answer(tx, step.value));
  }
  return step.value;
}

function answer(tx: Tx, query: Query): unknown {
  const { db } = tx;
  switch (query.kind) {
    case 'get':
      return db.get(query.sql, query.params);
    case 'all':
      return db.all(query.sql, query.params);
    case 'run':
      return db.run(query.sql, query.params);
    case 'find':
      return findExecution(db, query.executionId);
    case 'write-row':
      writeRowState(db, query.executionId, query.row);
      return undefined;
    case 'keep-row':
      db.memo()?.set(query.execution.executionId, query.execution);
      return undefined;
    case 'note':
      notify(tx, query.note);
      return undefined;
  }
}
