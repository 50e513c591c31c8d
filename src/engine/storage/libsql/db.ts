/**
 * A thin layer over the synchronous `libsql` driver: pragmas, a prepared-statement
 * cache, `BEGIN IMMEDIATE` write transactions with hooks, and translation of driver
 * errors into engine errors. The only file that imports `libsql`.
 *
 * Group commit: {@link Db.writeBatched} runs each write in a savepoint of a transaction
 * shared by every write made before the event loop's next turn, and resolves once that
 * transaction committed and is durable. With `synchronous = full` a commit costs an fsync, so
 * concurrent executions (and a write triggered by another, like locking a child just created)
 * share one; the fsync runs on libuv's thread pool (`wal-sync.ts`), so the event loop prepares
 * the next batch meanwhile. A failing write rolls back only its savepoint.
 *
 * A write that is about to be followed by another can ask the batch to wait for it
 * ({@link Db.holdCommit}): a workflow woken by a response delivered in this batch usually
 * records its next step a fraction of a millisecond later, and both then share one fsync. A
 * hold lasts at most {@link MAX_HOLD_MS}; nothing is reported as durable before the commit.
 *
 * Row memo: while this connection holds the write lock (an open batch or `write`), no other
 * connection can change the database, so rows read or written then can be kept and served again
 * ({@link Db.memo}). The memo is dropped when another connection committed in between (checked
 * with `PRAGMA data_version` as each write transaction begins), when a savepoint or transaction
 * rolls back, and when a statement changes `t_execution` other than through
 * {@link Db.runKeepingMemo}.
 */
import Database from 'libsql';
import { StorageBusy, StorageFailure } from '../../concepts/index.js';
import { WalSync } from './wal-sync.js';

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

/** A prepared statement whose `:name` parameters were rewritten to `?N` (bound from an array: cheaper than by name). */
interface Prepared {
  readonly statement: Statement;
  /** Parameter names in `?N` order. */
  readonly names: readonly string[];
  /** The statement may change execution rows: running it drops the memo. */
  readonly changesExecutions: boolean;
}

/** Statements that may change `t_execution` rows (and so the rows kept in the memo). */
const CHANGES_EXECUTIONS = /\b(?:UPDATE|DELETE\s+FROM|INSERT\s+OR\s+REPLACE\s+INTO|REPLACE\s+INTO)\s+t_execution\b/i;

/** The memo is dropped when it holds this many rows. */
const MAX_MEMO_ROWS = 20_000;

/** Rewrites `:name` parameters (outside quoted text) to numbered ones, in order of first use. */
export function numberParameters(sql: string): { readonly sql: string; readonly names: readonly string[] } {
  const names: string[] = [];
  const out = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|:([A-Za-z_][A-Za-z0-9_]*)/g, (match, name?: string) => {
    if (name === undefined) {
      return match;
    }
    let index = names.indexOf(name);
    if (index < 0) {
      index = names.push(name) - 1;
    }
    return `?${index + 1}`;
  });
  return { sql: out, names };
}

function bind(prepared: Prepared, params: SqlParams): SqlValue[] {
  const { names } = prepared;
  const values = new Array<SqlValue>(names.length);
  for (let i = 0; i < names.length; i++) {
    values[i] = params[names[i] as string] ?? null;
  }
  return values;
}

/** Translates a driver error into an engine error naming the database file and what to do. */
function translate(error: unknown, path: string): Error {
  if (error instanceof Database.SqliteError) {
    if (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED')) {
      return new StorageBusy(`the database ${path} is busy (another writer holds it): ${error.message}`, {
        cause: error,
        hint: 'another process is writing to this file; obelisk tries again',
      });
    }
    return new StorageFailure(`database error ${error.code} on ${path}: ${error.message}`, {
      cause: error,
      hint: hintFor(error.code, path),
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

function hintFor(code: string, path: string): string | undefined {
  if (code.startsWith('SQLITE_FULL')) {
    return `free space on the disk that holds ${path}; obelisk tries again on its own`;
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return `check the disk that holds ${path} (free space, kernel log); obelisk tries again on its own`;
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return `make ${path} and its folder writable by this user, or point database.path elsewhere`;
  }
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return `the file is damaged: restore ${path} from a backup, or move it away to start with an empty database`;
  }
  return undefined;
}

/** Callbacks of one write: when its statements ran (its batch may commit later), and once committed. */
interface Hooks {
  readonly written: (() => void)[];
  readonly committed: (() => void)[];
}

/** The open group-commit transaction. */
interface Batch {
  readonly committed: (() => void)[];
  readonly waiters: Waiter[];
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  /** Told at the commit, before the WAL sync (see `beforeSync` of {@link Db.writeBatched}). */
  readonly beforeSync: boolean;
}

/** A batch commits at once when it holds this many writes. */
const MAX_BATCH = 500;

/** How long a commit waits at most for a write announced with {@link Db.holdCommit}. */
export const MAX_HOLD_MS = 5;

/** One connection. Not shared between threads. */
export class Db {
  readonly #db: Database.Database;
  readonly #path: string;
  readonly #statements = new Map<string, Prepared>();
  #hooks: Hooks | null = null;
  #batch: Batch | null = null;
  /** Announced writes ({@link holdCommit}) by key: until when the batch waits for them. */
  readonly #holds = new Map<string, number>();
  #holdTimer: NodeJS.Timeout | null = null;
  #commitScheduled = false;
  /** True inside {@link write}. */
  #inWrite = false;
  readonly #memo = new Map<string, unknown>();
  /** `PRAGMA data_version` when the last write transaction began: another connection's commit changes it. */
  #dataVersion: unknown = undefined;
  /** The last commit of a batch failed: until one succeeds, `beforeCommit` writes wait for theirs too. */
  #commitsFailing = false;
  /** With `synchronous = full` on a WAL file: makes commits durable off the event loop (see `wal-sync.ts`). */
  readonly #walSync: WalSync | null = null;
  readonly synchronous: SynchronousMode;

  constructor(options: DbOptions) {
    this.#path = options.path;
    this.synchronous = options.synchronous;
    try {
      this.#db = new Database(options.path);
      this.#db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
      const wal = options.path !== ':memory:' && this.pragma('journal_mode = WAL') === 'wal';
      if (wal && options.synchronous === 'full') {
        this.#walSync = new WalSync(`${options.path}-wal`);
      }
      // FULL without a WAL file; with one, NORMAL and the WAL synced by `#walSync` before any waiter is told.
      this.#db.exec(`PRAGMA synchronous = ${options.synchronous === 'normal' || wal ? 'NORMAL' : 'FULL'}`);
      this.#db.exec('PRAGMA temp_store = MEMORY');
      // A 64 MiB page cache, and checkpoints every ~40 MB of WAL instead of ~4 MB: measured
      // 10-15% more workflow throughput (fewer re-reads and fewer checkpoints in the commit path).
      this.#db.exec('PRAGMA cache_size = -65536');
      this.#db.exec('PRAGMA wal_autocheckpoint = 10000');
    } catch (error) {
      throw translate(error, this.#path);
    }
  }

  /** Runs one or more statements without parameters (DDL, pragmas). */
  exec(sql: string): void {
    this.#memo.clear();
    try {
      this.#db.exec(sql);
    } catch (error) {
      throw translate(error, this.#path);
    }
  }

  /** The first row, or undefined. */
  get(sql: string, params: SqlParams = {}): SqlRow | undefined {
    try {
      const prepared = this.#prepare(sql);
      return prepared.statement.get(bind(prepared, params)) as SqlRow | undefined;
    } catch (error) {
      throw translate(error, this.#path);
    }
  }

  /** All rows. */
  all(sql: string, params: SqlParams = {}): SqlRow[] {
    try {
      const prepared = this.#prepare(sql);
      return prepared.statement.all(bind(prepared, params)) as SqlRow[];
    } catch (error) {
      throw translate(error, this.#path);
    }
  }

  /** Runs a statement; returns the number of changed rows. */
  run(sql: string, params: SqlParams = {}): number {
    try {
      const prepared = this.#prepare(sql);
      if (prepared.changesExecutions) {
        this.#memo.clear();
      }
      return prepared.statement.run(bind(prepared, params)).changes;
    } catch (error) {
      throw translate(error, this.#path);
    }
  }

  /** Runs a statement that changes execution rows whose new values the caller puts in the memo itself. */
  runKeepingMemo(sql: string, params: SqlParams = {}): number {
    try {
      const prepared = this.#prepare(sql);
      return prepared.statement.run(bind(prepared, params)).changes;
    } catch (error) {
      this.#memo.clear();
      throw translate(error, this.#path);
    }
  }

  /**
   * Rows kept while this connection holds the write lock (see the file comment), by key; `null`
   * outside a write transaction, where another connection may change any row at any time.
   */
  memo(): Map<string, unknown> | null {
    if (this.#batch === null && !this.#inWrite) {
      return null;
    }
    if (this.#memo.size >= MAX_MEMO_ROWS) {
      this.#memo.clear();
    }
    return this.#memo;
  }

  /** Drops the memo if another connection committed since the last write transaction began. */
  #checkDataVersion(): void {
    const version = this.#prepare('PRAGMA data_version').statement.get([]) as SqlRow | undefined;
    const value = version === undefined ? undefined : Object.values(version)[0];
    if (value !== this.#dataVersion) {
      this.#memo.clear();
      this.#dataVersion = value;
    }
  }

  /** Runs a transaction-control statement (prepared once: `exec` would parse it on every call). */
  #control(sql: string): void {
    this.#prepare(sql).statement.run([]);
  }

  /** A pragma's single value. */
  pragma(name: string): unknown {
    const row = this.get(`PRAGMA ${name}`);
    return row === undefined ? undefined : Object.values(row)[0];
  }

  /**
   * Runs `fn` in its own `BEGIN IMMEDIATE` transaction (waiting up to the busy timeout for
   * other writers); all its hooks run once it committed. Not reentrant.
   */
  write<T>(fn: () => T): T {
    this.commitBatch();
    if (this.#hooks !== null) {
      throw new StorageFailure('nested write transaction');
    }
    try {
      this.#control('BEGIN IMMEDIATE');
      this.#checkDataVersion();
    } catch (error) {
      this.#rollBack();
      throw translate(error, this.#path);
    }
    const hooks: Hooks = { written: [], committed: [] };
    this.#hooks = hooks;
    this.#inWrite = true;
    let result: T;
    try {
      result = fn();
      this.#control('COMMIT');
    } catch (error) {
      this.#hooks = null;
      this.#inWrite = false;
      this.#rollBack();
      throw translate(error, this.#path);
    }
    this.#hooks = null;
    this.#inWrite = false;
    if (this.#walSync !== null) {
      try {
        this.#walSync.syncNow();
      } catch (error) {
        throw this.#syncFailure(error);
      }
    }
    [...hooks.written, ...hooks.committed].forEach((hook) => hook());
    return result;
  }

  /**
   * Runs `fn` now, in a savepoint of the shared group-commit transaction, and resolves with
   * its result once that transaction committed (rejects if `fn` throws: only its own
   * statements are rolled back). `afterWrite` hooks run right after `fn`, so work they trigger
   * can join the same commit; `afterCommit` hooks run after the commit.
   *
   * With `beforeCommit`, it resolves as soon as `fn`'s statements ran: for callers whose work may
   * be lost with the batch (and done again) without harm; a failing commit is not reported to them.
   * After a failed commit (a full disk, an I/O error) such writes wait for their commit again until
   * one succeeds, so that work is not started over and over while nothing can be stored.
   *
   * With `beforeSync`, it resolves once the batch committed, before the commit is on disk: for
   * work whose only effects are later writes (a power loss keeps a prefix of the commits, so it
   * loses those too); anything reported outside waits for durability ({@link settled}).
   */
  writeBatched<T>(
    fn: () => T,
    options: { readonly beforeCommit?: boolean; readonly beforeSync?: boolean } = {},
  ): Promise<T> {
    if (this.#hooks !== null) {
      return Promise.reject(new StorageFailure('nested write transaction'));
    }
    let batch: Batch;
    try {
      batch = this.#openBatch();
      this.#control('SAVEPOINT write');
    } catch (error) {
      return Promise.reject(translate(error, this.#path));
    }
    const hooks: Hooks = { written: [], committed: [] };
    this.#hooks = hooks;
    let result: T;
    try {
      result = fn();
      this.#control('RELEASE write');
    } catch (error) {
      this.#hooks = null;
      const failure = translate(error, this.#path);
      if (!this.#rollBackSavepoint()) {
        this.#abandonBatch(failure);
      }
      return Promise.reject(failure);
    }
    this.#hooks = null;
    batch.committed.push(...hooks.committed);
    const done =
      options.beforeCommit === true && !this.#commitsFailing
        ? Promise.resolve(result)
        : new Promise<T>((resolve, reject) =>
            batch.waiters.push({ resolve: () => resolve(result), reject, beforeSync: options.beforeSync === true }),
          );
    hooks.written.forEach((hook) => hook());
    if (batch.waiters.length >= MAX_BATCH) {
      this.commitBatch();
    }
    return done;
  }

  /** True after a failed commit, until one succeeds. */
  get commitsFailing(): boolean {
    return this.#commitsFailing;
  }

  /** True while a group-commit transaction is open (a write now costs no extra transaction). */
  get batchOpen(): boolean {
    return this.#batch !== null;
  }

  /** Commits the open batch now (if any). */
  commitBatch(): void {
    const batch = this.#batch;
    if (batch === null) {
      return;
    }
    this.#batch = null;
    try {
      this.#control('COMMIT');
    } catch (error) {
      this.#commitsFailing = true;
      this.#rollBack();
      const failure = translate(error, this.#path);
      batch.waiters.forEach((waiter) => waiter.reject(failure));
      return;
    }
    this.#commitsFailing = false;
    if (this.#walSync === null) {
      batch.waiters.forEach((waiter) => waiter.resolve());
      batch.committed.forEach((hook) => hook());
      return;
    }
    const waiters = batch.waiters.filter((waiter) => !waiter.beforeSync);
    batch.waiters.forEach((waiter) => waiter.beforeSync && waiter.resolve());
    this.#walSync.after(
      () => {
        waiters.forEach((waiter) => waiter.resolve());
        batch.committed.forEach((hook) => hook());
      },
      (error) => {
        this.#commitsFailing = true;
        const failure = this.#syncFailure(error);
        waiters.forEach((waiter) => waiter.reject(failure));
      },
    );
  }

  /**
   * Resolves once everything written so far is committed and on disk (at once when it is): what
   * is read after it may be reported outside. A failure to commit or sync resolves it as well;
   * the writes that failed report it.
   */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#batch !== null) {
        this.#batch.waiters.push({ resolve, reject: () => resolve(), beforeSync: false });
      } else if (this.#walSync !== null) {
        this.#walSync.whenSynced(resolve);
      } else {
        resolve();
      }
    });
  }

  /** Syncs of the WAL file made so far (0 unless `synchronous = full` on a file). */
  get walSyncs(): number {
    return this.#walSync?.syncs ?? 0;
  }

  #syncFailure(error: unknown): StorageFailure {
    const reason = error instanceof Error ? error.message : String(error);
    return new StorageFailure(`could not make a commit to ${this.#path} durable: ${reason}`, {
      cause: error,
      hint: `check the disk that holds ${this.#path} (free space, kernel log); obelisk tries again on its own`,
    });
  }

  /**
   * Undoes the failed write's savepoint. False when that was not possible: SQLite rolls the
   * whole transaction back on some errors (a full disk, an I/O error), taking the batch's
   * earlier writes with it.
   */
  #rollBackSavepoint(): boolean {
    this.#memo.clear();
    if (!this.#db.inTransaction) {
      return false;
    }
    try {
      this.#control('ROLLBACK TO write');
      this.#control('RELEASE write');
      return true;
    } catch {
      return false;
    }
  }

  /** The open batch was lost: its writes fail (none of them was committed). */
  #abandonBatch(failure: Error): void {
    this.#commitsFailing = true;
    const batch = this.#batch;
    this.#batch = null;
    this.#rollBack();
    batch?.waiters.forEach((waiter) => waiter.reject(failure));
  }

  /** Rolls the open transaction back, if any (a failure here leaves nothing more to undo). */
  #rollBack(): void {
    this.#memo.clear();
    try {
      if (this.#db.inTransaction) {
        this.#db.exec('ROLLBACK');
      }
    } catch {
      // SQLite already ended the transaction.
    }
  }

  #openBatch(): Batch {
    if (this.#batch !== null) {
      return this.#batch;
    }
    this.#control('BEGIN IMMEDIATE');
    try {
      this.#checkDataVersion();
    } catch (error) {
      this.#rollBack();
      throw error;
    }
    const batch: Batch = { committed: [], waiters: [] };
    this.#batch = batch;
    this.#scheduleCommit();
    return batch;
  }

  /** Commits the open batch on the event loop's next turn, unless a hold is still waited for. */
  #scheduleCommit(): void {
    if (this.#commitScheduled) {
      return;
    }
    this.#commitScheduled = true;
    setImmediate(() => {
      this.#commitScheduled = false;
      this.#commitUnlessHeld();
    });
  }

  #commitUnlessHeld(): void {
    if (this.#batch === null) {
      return;
    }
    const now = performance.now();
    let until = 0;
    for (const [key, expiresAt] of this.#holds) {
      if (expiresAt <= now) {
        this.#holds.delete(key);
      } else {
        until = Math.max(until, expiresAt);
      }
    }
    if (until === 0) {
      this.commitBatch();
      return;
    }
    if (this.#holdTimer === null) {
      this.#holdTimer = setTimeout(
        () => {
          this.#holdTimer = null;
          this.#commitUnlessHeld();
        },
        Math.max(1, Math.ceil(until - now)),
      );
    }
  }

  /**
   * Announces a write expected soon under `key` (released by {@link releaseCommit}): the open
   * batch waits for it, at most {@link MAX_HOLD_MS}, so that both share one commit.
   */
  holdCommit(key: string): void {
    this.#holds.set(key, performance.now() + MAX_HOLD_MS);
  }

  /** The announced write under `key` was made (or will not be): the batch commits when nothing else is awaited. */
  releaseCommit(key: string): void {
    if (this.#holds.delete(key) && this.#holds.size === 0 && this.#batch !== null) {
      this.#scheduleCommit();
    }
  }

  /** Registers `hook` to run once the current write's statements ran (before its batch commits). */
  afterWrite(hook: () => void): void {
    this.#currentHooks().written.push(hook);
  }

  /** Registers `hook` to run after the current write transaction commits. */
  afterCommit(hook: () => void): void {
    this.#currentHooks().committed.push(hook);
  }

  #currentHooks(): Hooks {
    if (this.#hooks === null) {
      throw new StorageFailure('a write hook outside a write transaction');
    }
    return this.#hooks;
  }

  close(): void {
    this.#holds.clear();
    if (this.#holdTimer !== null) {
      clearTimeout(this.#holdTimer);
      this.#holdTimer = null;
    }
    this.commitBatch();
    this.#walSync?.close();
    this.#memo.clear();
    this.#statements.clear();
    this.#db.close();
  }

  #prepare(sql: string): Prepared {
    let prepared = this.#statements.get(sql);
    if (prepared === undefined) {
      const numbered = numberParameters(sql);
      prepared = {
        statement: this.#db.prepare(numbered.sql),
        names: numbered.names,
        changesExecutions: CHANGES_EXECUTIONS.test(sql),
      };
      this.#statements.set(sql, prepared);
    }
    return prepared;
  }
}
