/**
 * The PostgreSQL store: every role interface on a connection pool, shared by any number
 * of obelisk processes. Each write is one transaction that row-locks the executions it
 * changes (`SELECT ... FOR UPDATE`), so the version check and the write cannot interleave
 * with another writer's; pending executions are locked with `FOR UPDATE SKIP LOCKED`.
 * Wake-ups reach this process's waiters after commit and other processes through
 * `NOTIFY`; waits for a response or a finished execution also re-check every `pollMs`.
 */
import { randomUUID } from 'node:crypto';
import {
  InvalidArgument,
  realClock,
  type Clock,
  type ComponentDigest,
  type DelayId,
  type ExecutionEventRecord,
  type ExecutionId,
  type FinishedResult,
  type JoinSetResponseRecord,
  type LogEntry,
  type LogRecord,
  type UnlockEvent,
} from '../../concepts/index.js';
import { Notifier } from '../notifier.js';
import type { PurgeBatchRequest, PurgeBatchResult } from '../retention.js';
import type { AppendableEvent, Store } from '../stores.js';
import type {
  CancelOutcome,
  CreateExecutionRequest,
  CreateExecutionResult,
  CronState,
  EventsRequest,
  ExecutionPage,
  ExecutionRecord,
  ExpiredDelay,
  ExpiredLock,
  ExtendLockRequest,
  ListExecutionsRequest,
  LockPendingRequest,
  LockedExecution,
  LogsRequest,
  PendingFilter,
  ResponsesRequest,
  SaveCronStateRequest,
  WorkflowStep,
  WorkflowStepResult,
} from '../types.js';
import { appendEvents, appendWorkflowStep } from '../sql/append.js';
import { createExecution } from '../sql/create.js';
import { deleteCronStates, listCronStates, saveCronState } from '../sql/cron.js';
import { findExpiredDelays, finishDelay, listDelays } from '../sql/delays.js';
import { POSTGRES } from '../sql/dialect.js';
import { getEvents } from '../sql/events.js';
import { pause, requestCancel, stub, unpause } from '../sql/flags.js';
import { hasUnfinishedExecutions, listExecutions } from '../sql/list.js';
import { extendLock, findExpiredLocks, hasPendingWork, lockPending } from '../sql/lock.js';
import { insertLogs, readLogs } from '../sql/logs.js';
import { NO_LIMIT, type Sql } from '../sql/query.js';
import { getResponses, hasResponseFrom } from '../sql/responses.js';
import { purgeFinished, tableRowCounts } from '../sql/retention.js';
import { getExecution, isFinished } from '../sql/rows.js';
import { Db, type Conn, type PgConnection } from './db.js';
import { channelOf, encodeNote, Listener } from './listener.js';
import { migrate, readSchemaVersion } from './migrate.js';
import { runSql } from './run.js';
import type { Note, Tx } from './tx.js';

export interface PostgresStoreOptions {
  readonly connection: PgConnection;
  /** The schema holding obelisk's tables (created if missing); a plain identifier. Default `obelisk`. */
  readonly schema?: string | undefined;
  /** Connections in the pool; default 10. */
  readonly poolSize?: number | undefined;
  /** How often waits for a response or a finished execution re-check the database; default 1000 ms. */
  readonly pollMs?: number | undefined;
  /** Listen for other processes' wake-ups (`LISTEN`); default true. */
  readonly listen?: boolean | undefined;
  /** The clock that times `waitFor*` timeouts; default the real clock. */
  readonly clock?: Clock | undefined;
}

export const DEFAULT_SCHEMA = 'obelisk';
const DEFAULT_POOL_SIZE = 10;
const DEFAULT_POLL_MS = 1_000;
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** A {@link Store} on PostgreSQL. Create it with {@link openPostgresStore}. */
export class PostgresStore implements Store {
  readonly #db: Db;
  readonly #notifier: Notifier;
  readonly #clock: Clock;
  readonly #sender = randomUUID();
  readonly #channel: string;
  readonly #pollMs: number;
  #listener: Listener | null = null;
  #closed = false;

  constructor(db: Db, schema: string, clock: Clock, pollMs: number) {
    this.#db = db;
    this.#clock = clock;
    this.#notifier = new Notifier(clock);
    this.#channel = channelOf(schema);
    this.#pollMs = pollMs;
  }

  /** Starts listening for other processes' wake-ups. */
  async listen(listener: (notifier: Notifier, sender: string) => Listener): Promise<void> {
    this.#listener = listener(this.#notifier, this.#sender);
    await this.#listener.start();
  }

  /** How many times the wake-up listener connected (diagnostics, tests). */
  get listenerConnects(): number {
    return this.#listener?.connects ?? 0;
  }

  createExecution(request: CreateExecutionRequest): Promise<CreateExecutionResult> {
    return this.#writeSql(() => createExecution(request));
  }

  async lockPending(request: LockPendingRequest): Promise<readonly LockedExecution[]> {
    const validPoll =
      Number.isSafeInteger(request.limit) &&
      request.limit > 0 &&
      (request.ffqns !== undefined || request.queue !== undefined);
    if (validPoll && !(await this.#readSql(hasPendingWork(request)))) {
      return [];
    }
    return this.#writeSql(() => lockPending(POSTGRES, request));
  }

  extendLock(request: ExtendLockRequest): Promise<void> {
    return this.#writeSql(() => extendLock(request));
  }

  appendEvent(executionId: ExecutionId, expectedVersion: number, event: AppendableEvent, now: number): Promise<number> {
    const written = this.#writeSql(() => appendEvents(executionId, expectedVersion, [event], now));
    return written.then((outcome) => outcome.row.version);
  }

  appendWorkflowStep(step: WorkflowStep): Promise<WorkflowStepResult> {
    return this.#writeSql(() => appendWorkflowStep(step));
  }

  unlock(executionId: ExecutionId, expectedVersion: number, event: UnlockEvent, now: number): Promise<number> {
    return this.appendEvent(executionId, expectedVersion, event, now);
  }

  finish(executionId: ExecutionId, expectedVersion: number, result: FinishedResult, now: number): Promise<number> {
    return this.appendEvent(executionId, expectedVersion, { type: 'finished', result }, now);
  }

  findExpiredLocks(now: number, limit?: number): Promise<readonly ExpiredLock[]> {
    return this.#readSql(findExpiredLocks(now, limit ?? NO_LIMIT));
  }

  findExpiredDelays(now: number, limit?: number): Promise<readonly ExpiredDelay[]> {
    return this.#readSql(findExpiredDelays(now, limit ?? NO_LIMIT));
  }

  fireDelay(delayId: DelayId, now: number): Promise<boolean> {
    return this.#writeSql(() => finishDelay(delayId, 'fired', now));
  }

  cancelDelay(delayId: DelayId, now: number): Promise<boolean> {
    return this.#writeSql(() => finishDelay(delayId, 'cancelled', now));
  }

  pause(executionId: ExecutionId, now: number): Promise<number> {
    return this.#writeSql(() => pause(executionId, now));
  }

  unpause(executionId: ExecutionId, now: number): Promise<number> {
    return this.#writeSql(() => unpause(executionId, now));
  }

  requestCancel(executionId: ExecutionId, now: number): Promise<CancelOutcome> {
    return this.#writeSql(() => requestCancel(executionId, now));
  }

  stub(executionId: ExecutionId, result: FinishedResult, now: number): Promise<'ok' | 'conflict'> {
    return this.#writeSql(() => stub(executionId, result, now));
  }

  getExecution(executionId: ExecutionId): Promise<ExecutionRecord> {
    return this.#readSql(getExecution(executionId));
  }

  getEvents(executionId: ExecutionId, request?: EventsRequest): Promise<readonly ExecutionEventRecord[]> {
    return this.#readSql(getEvents(executionId, request));
  }

  getResponses(executionId: ExecutionId, request?: ResponsesRequest): Promise<readonly JoinSetResponseRecord[]> {
    return this.#readSql(getResponses(executionId, request));
  }

  listExecutions(request: ListExecutionsRequest): Promise<ExecutionPage> {
    return this.#readSql(listExecutions(POSTGRES, request));
  }

  hasUnfinishedExecutions(componentDigest: ComponentDigest): Promise<boolean> {
    return this.#readSql(hasUnfinishedExecutions(componentDigest));
  }

  async appendLogs(entries: readonly LogEntry[]): Promise<void> {
    if (entries.length > 0) {
      await this.#writeSql(() => insertLogs(entries));
    }
  }

  getLogs(request: LogsRequest): Promise<readonly LogRecord[]> {
    return this.#readSql(readLogs(POSTGRES, request));
  }

  waitForPending(filter: PendingFilter, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.#closed ? Promise.resolve(false) : this.#notifier.waitForPending(filter, timeoutMs, signal);
  }

  waitForResponse(
    executionId: ExecutionId,
    fromCursor: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    return this.#waitUntil(
      () => this.#readSql(hasResponseFrom(executionId, fromCursor)),
      (ms, s) => this.#notifier.waitForResponse(executionId, ms, s),
      timeoutMs,
      signal,
    );
  }

  waitForFinished(executionId: ExecutionId, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.#waitUntil(
      () => this.#readSql(isFinished(executionId)),
      (ms, s) => this.#notifier.waitForFinished(executionId, ms, s),
      timeoutMs,
      signal,
    );
  }

  listCronStates(): Promise<readonly CronState[]> {
    return this.#readSql(listCronStates());
  }

  saveCronState(request: SaveCronStateRequest): Promise<boolean> {
    return this.#writeSql(() => saveCronState(request));
  }

  deleteCronStates(keep: readonly string[]): Promise<number> {
    return this.#writeSql(() => deleteCronStates(keep));
  }

  purgeFinished(request: PurgeBatchRequest): Promise<PurgeBatchResult> {
    return request.dryRun === true
      ? this.#readSql(purgeFinished(POSTGRES, request))
      : this.#writeSql(() => purgeFinished(POSTGRES, request));
  }

  tableRowCounts(): Promise<Readonly<Record<string, number>>> {
    return this.#readSql(tableRowCounts(POSTGRES));
  }

  schemaVersion(): Promise<number> {
    return this.#read((c) => readSchemaVersion(c));
  }

  listDelays(executionId: ExecutionId): Promise<readonly ExpiredDelay[]> {
    return this.#readSql(listDelays(executionId));
  }

  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#notifier.close();
    await this.#listener?.close();
    await this.#db.close();
  }

  /**
   * Resolves `true` once `ready()` holds: the waiter is registered before each check, so a
   * wake-up between the check and the wait is not lost; the check repeats every `pollMs`.
   */
  async #waitUntil(
    ready: () => Promise<boolean>,
    wait: (timeoutMs: number, signal: AbortSignal) => Promise<boolean>,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const deadline = this.#clock.now() + timeoutMs;
    for (;;) {
      if (this.#closed || signal?.aborted === true) {
        return false;
      }
      const remaining = deadline - this.#clock.now();
      const slice = new AbortController();
      const onAbort = (): void => slice.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const woken = wait(Math.max(0, Math.min(remaining, this.#pollMs)), slice.signal);
        if (await ready()) {
          return true;
        }
        if (remaining <= 0) {
          return false;
        }
        if (await woken) {
          return true;
        }
      } finally {
        slice.abort();
        signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  #read<T>(fn: (c: Conn) => Promise<T>): Promise<T> {
    return this.#db.read(fn);
  }

  /** Runs a read operation (see `sql/query.ts`) on the pool. */
  #readSql<T>(operation: Sql<T>): Promise<T> {
    return this.#db.read((c) => runSql(c, operation));
  }

  /**
   * Runs a write operation (see `sql/query.ts`) in a transaction (see `#write`). It is made by
   * `operation` for each attempt: a transaction may be tried again, and a generator runs once.
   */
  #writeSql<T>(operation: () => Sql<T>): Promise<T> {
    return this.#write((tx) => runSql(tx.c, operation(), tx.notes));
  }

  async #write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    let notes: readonly Note[] = [];
    const result = await this.#db.transaction(async (c) => {
      const tx: Tx = { c, notes: [] };
      const value = await fn(tx);
      if (tx.notes.length > 0) {
        const payloads = [...new Set(tx.notes.map((note) => encodeNote(this.#sender, note)))];
        await c.run('SELECT pg_notify(:channel, p) FROM unnest(CAST(:payloads AS text[])) AS p', {
          channel: this.#channel,
          payloads,
        });
      }
      notes = tx.notes;
      return value;
    });
    for (const note of notes) {
      this.#publish(note);
    }
    return result;
  }

  #publish(note: Note): void {
    switch (note.type) {
      case 'pending':
        this.#notifier.notifyPending(note.ffqn, note.queue);
        break;
      case 'response':
        this.#notifier.notifyResponse(note.executionId);
        break;
      case 'finished':
        this.#notifier.notifyFinished(note.executionId);
        break;
    }
  }
}

/** Where the database is, without the password (for messages). */
export function describeConnection(connection: PgConnection, schema: string): string {
  let where = `${connection.host ?? 'localhost'}:${connection.port ?? 5432}/${connection.database ?? ''}`;
  if (connection.connectionString !== undefined) {
    try {
      const url = new URL(connection.connectionString);
      where = `${url.hostname}:${url.port === '' ? '5432' : url.port}${url.pathname}`;
    } catch {
      where = 'the configured PostgreSQL server';
    }
  }
  return `postgres ${where} (schema ${schema})`;
}

/**
 * Connects to PostgreSQL, creates the schema and applies migrations (under an advisory
 * lock), and returns the store. Throws `SchemaTooNew` for a schema made by a newer obelisk.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (!SCHEMA_PATTERN.test(schema)) {
    throw new InvalidArgument(`PostgreSQL schema ${JSON.stringify(schema)} is not a plain lowercase identifier`, {
      hint: 'use letters, digits and underscores, starting with a letter or underscore',
    });
  }
  const dbOptions = { connection: options.connection, schema, poolSize: options.poolSize ?? DEFAULT_POOL_SIZE };
  const db = new Db(dbOptions);
  const store = new PostgresStore(db, schema, options.clock ?? realClock, options.pollMs ?? DEFAULT_POLL_MS);
  try {
    await migrate(db, schema, describeConnection(options.connection, schema));
    if (options.listen !== false) {
      await store.listen((notifier, sender) => new Listener(dbOptions, notifier, sender));
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
