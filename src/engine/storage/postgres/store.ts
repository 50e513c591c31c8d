/**
 * The PostgreSQL store: every role interface on a connection pool, shared by any number
 * of obelisk processes. Each write is one transaction that row-locks the executions it
 * changes (`SELECT ... FOR UPDATE`), so the version check and the write cannot interleave
 * with another writer's; pending executions are locked with `FOR UPDATE SKIP LOCKED`.
 * Wake-ups reach this process's waiters after commit and other processes through
 * `NOTIFY`; waits for a response or a finished execution also re-check every `pollMs`.
 * The operations are those of `sql/` (see `sql/store.ts`), run by `run.ts`.
 */
import { randomUUID } from 'node:crypto';
import { InvalidArgument, realClock, type Clock, type ExecutionId } from '../../concepts/index.js';
import { Notifier } from '../notifier.js';
import type { AppendableEvent, Store } from '../stores.js';
import type { LockPendingRequest, LockedExecution, PendingFilter } from '../types.js';
import { appendEvents } from '../sql/append.js';
import { POSTGRES } from '../sql/dialect.js';
import { hasPendingWork, lockPending } from '../sql/lock.js';
import type { Sql } from '../sql/query.js';
import { hasResponseFrom } from '../sql/responses.js';
import { isFinished } from '../sql/rows.js';
import { SqlStore } from '../sql/store.js';
import { Db, quoteLiteral, type PgConnection } from './db.js';
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
export class PostgresStore extends SqlStore implements Store {
  readonly #db: Db;
  readonly #notifier: Notifier;
  readonly #clock: Clock;
  readonly #sender = randomUUID();
  readonly #channel: string;
  readonly #pollMs: number;
  #listener: Listener | null = null;
  #closed = false;

  constructor(db: Db, schema: string, clock: Clock, pollMs: number) {
    super(POSTGRES);
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

  async lockPending(request: LockPendingRequest): Promise<readonly LockedExecution[]> {
    const validPoll =
      Number.isSafeInteger(request.limit) &&
      request.limit > 0 &&
      (request.ffqns !== undefined || request.queue !== undefined);
    if (validPoll && !(await this.read(hasPendingWork(request)))) {
      return [];
    }
    return this.write(() => lockPending(POSTGRES, request));
  }

  appendEvent(executionId: ExecutionId, expectedVersion: number, event: AppendableEvent, now: number): Promise<number> {
    const written = this.write(() => appendEvents(executionId, expectedVersion, [event], now));
    return written.then((outcome) => outcome.row.version);
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
      () => this.read(hasResponseFrom(executionId, fromCursor)),
      (ms, s) => this.#notifier.waitForResponse(executionId, ms, s),
      timeoutMs,
      signal,
    );
  }

  waitForFinished(executionId: ExecutionId, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.#waitUntil(
      () => this.read(isFinished(executionId)),
      (ms, s) => this.#notifier.waitForFinished(executionId, ms, s),
      timeoutMs,
      signal,
    );
  }

  schemaVersion(): Promise<number> {
    return this.#db.read((c) => readSchemaVersion(c));
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

  /** Runs a read operation (see `sql/query.ts`) on the pool. */
  protected override read<T>(operation: Sql<T>): Promise<T> {
    return this.#db.read((c) => runSql(c, operation));
  }

  /**
   * Runs a write operation (see `sql/query.ts`) in a transaction, made by `operation` for each
   * attempt (a transaction may be tried again, and a generator runs once); then sends its notes.
   */
  protected override async write<T>(operation: () => Sql<T>): Promise<T> {
    let notes: readonly Note[] = [];
    const result = await this.#db.transactionWith(async (c) => {
      const tx: Tx = { c, notes: [] };
      const value = await runSql(c, operation(), tx.notes);
      notes = tx.notes;
      if (tx.notes.length === 0) {
        return { value };
      }
      // Sent with the COMMIT; NOTIFY itself is delivered only once the transaction committed.
      const channel = quoteLiteral(this.#channel);
      const payloads = [...new Set(tx.notes.map((note) => encodeNote(this.#sender, note)))];
      return {
        value,
        beforeCommit: `SELECT ${payloads.map((p) => `pg_notify(${channel}, ${quoteLiteral(p)})`).join(', ')}`,
      };
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
