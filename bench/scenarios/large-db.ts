/**
 * `large-db`: how the latency of everyday operations changes with the size of the database.
 * The database (a libSQL file, or a fresh schema with `--db postgres`) first gets `finished`
 * finished top-level executions (copies of one real
 * finished execution of the WAT `ok` activity, with its events, created over the preceding
 * hours), then each repetition measures, on an engine that is not started (nothing else runs):
 * - `submit`: `engine.submit` of a new execution (one durable commit each);
 * - `list`: the first page of `execution list` (newest first, top-level);
 * - `list-pending`: the same filtered by state `pending`, while fewer pending executions exist
 *   than fit on a page (the filter must not read the finished ones one by one);
 * - `lock`: `lockPending` of one execution by its FFQN, as an executor polls.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import pg from 'pg';
import {
  createEngine,
  ExecutorId,
  openLibsqlStore,
  openPostgresStore,
  realClock,
  RunId,
  type Engine,
  type Ffqn,
  type Store,
} from '../../src/engine/index.js';
import { buildWatActivity, watActivityFfqn } from '../../test/fixtures/wat/activities.js';
import { check, freshSchema, type BenchContext } from '../lib/context.js';
import type { Rep } from '../lib/result.js';

/** Operations measured in every repetition, in this order. */
export const LARGE_DB_OPERATIONS = ['submit', 'list', 'list-pending', 'lock'] as const;
type Operation = (typeof LARGE_DB_OPERATIONS)[number];

/** Executions submitted (and then locked) per repetition: fewer than a page of the list. */
const PER_REP = 10;
/** Timed list calls of each kind per repetition. */
const LISTS_PER_REP = 10;
/** Seeded executions are created this far apart, the newest just before the seed ran. */
const SEED_SPACING_MS = 10;
/** Rows inserted per statement while seeding (one transaction each). */
const SEED_CHUNK = 100_000;

interface Seeded {
  readonly engine: Engine;
  readonly store: Store;
  readonly ffqn: Ffqn;
}

/** Where the executions are stored, and how to add the copies. */
interface Backend {
  open(): Promise<Store>;
  seed(template: string, count: number): Promise<void>;
}

function libsqlBackend(ctx: BenchContext): Backend {
  const path = join(ctx.tempDir(), 'bench.sqlite');
  return {
    open: () => openLibsqlStore({ path, synchronous: ctx.options.sync }),
    seed: (template, count) => Promise.resolve(seedLibsql(path, template, count)),
  };
}

function postgresBackend(connectionString: string): Backend {
  const schema = freshSchema();
  return {
    open: () => openPostgresStore({ connection: { connectionString }, schema }),
    seed: (template, count) => seedPostgres(connectionString, schema, template, count),
  };
}

async function openEngine(ctx: BenchContext, backend: Backend, bytes: Uint8Array): Promise<Seeded> {
  const store = await backend.open();
  const engine = await createEngine({ store, codegenCacheDir: ctx.codegenDir, activities: [{ name: 'ok', bytes }] });
  return { engine, store, ffqn: watActivityFfqn('ok') as Ffqn };
}

type CopiedTable = 't_execution' | 't_event';

/** How one backend's copy statement names its parameters and the series `n` = from..to. */
interface CopySql {
  /** The new execution ID of copy `n`. */
  readonly newId: string;
  /** The number of copies. */
  readonly count: string;
  readonly template: string;
  /** Put before `SELECT` (a common table expression), or empty. */
  readonly withSeries: string;
  /** The series in the `FROM` clause. */
  readonly fromSeries: string;
}

const ID_COLUMNS: Readonly<Record<CopiedTable, readonly string[]>> = {
  t_execution: ['execution_id', 'topmost_parent_id'],
  t_event: ['execution_id'],
};
const TIME_COLUMNS: Readonly<Record<CopiedTable, readonly string[]>> = {
  t_execution: ['created_at', 'first_scheduled_at', 'updated_at', 'finished_at'],
  t_event: ['created_at'],
};

/** Inserts copy `n` of the template's rows of `table`: a new ID, times moved back by `n`'s place. */
function copyStatement(table: CopiedTable, columns: readonly string[], sql: CopySql): string {
  const values = columns.map((column) =>
    ID_COLUMNS[table].includes(column)
      ? sql.newId
      : TIME_COLUMNS[table].includes(column)
        ? `${column} - (${sql.count} - n + 1) * ${SEED_SPACING_MS}`
        : column,
  );
  return `INSERT INTO ${table} (${columns.join(', ')}) ${sql.withSeries}
    SELECT ${values.join(', ')} FROM ${sql.fromSeries}, ${table} WHERE ${table}.execution_id = ${sql.template}`;
}

/** The columns of `table` that can be inserted (generated ones are left out). */
function insertableColumns(db: Database.Database, table: string): string[] {
  const rows = db.prepare(`PRAGMA table_xinfo(${table})`).all() as { name: string; hidden: number }[];
  return rows.filter((row) => row.hidden === 0).map((row) => row.name);
}

/**
 * Copies the finished execution `template` (row and events) `count` times, with IDs
 * `E_<template's time part><16 hex digits>` and creation times spread back from the template's.
 */
function seedLibsql(path: string, template: string, count: number): void {
  const db = new Database(path);
  try {
    db.exec('PRAGMA synchronous = OFF');
    const sql: CopySql = {
      newId: `:prefix || printf('%016X', n)`,
      count: ':count',
      template: ':template',
      withSeries: 'WITH RECURSIVE seq(n) AS (SELECT :from UNION ALL SELECT n + 1 FROM seq WHERE n < :to)',
      fromSeries: 'seq',
    };
    const prefix = template.slice(0, 'E_'.length + 10);
    const insertExecutions = db.prepare(copyStatement('t_execution', insertableColumns(db, 't_execution'), sql));
    const insertEvents = db.prepare(copyStatement('t_event', insertableColumns(db, 't_event'), sql));
    for (let from = 1; from <= count; from += SEED_CHUNK) {
      const params = { prefix, count, template, from, to: Math.min(count, from + SEED_CHUNK - 1) };
      db.exec('BEGIN');
      insertExecutions.run(params);
      insertEvents.run(params);
      db.exec('COMMIT');
    }
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  // (Written without syncs: flush it now, not in the first measured commit.)
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The same copies in a PostgreSQL schema (`generate_series`; analysed after, as autovacuum would). */
async function seedPostgres(connectionString: string, schema: string, template: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const columnsOf = async (table: string): Promise<string[]> => {
      const { rows } = await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [schema, table],
      );
      return rows.map((row) => row.column_name);
    };
    const sql: CopySql = {
      newId: `$1 || lpad(upper(to_hex(n)), 16, '0')`,
      count: '$2::bigint',
      template: '$3',
      withSeries: '',
      fromSeries: 'generate_series($4::bigint, $5::bigint) AS s(n)',
    };
    const insertExecutions = copyStatement('t_execution', await columnsOf('t_execution'), sql);
    const insertEvents = copyStatement('t_event', await columnsOf('t_event'), sql);
    for (let from = 1; from <= count; from += SEED_CHUNK) {
      const params = [
        template.slice(0, 'E_'.length + 10),
        count,
        template,
        from,
        Math.min(count, from + SEED_CHUNK - 1),
      ];
      await client.query('BEGIN');
      await client.query(insertExecutions, params);
      await client.query(insertEvents, params);
      await client.query('COMMIT');
    }
    await client.query('ANALYZE t_execution, t_event');
  } finally {
    await client.end();
  }
}

/** A database with `count` finished executions (plus the template), and an engine on it, not started. */
async function seededEngine(ctx: BenchContext, count: number): Promise<Seeded> {
  const url = ctx.options.postgresUrl;
  const backend = url === undefined ? libsqlBackend(ctx) : postgresBackend(url);
  const bytes = await buildWatActivity('ok');
  const first = await openEngine(ctx, backend, bytes);
  let template: string;
  try {
    first.engine.start();
    template = (await first.engine.submit(first.ffqn, [1])).executionId;
    const result = await first.engine.awaitResult(template, { timeoutMs: 60_000 });
    check(result?.kind === 'ok' && result.value === 2, `the template execution returned ${JSON.stringify(result)}`);
  } finally {
    await first.engine.stop();
    await first.store.close();
  }
  if (count > 0) {
    const started = performance.now();
    await backend.seed(template, count);
    process.stderr.write(`  seeded ${count} finished executions in ${Math.round(performance.now() - started)} ms\n`);
  }
  const seeded = await openEngine(ctx, backend, bytes);
  const page = await seeded.engine.listExecutions({ limit: 1, state: 'finished' });
  check(page.executions.length === 1, 'the seeded database lists no finished execution');
  return seeded;
}

async function timed<T>(samples: number[], run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await run();
  samples.push(performance.now() - started);
  return value;
}

export async function largeDbRep(ctx: BenchContext, finished: number): Promise<Rep> {
  const { engine, store, ffqn } = await ctx.once(
    'large-db',
    () => seededEngine(ctx, finished),
    async (made) => {
      await made.engine.stop();
      await made.store.close();
    },
  );
  const samples: Record<Operation, number[]> = { submit: [], list: [], 'list-pending': [], lock: [] };
  const started = performance.now();
  for (let i = 0; i < PER_REP; i++) {
    await timed(samples.submit, () => engine.submit(ffqn, [i]));
  }
  for (let i = 0; i < LISTS_PER_REP; i++) {
    const page = await timed(samples.list, () => engine.listExecutions({}));
    const expected = Math.min(20, finished + 1 + PER_REP);
    check(
      page.executions.length >= expected,
      `execution list returned ${page.executions.length} executions, expected at least ${expected}`,
    );
    const pending = await timed(samples['list-pending'], () => engine.listExecutions({ state: 'pending' }));
    check(
      pending.executions.length === PER_REP,
      `execution list --state pending returned ${pending.executions.length}, expected ${PER_REP}`,
    );
  }
  const executorId = ExecutorId.generate(realClock);
  for (let i = 0; i < PER_REP; i++) {
    const now = realClock.now();
    const locked = await timed(samples.lock, () =>
      store.lockPending({
        ffqns: [ffqn],
        limit: 1,
        now,
        executorId,
        runId: RunId.generate(realClock),
        lockExpiresAt: now + 60_000,
      }),
    );
    check(locked.length === 1, `lockPending locked ${locked.length} executions, expected 1`);
  }
  // (The locked executions stay locked: nothing runs them, and the next repetition's list of
  // pending executions sees only its own.)
  return { wallMs: performance.now() - started, operations: samples };
}
