/**
 * Runs a store operation (see `sql/query.ts`) on a PostgreSQL connection, awaiting each answer.
 * Execution rows are row-locked when asked (`rows.ts`); notes are collected in the transaction's
 * list and sent once it committed (`store.ts`).
 */
import { StorageFailure } from '../../concepts/index.js';
import type { Note, Query, Sql } from '../sql/query.js';
import type { Conn } from './db.js';
import { findExecution, writeRowState } from './rows.js';

/** Runs `operation` to its end; `notes` collects what a write announces (`null` in a read). */
export async function runSql<T>(c: Conn, operation: Sql<T>, notes: Note[] | null = null): Promise<T> {
  let step = operation.next();
  while (step.done !== true) {
    step = operation.next(await answer(c, step.value, notes));
  }
  return step.value;
}

async function answer(c: Conn, query: Query, notes: Note[] | null): Promise<unknown> {
  switch (query.kind) {
    case 'get':
      return c.get(query.sql, query.params);
    case 'all':
      return c.all(query.sql, query.params);
    case 'run':
      return c.run(query.sql, query.params);
    case 'find':
      return findExecution(c, query.executionId, query.forUpdate);
    case 'write-row':
      return writeRowState(c, query.executionId, query.row);
    case 'keep-row':
      return undefined;
    case 'note':
      if (notes === null) {
        throw new StorageFailure('a notification outside a write transaction');
      }
      notes.push(query.note);
      return undefined;
  }
}
