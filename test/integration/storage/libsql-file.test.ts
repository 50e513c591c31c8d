import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ExecutionId, SchemaTooNew, SimClock, type ComponentDigest } from '../../../src/engine/concepts/index.js';
import { SCHEMA_VERSION, openLibsqlStore } from '../../../src/engine/storage/libsql/index.js';
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
});
