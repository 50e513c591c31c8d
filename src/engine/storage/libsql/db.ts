/**
 * A thin layer over the synchronous `libsql` driver: pragmas, a prepared-statement
 * cache, `BEGIN IMMEDIATE` write transactions with after-commit hooks, and
 * translation of driver errors into engine errors. The only file that imports `libsql`.
 */
import Database from 'libsql';
import { StorageBusy, StorageFailure } from '../../concepts/index.js';

/** Bound parameter values. (The driver has no booleans: use 0 / 1.) */
export type SqlValue = string | number | bigint | null;
/** Named parameters, `:name` in SQL. */
export type SqlParams = Readonly<Record<string, SqlValue>>;
/** A result row (column name -> value). */
export type SqlRow = Readonly<Record<string, unknown>>;

/** `synchronous` pragma: FULL (default, durable on power loss) or NORMAL (faster, durable on process crash). */
export type SynchronousMode = 'full' | 'normal';

export interface DbOptions {
  readonly path: string;
  readonly synchronous: SynchronousMode;
  readonly busyTimeoutMs: number;
}

type Statement = ReturnType<Database.Database['prepare']>;

function translate(error: unknown): unknown {
  if (error instanceof Database.SqliteError) {
    if (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED')) {
      return new StorageBusy(`the database is busy (another writer holds it): ${error.message}`, { cause: error });
    }
    return new StorageFailure(`database error ${error.code}: ${error.message}`, { cause: error });
  }
  return error;
}

/** One connection. Not shared between threads. */
export class Db {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Statement>();
  #afterCommit: (() => void)[] | null = null;

  constructor(options: DbOptions) {
    try {
      this.#db = new Database(options.path);
      this.#db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
      if (options.path !== ':memory:') {
        this.#db.exec('PRAGMA journal_mode = WAL');
      }
      this.#db.exec(`PRAGMA synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      this.#db.exec('PRAGMA temp_store = MEMORY');
    } catch (error) {
      throw translate(error);
    }
  }

  /** Runs one or more statements without parameters (DDL, pragmas). */
  exec(sql: string): void {
    try {
      this.#db.exec(sql);
    } catch (error) {
      throw translate(error);
    }
  }

  /** The first row, or undefined. */
  get(sql: string, params: SqlParams = {}): SqlRow | undefined {
    try {
      return this.#prepare(sql).get(params) as SqlRow | undefined;
    } catch (error) {
      throw translate(error);
    }
  }

  /** All rows. */
  all(sql: string, params: SqlParams = {}): SqlRow[] {
    try {
      return this.#prepare(sql).all(params) as SqlRow[];
    } catch (error) {
      throw translate(error);
    }
  }

  /** Runs a statement; returns the number of changed rows. */
  run(sql: string, params: SqlParams = {}): number {
    try {
      return this.#prepare(sql).run(params).changes;
    } catch (error) {
      throw translate(error);
    }
  }

  /** A pragma's single value. */
  pragma(name: string): unknown {
    const row = this.get(`PRAGMA ${name}`);
    return row === undefined ? undefined : Object.values(row)[0];
  }

  /**
   * Runs `fn` in a `BEGIN IMMEDIATE` transaction (waiting up to the busy timeout for
   * other writers). Hooks registered with {@link afterCommit} run once it committed.
   * Not reentrant: `fn` must not call `write` again.
   */
  write<T>(fn: () => T): T {
    if (this.#afterCommit !== null) {
      throw new StorageFailure('nested write transaction');
    }
    this.exec('BEGIN IMMEDIATE');
    const hooks: (() => void)[] = [];
    this.#afterCommit = hooks;
    let result: T;
    try {
      result = fn();
      this.exec('COMMIT');
    } catch (error) {
      this.#afterCommit = null;
      if (this.#db.inTransaction) {
        this.#db.exec('ROLLBACK');
      }
      throw translate(error);
    }
    this.#afterCommit = null;
    for (const hook of hooks) {
      hook();
    }
    return result;
  }

  /** Registers `hook` to run after the current write transaction commits. */
  afterCommit(hook: () => void): void {
    if (this.#afterCommit === null) {
      throw new StorageFailure('afterCommit outside a write transaction');
    }
    this.#afterCommit.push(hook);
  }

  close(): void {
    this.#statements.clear();
    this.#db.close();
  }

  #prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
