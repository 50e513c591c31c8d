/**
 * With `synchronous = full` on a file, a commit is made durable by an fdatasync of the WAL file on
 * libuv's thread pool: no waiter may be told before the sync that covers its commit, and writes of
 * the same turn share one sync.
 */
import { describe, expect, test } from 'vitest';
import type { Ffqn } from '../../../src/engine/concepts/index.js';
import { Db } from '../../../src/engine/storage/libsql/db.js';
import { openLibsqlStore } from '../../../src/engine/storage/libsql/index.js';
import { loadExecution } from '../../../src/engine/storage/libsql/rows.js';
import { databaseWithOneExecution } from './one-execution.js';

const FFQN = 'testing:walsync/ifc.fn' as Ffqn;

describe('durable commits off the event loop', () => {
  test('a write resolves only after a WAL sync made after its commit, and one turn shares one sync', async () => {
    const { path, executionId } = await databaseWithOneExecution(FFQN);
    const db = new Db({ path, synchronous: 'full', busyTimeoutMs: 1_000 });
    try {
      // SQLite itself does not sync at commit: the sync is ours.
      expect(Number(db.pragma('synchronous'))).toBe(1);
      const before = db.walSyncs;
      const seenAtResolve: number[] = [];
      const writes = [1, 2, 3].map((n) =>
        db
          .writeBatched(() => {
            db.run('UPDATE t_execution SET updated_at = :n WHERE execution_id = :id', { n, id: executionId });
            return n;
          })
          .then((value) => {
            seenAtResolve.push(db.walSyncs);
            return value;
          }),
      );
      db.commitBatch();
      // Committed, not yet synced: nobody has been told.
      expect(seenAtResolve).toEqual([]);
      expect(await Promise.all(writes)).toEqual([1, 2, 3]);
      expect(seenAtResolve).toEqual([before + 1, before + 1, before + 1]);
      expect(db.walSyncs).toBe(before + 1);
    } finally {
      db.close();
    }
  });

  test('a beforeSync write resolves at its commit, and settled() waits for the sync that covers it', async () => {
    const { path, executionId } = await databaseWithOneExecution(FFQN);
    const db = new Db({ path, synchronous: 'full', busyTimeoutMs: 1_000 });
    try {
      const before = db.walSyncs;
      const step = db.writeBatched(
        () => db.run('UPDATE t_execution SET updated_at = 9 WHERE execution_id = :id', { id: executionId }),
        { beforeSync: true },
      );
      // An open batch: settled() waits for its commit and then its sync.
      const settled = db.settled().then(() => db.walSyncs);
      db.commitBatch();
      // The sync completes on the thread pool, after this turn's promise jobs.
      await step;
      expect(db.walSyncs).toBe(before);
      expect(await settled).toBe(before + 1);
      // Nothing written since: settled() resolves without another sync.
      await db.settled();
      expect(db.walSyncs).toBe(before + 1);
    } finally {
      db.close();
    }
  });

  test('a synchronous write is synced before it returns, and closing syncs a batch still waiting', async () => {
    const { path, executionId } = await databaseWithOneExecution(FFQN);
    const db = new Db({ path, synchronous: 'full', busyTimeoutMs: 1_000 });
    const before = db.walSyncs;
    db.write(() => db.run('UPDATE t_execution SET updated_at = 7 WHERE execution_id = :id', { id: executionId }));
    expect(db.walSyncs).toBe(before + 1);
    const pending = db.writeBatched(() => loadExecution(db, executionId).row.version);
    db.close();
    await expect(pending).resolves.toBe(0);
    expect(db.walSyncs).toBeGreaterThanOrEqual(before + 2);
  });

  test('synchronous = normal makes no syncs of its own, and the store reports the mode it was given', async () => {
    const { path, executionId } = await databaseWithOneExecution(FFQN);
    const db = new Db({ path, synchronous: 'normal', busyTimeoutMs: 1_000 });
    try {
      await db.writeBatched(() => loadExecution(db, executionId));
      expect(db.walSyncs).toBe(0);
    } finally {
      db.close();
    }
    const store = await openLibsqlStore({ path });
    try {
      expect(store.settings().synchronous).toBe('full');
    } finally {
      await store.close();
    }
  });
});
