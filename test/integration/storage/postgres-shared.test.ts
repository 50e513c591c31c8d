/**
 * PostgreSQL beyond the contract: several stores (as several processes would open them)
 * on one schema, migrations under an advisory lock, wake-ups through NOTIFY, and
 * connection loss reported as the retriable storage error.
 */
import pg from 'pg';
import { afterEach, describe, expect, test } from 'vitest';
import {
  ExecutionId,
  ExecutorId,
  RunId,
  SchemaTooNew,
  SimClock,
  UlidGenerator,
} from '../../../src/engine/concepts/index.js';
import {
  POSTGRES_SCHEMA_VERSION,
  openPostgresStore,
  type PostgresStore,
} from '../../../src/engine/storage/postgres/index.js';
import { quoteLiteral } from '../../../src/engine/storage/postgres/db.js';
import { eventually } from '../../helpers/eventually.js';
import { usePostgres } from '../../helpers/postgres.js';
import { DIGEST, FFQN_A } from './contract/harness.js';

const server = usePostgres();
let schemas = 0;
const opened: PostgresStore[] = [];

async function open(
  schema: string,
  extra: { password?: string; pollMs?: number; listen?: boolean } = {},
): Promise<PostgresStore> {
  const store = await openPostgresStore({
    connection: { connectionString: server.current().url },
    schema,
    poolSize: 4,
    ...(extra.pollMs === undefined ? {} : { pollMs: extra.pollMs }),
    ...(extra.listen === undefined ? {} : { listen: extra.listen }),
  });
  opened.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

const ulids = new UlidGenerator();
const clock = new SimClock(Date.now());

async function createMany(store: PostgresStore, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const executionId = ExecutionId.generate(clock, ulids);
    await store.createExecution({
      executionId,
      ffqn: FFQN_A,
      params: [i],
      componentDigest: DIGEST,
      scheduledAt: Date.now() - 1000,
      now: Date.now(),
    });
    ids.push(executionId);
  }
  return ids;
}

function lockRequest(limit: number) {
  return {
    ffqns: [FFQN_A],
    limit,
    now: Date.now(),
    executorId: ExecutorId.generate(clock, ulids),
    runId: RunId.generate(clock, ulids),
    lockExpiresAt: Date.now() + 60_000,
  };
}

describe('postgres: several stores on one schema', () => {
  test('stores opened at the same time migrate once (advisory lock) and agree on the version', async () => {
    const schema = `shared_${schemas++}`;
    const stores = await Promise.all([open(schema), open(schema), open(schema)]);
    for (const store of stores) {
      expect(await store.schemaVersion()).toBe(POSTGRES_SCHEMA_VERSION);
    }
    const client = new pg.Client({ connectionString: server.current().url });
    await client.connect();
    const rows = await client.query(`SELECT version FROM ${schema}.t_migration ORDER BY version`);
    await client.end();
    expect(rows.rows.map((r: { version: number }) => r.version)).toEqual(
      Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1),
    );
  });

  test('a schema of a newer version is refused clearly', async () => {
    const schema = `shared_${schemas++}`;
    await (await open(schema)).close();
    const client = new pg.Client({ connectionString: server.current().url });
    await client.connect();
    await client.query(`INSERT INTO ${schema}.t_migration (version, name) VALUES ($1, 'from-the-future')`, [
      POSTGRES_SCHEMA_VERSION + 1,
    ]);
    await client.end();
    const opening = open(schema);
    await expect(opening).rejects.toBeInstanceOf(SchemaTooNew);
    await expect(opening).rejects.toMatchObject({
      code: 'schema-too-new',
      found: POSTGRES_SCHEMA_VERSION + 1,
      message: expect.stringContaining(`(schema ${schema})`) as string,
    });
  });

  test('stores locking at the same time never lock the same execution (SKIP LOCKED)', async () => {
    const schema = `shared_${schemas++}`;
    const stores = await Promise.all([open(schema), open(schema), open(schema)]);
    const ids = await createMany(stores[0], 60);
    const seen: string[] = [];
    for (let round = 0; round < 20 && seen.length < ids.length; round++) {
      const batches = await Promise.all(stores.map((store) => store.lockPending(lockRequest(4))));
      seen.push(...batches.flat().map((locked) => locked.executionId));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const events = await stores[1].getEvents(id as never);
      expect(events.filter((e) => e.event.type === 'locked')).toHaveLength(1);
    }
  });

  test('a table changed under prepared statements (a newer process migrated): reads and writes carry on', async () => {
    const schema = `shared_${schemas++}`;
    // One connection, so every statement below runs on the connection that prepared it.
    const store = await openPostgresStore({
      connection: { connectionString: server.current().url },
      schema,
      poolSize: 1,
    });
    opened.push(store);
    const ids = await createMany(store, 2);
    const before = await store.lockPending(lockRequest(1));
    expect(before).toHaveLength(1);
    expect((await store.getExecution(ids[0] as never)).executionId).toBe(ids[0]);
    const client = new pg.Client({ connectionString: server.current().url });
    await client.connect();
    await client.query(`ALTER TABLE ${schema}.t_execution ADD COLUMN added_later INTEGER`);
    await client.end();
    // `SELECT * FROM t_execution` now has another result type than the prepared plans.
    expect((await store.getExecution(ids[0] as never)).executionId).toBe(ids[0]);
    const after = await store.lockPending(lockRequest(1));
    expect([...before, ...after].map((l) => l.executionId).sort()).toEqual([...ids].sort());
  });

  test('a literal sent with COMMIT (a NOTIFY payload) reads back exactly, whatever it holds', async () => {
    const client = new pg.Client({ connectionString: server.current().url });
    await client.connect();
    try {
      for (const setting of ['on', 'off']) {
        await client.query(`SET standard_conforming_strings = ${setting}`);
        for (const text of [
          "it's",
          "back\\slash \\'",
          '$$ $tag$ "quoted"',
          '{"id":"E_01","x":"\\u0000"}',
          'žluťoučký 🐎',
          '',
        ]) {
          const result = await client.query(`SELECT ${quoteLiteral(text)} AS v`);
          expect(result.rows[0]).toEqual({ v: text });
        }
      }
    } finally {
      await client.end();
    }
  });

  test("one store's commits wake another store's waiters through NOTIFY", async () => {
    const schema = `shared_${schemas++}`;
    const [a, b] = await Promise.all([open(schema, { pollMs: 60_000 }), open(schema, { pollMs: 60_000 })]);
    const pending = b.waitForPending({ ffqns: [FFQN_A] }, 30_000);
    const [id] = await createMany(a, 1);
    expect(await pending).toBe(true);
    const finished = b.waitForFinished(id as never, 30_000);
    const [locked] = await a.lockPending(lockRequest(1));
    await a.finish(locked!.executionId, locked!.version, { kind: 'ok', value: 1 }, Date.now());
    expect(await finished).toBe(true);
  });

  test('a wake-up that never arrives is caught by the slow poll', async () => {
    const schema = `shared_${schemas++}`;
    const a = await open(schema);
    // `b` has no listener: every NOTIFY that `a` sends is lost for it, as during a listener reconnect.
    const b = await open(schema, { pollMs: 100, listen: false });
    const [id] = await createMany(a, 1);
    // A timeout far beyond the test's own: only the poll can end this wait in time.
    const finished = b.waitForFinished(id as never, 600_000);
    const [locked] = await a.lockPending(lockRequest(1));
    await a.finish(locked!.executionId, locked!.version, { kind: 'ok', value: 1 }, Date.now());
    expect(await finished).toBe(true);
  });
});

describe('postgres: connection loss', () => {
  test('a restart fails operations with the retriable storage error; the store and its listener recover', async () => {
    const schema = `shared_${schemas++}`;
    const store = await open(schema);
    await createMany(store, 1);
    expect(store.listenerConnects).toBe(1);
    server.current().restart();
    let failure: unknown = null;
    for (let i = 0; i < 5 && failure === null; i++) {
      failure = await store.listExecutions({}).then(
        () => null,
        (error: unknown) => error,
      );
    }
    expect(failure).toMatchObject({ code: 'storage-busy', retriable: true });
    await eventually(
      () => store.listExecutions({}).catch(() => null),
      (page) => page?.executions.length === 1,
    );
    await eventually(
      () => Promise.resolve(store.listenerConnects),
      (connects) => connects === 2,
    );
    const other = await open(schema);
    const woken = store.waitForPending({ ffqns: [FFQN_A] }, 30_000);
    await createMany(other, 1);
    expect(await woken).toBe(true);
  });

  test('an unreachable server is the retriable storage error, and the password never appears in it', async () => {
    const password = 's3cret-Passw0rd';
    const opening = openPostgresStore({
      connection: { host: '127.0.0.1', port: 1, user: 'obelisk', password, database: 'x' },
      schema: 'nowhere',
    });
    const error: unknown = await opening.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'storage-busy', retriable: true });
    expect(JSON.stringify(error) + String(error)).not.toContain(password);
    const viaUrl: unknown = await openPostgresStore({
      connection: { connectionString: `postgres://obelisk:${password}@127.0.0.1:1/x` },
    }).catch((e: unknown) => e);
    expect(String(viaUrl)).not.toContain(password);
  });
});
