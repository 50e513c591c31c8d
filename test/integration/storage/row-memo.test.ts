/**
 * The libSQL connection keeps the execution rows it read or wrote while it holds the write lock
 * (the row memo). These cases would serve a stale row if the memo outlived what it may: another
 * connection's commit, a rolled-back savepoint, a statement that changes rows behind it.
 */
import { describe, expect, test } from 'vitest';
import type { Ffqn } from '../../../src/engine/concepts/index.js';
import { Db } from '../../../src/engine/storage/libsql/db.js';
import { openLibsqlStore } from '../../../src/engine/storage/libsql/index.js';
import { loadExecution, writeRowState } from '../../../src/engine/storage/libsql/rows.js';
import { databaseWithOneExecution } from './one-execution.js';

const FFQN = 'testing:memo/ifc.fn' as Ffqn;

describe('the row memo of a libSQL connection', () => {
  test("is dropped when another connection committed: a pause after the other's unpause still pauses", async () => {
    const { path, clock, executionId } = await databaseWithOneExecution(FFQN);
    const a = await openLibsqlStore({ path, clock });
    const b = await openLibsqlStore({ path, clock });
    try {
      await a.pause(executionId, clock.now());
      await b.unpause(executionId, clock.now());
      expect((await a.getExecution(executionId)).paused).toBe(false);
      // With a stale memo, `a` would still see its own pause and treat this one as a no-op.
      await a.pause(executionId, clock.now());
      expect((await b.getExecution(executionId)).paused).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('forgets what a rolled-back write put in it', async () => {
    const { path, executionId } = await databaseWithOneExecution(FFQN);
    const db = new Db({ path, synchronous: 'full', busyTimeoutMs: 1_000 });
    try {
      const failed = db.writeBatched(() => {
        const { row } = loadExecution(db, executionId);
        writeRowState(db, executionId, { ...row, version: row.version + 1, paused: true });
        throw new Error('the write fails after changing the row');
      });
      await expect(failed).rejects.toThrow('the write fails after changing the row');
      const after = await db.writeBatched(() => loadExecution(db, executionId).row);
      expect(after.paused).toBe(false);
      expect(after.version).toBe(0);
    } finally {
      db.close();
    }
  });

  test('is dropped by a statement that changes execution rows', async () => {
    const { path, executionId } = await databaseWithOneExecution(FFQN);
    const db = new Db({ path, synchronous: 'full', busyTimeoutMs: 1_000 });
    try {
      const paused = await db.writeBatched(() => {
        expect(loadExecution(db, executionId).row.paused).toBe(false);
        db.run('UPDATE t_execution SET paused = 1 WHERE execution_id = :id', { id: executionId });
        return loadExecution(db, executionId).row.paused;
      });
      expect(paused).toBe(true);
    } finally {
      db.close();
    }
  });

  test('serves a row it read again inside the same write, and keeps what the connection wrote', async () => {
    const { path, executionId } = await databaseWithOneExecution(FFQN);
    const db = new Db({ path, synchronous: 'full', busyTimeoutMs: 1_000 });
    try {
      const [first, second, written] = await db.writeBatched(() => {
        const one = loadExecution(db, executionId);
        const two = loadExecution(db, executionId);
        writeRowState(db, executionId, { ...one.row, version: one.row.version + 1 });
        return [one, two, loadExecution(db, executionId)] as const;
      });
      expect(second).toBe(first);
      expect(written.row.version).toBe(first.row.version + 1);
      expect(db.memo()).toBeNull();
    } finally {
      db.close();
    }
  });
});
