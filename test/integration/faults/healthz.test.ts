/**
 * `/healthz` answers 503 with the storage failure while writes fail, and 200 again once they
 * work; and 503 when the database file is damaged while the server runs.
 */
import { randomFillSync } from 'node:crypto';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, expect, test } from 'vitest';
import { createEngine, openLibsqlStore, type Engine, type Store } from '../../../src/engine/index.js';
import { startApiServer, type ApiServer } from '../../../src/server/index.js';
import { buildWatActivity, watActivityFfqn } from '../../fixtures/wat/activities.js';
import { TEST_CODEGEN_DIR } from '../../helpers/components.js';
import { eventually } from '../../helpers/eventually.js';
import { faultyStore } from '../../helpers/faulty-store.js';
import { makeTempDir } from '../../helpers/tmp.js';

const open: { engine: Engine; store: Store; api: ApiServer }[] = [];
afterEach(async () => {
  for (const { engine, store, api } of open.splice(0)) {
    await api.close();
    await engine.stop(0);
    await store.close();
  }
});

test('/healthz reports a storage outage and its end', async () => {
  const store = await openLibsqlStore({ path: ':memory:' });
  const faulty = faultyStore(store);
  const engine = await createEngine({
    store: faulty.store,
    codegenCacheDir: TEST_CODEGEN_DIR,
    maxWorkers: 1,
    activities: [{ name: 'ok', bytes: await buildWatActivity('ok'), exec: { tickSleepMs: 10 } }],
  });
  const api = await startApiServer({ engine, host: '127.0.0.1', port: 0, version: '0.0.0-test' });
  open.push({ engine, store, api });
  const health = async (): Promise<{ status: number; json: unknown }> => {
    const response = await fetch(`${api.url}/healthz`);
    return { status: response.status, json: await response.json() };
  };
  expect(await health()).toEqual({ status: 200, json: { status: 'ok', version: '0.0.0-test' } });
  faulty.full = true;
  engine.start();
  const { executionId } = await engine.submit(watActivityFfqn('ok'), [1]);
  const unhealthy = await eventually(health, (h) => h.status === 503);
  expect(unhealthy.json).toMatchObject({
    status: 'unhealthy',
    storage: { message: expect.stringContaining('SQLITE_FULL') as unknown, hint: expect.any(String) as unknown },
  });
  faulty.full = false;
  await eventually(health, (h) => h.status === 200);
  expect(await engine.awaitResult(executionId, { timeoutMs: 10_000 })).toEqual({ kind: 'ok', value: 2 });
});

test('/healthz reports the database file going bad while the server runs', async () => {
  const dir = makeTempDir('obelisk-healthz-');
  const file = join(dir, 'obelisk.sqlite');
  const store = await openLibsqlStore({ path: file });
  const engine = await createEngine({
    store,
    codegenCacheDir: TEST_CODEGEN_DIR,
    maxWorkers: 1,
    activities: [{ name: 'ok', bytes: await buildWatActivity('ok'), exec: { tickSleepMs: 10 } }],
  });
  const api = await startApiServer({ engine, host: '127.0.0.1', port: 0, version: '0.0.0-test' });
  open.push({ engine, store, api });
  engine.start();
  const submitted = await Promise.all(Array.from({ length: 50 }, (_, i) => engine.submit(watActivityFfqn('ok'), [i])));
  for (const { executionId } of submitted) {
    await engine.awaitResult(executionId, { timeoutMs: 20_000 });
  }
  const health = async (): Promise<{ status: number; json: unknown }> => {
    const response = await fetch(`${api.url}/healthz`);
    return { status: response.status, json: await response.json() };
  };
  expect((await health()).status).toBe(200);
  // Another process damages the file: every page but the first (the schema) is overwritten.
  const other = new Database(file);
  other.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const pages = Math.floor(statSync(file).size / 4096);
  overwrite(file, 4096 * 2, 4096 * (pages - 2));
  other.exec('PRAGMA user_version = 7'); // a write: the server's connection drops its page cache
  other.close();
  const unhealthy = await eventually(health, (h) => h.status === 503);
  expect(unhealthy.json).toMatchObject({
    status: 'unhealthy',
    storage: {
      message: `database error SQLITE_CORRUPT on ${file}: database disk image is malformed`,
      hint: `the file is damaged: restore ${file} from a backup, or move it away to start with an empty database`,
    },
  });
});

function overwrite(path: string, offset: number, length: number): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, randomFillSync(Buffer.alloc(length)), 0, length, offset);
  closeSync(fd);
}
