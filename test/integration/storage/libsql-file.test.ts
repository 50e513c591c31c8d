import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { describe, expect, test } from 'vitest';
import {
  ExecutionId,
  SchemaTooNew,
  SimClock,
  type ComponentDigest,
  type SummaryState,
} from '../../../src/engine/concepts/index.js';
import { SCHEMA_VERSION, openLibsqlStore } from '../../../src/engine/storage/libsql/index.js';
import { SQLITE } from '../../../src/engine/storage/sql/dialect.js';
import { listExecutions } from '../../../src/engine/storage/sql/list.js';
import type { Query } from '../../../src/engine/storage/sql/query.js';
import type { ListExecutionsRequest } from '../../../src/engine/storage/types.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { defineStoreContract } from './contract/index.js';
import { FFQN_A } from './contract/harness.js';
import { bumpSchemaVersion, createAtSchemaVersion } from './schema.js';

const dir = makeTempDir('obelisk-storage-');
let files = 0;
const nextFile = (): string => join(dir, `store-${files++}.sqlite`);

defineStoreContract({
  name: 'libsql file',
  open: (clock) => openLibsqlStore({ path: nextFile(), clock }),
});

describe('libsql file database', () => {
  const digest = `sha256:${'0f'.repeat(32)}` as ComponentDigest;

  test('a file database runs in WAL mode with synchronous FULL and a busy timeout by default', async () => {
    const store = await openLibsqlStore({ path: nextFile() });
    expect(store.settings()).toEqual({ journalMode: 'wal', synchronous: 'full', busyTimeoutMs: 5000 });
    await store.close();
  });

  test('synchronous NORMAL and the busy timeout are configurable', async () => {
    const store = await openLibsqlStore({ path: nextFile(), synchronous: 'normal', busyTimeoutMs: 250 });
    expect(store.settings()).toEqual({ journalMode: 'wal', synchronous: 'normal', busyTimeoutMs: 250 });
    await store.close();
  });

  test('executions survive closing and reopening the database', async () => {
    const path = nextFile();
    const clock = new SimClock();
    const first = await openLibsqlStore({ path, clock });
    const id = ExecutionId.generate(clock);
    await first.createExecution({
      executionId: id,
      ffqn: FFQN_A,
      params: [1],
      componentDigest: digest,
      scheduledAt: clock.now(),
      now: clock.now(),
    });
    await first.close();
    const second = await openLibsqlStore({ path, clock });
    expect(await second.getExecution(id)).toMatchObject({ ffqn: FFQN_A, params: [1], version: 0 });
    expect(await second.schemaVersion()).toBe(SCHEMA_VERSION);
    await second.close();
  });

  test('a database of schema version 1 is migrated to the current version on open', async () => {
    const path = nextFile();
    createAtSchemaVersion(path, 1);
    const clock = new SimClock();
    const store = await openLibsqlStore({ path, clock });
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    const id = ExecutionId.generate(clock);
    await store.createExecution({
      executionId: id,
      ffqn: FFQN_A,
      params: [1],
      componentDigest: digest,
      scheduledAt: clock.now(),
      now: clock.now(),
    });
    expect(await store.hasUnfinishedExecutions(digest)).toBe(true);
    await store.close();
  });

  test('a database created by a newer schema version is refused with a clear error and left untouched', async () => {
    const path = nextFile();
    const store = await openLibsqlStore({ path });
    await store.close();
    bumpSchemaVersion(path, SCHEMA_VERSION + 1);
    const opening = openLibsqlStore({ path });
    await expect(opening).rejects.toBeInstanceOf(SchemaTooNew);
    await expect(opening).rejects.toMatchObject({
      code: 'schema-too-new',
      found: SCHEMA_VERSION + 1,
      supported: SCHEMA_VERSION,
      message: `the database ${path} has schema version ${SCHEMA_VERSION + 1}, but this obelisk supports schema versions up to ${SCHEMA_VERSION}`,
      hint: expect.stringContaining('upgrade obelisk') as string,
    });
    expect(existsSync(path)).toBe(true);
    await expect(openLibsqlStore({ path })).rejects.toMatchObject({ found: SCHEMA_VERSION + 1 });
  });

  /** The index SQLite's plan reads for the list query of `request` (on a freshly migrated, unanalysed file). */
  function listPlan(path: string, request: ListExecutionsRequest): string {
    const query = listExecutions(SQLITE, request).next().value as Query;
    if (query.kind !== 'all') {
      throw new Error(`expected the list query, got ${query.kind}`);
    }
    const params = Object.fromEntries(
      [...query.sql.matchAll(/:(\w+)/g)].map(([, name]) => [name, query.params[name ?? ''] ?? null]),
    );
    const db = new Database(path, { readonly: true });
    try {
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(params) as { detail: string }[];
      return rows.map((row) => row.detail).join('; ');
    } finally {
      db.close();
    }
  }

  test('listing by a state other than finished reads only unfinished executions (a partial index)', async () => {
    const path = nextFile();
    await (await openLibsqlStore({ path })).close();
    const unfinished: SummaryState[] = ['pending', 'locked', 'blocked', 'paused', 'cancelling'];
    for (const state of unfinished) {
      expect(listPlan(path, { state })).toMatch(/USING INDEX ix_execution_unfinished_created\b/);
      expect(listPlan(path, { state, showDerived: true })).toMatch(/USING INDEX ix_execution_unfinished_created\b/);
    }
    expect(listPlan(path, {})).toMatch(/USING INDEX ix_execution_created_top\b/);
    expect(listPlan(path, { state: 'finished' })).toMatch(/USING INDEX ix_execution_created_top\b/);
  });
});
