/**
 * The libSQL store: every role interface on one synchronous `libsql` connection.
 * Methods return promises (so that callers are backend-neutral) but do their work
 * synchronously; each write runs in a savepoint of a transaction it shares with the
 * other writes of the same event-loop turn (group commit, see `db.ts`) and resolves
 * once that transaction committed; waiters on a finished execution are woken only then.
 * The operations are those of `sql/` (see `sql/store.ts`), run by `run.ts`.
 */
import { existsSync, statSync } from 'node:fs';
import { StorageFailure, realClock, type Clock, type ExecutionId } from '../../concepts/index.js';
import { Notifier } from '../notifier.js';
import type { AppendableEvent, Store } from '../stores.js';
import type { LockPendingRequest, LockedExecution, PendingFilter, WorkflowStep, WorkflowStepResult } from '../types.js';
import { appendEvents, appendWorkflowStep } from '../sql/append.js';
import { SQLITE } from '../sql/dialect.js';
import { hasPendingWork, lockPending } from '../sql/lock.js';
import type { Sql } from '../sql/query.js';
import { hasResponseFrom } from '../sql/responses.js';
import { isFinished } from '../sql/rows.js';
import { SqlStore } from '../sql/store.js';
import { Db, type SynchronousMode } from './db.js';
import { migrate, readSchemaVersion } from './migrate.js';
import { runSql } from './run.js';
import type { Tx } from './tx.js';

export interface LibsqlStoreOptions {
  /** A database file path, or `:memory:` (private to this store). */
  readonly path: string;
  /** `synchronous` pragma; default `full`. */
  readonly synchronous?: SynchronousMode | undefined;
  /** How long a writer waits for another process's transaction; default 5000 ms. */
  readonly busyTimeoutMs?: number | undefined;
  /** The clock that times `waitFor*` timeouts; default the real clock. */
  readonly clock?: Clock | undefined;
}

/** The connection settings in effect (for diagnostics and tests). */
export interface LibsqlSettings {
  readonly journalMode: string;
  readonly synchronous: SynchronousMode;
  readonly busyTimeoutMs: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** Runs synchronous work and returns its outcome as a promise (a throw becomes a rejection). */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** A {@link Store} on libSQL. Create it with {@link openLibsqlStore}. */
export class LibsqlStore extends SqlStore implements Store {
  readonly #db: Db;
  readonly #notifier: Notifier;
  readonly #tx: Tx;
  #closed = false;

  constructor(db: Db, clock: Clock) {
    super(SQLITE);
    this.#db = db;
    this.#notifier = new Notifier(clock);
    this.#tx = { db, notifier: this.#notifier };
  }

  lockPending(request: LockPendingRequest): Promise<readonly LockedExecution[]> {
    const validPoll =
      Number.isSafeInteger(request.limit) &&
      request.limit > 0 &&
      (request.ffqns !== undefined || request.queue !== undefined);
    // An idle poll reads first, to open no write transaction; inside an open batch writing costs nothing extra.
    if (validPoll && !this.#db.batchOpen && !runSql(this.#tx, hasPendingWork(request))) {
      return Promise.resolve([]);
    }
    // Activities may start while their locks are committed (see `LockPendingRequest.startBeforeDurable`).
    // Any run may start before its lock is on disk: a power loss takes a prefix of the commits, the
    // run's own later writes with the lock (see `beforeSync` in `db.ts`).
    return this.#db.writeBatched(() => runSql(this.#tx, lockPending(SQLITE, request)), {
      beforeCommit: request.startBeforeDurable === true,
      beforeSync: true,
    });
  }

  appendEvent(executionId: ExecutionId, expectedVersion: number, event: AppendableEvent, now: number): Promise<number> {
    const written = this.#db.writeBatched(
      () => runSql(this.#tx, appendEvents(executionId, expectedVersion, [event], now)).row.version,
    );
    this.#db.releaseCommit(executionId);
    return written;
  }

  /**
   * A workflow goes on as soon as its step committed: what it does next is written after it, so a
   * power loss that took the step takes those writes too, and it replays to the same decisions.
   */
  override appendWorkflowStep(step: WorkflowStep): Promise<WorkflowStepResult> {
    const written = this.#db.writeBatched(
      () => {
        const result = runSql(this.#tx, appendWorkflowStep(step));
        const { onChildrenWritten } = step;
        if (onChildrenWritten !== undefined && result.lockedChildren.length > 0 && !this.#db.commitsFailing) {
          this.#db.afterWrite(() => onChildrenWritten(result.lockedChildren));
        }
        return result;
      },
      { beforeSync: true },
    );
    this.#db.releaseCommit(step.executionId);
    return written;
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
    return this.#waitUnless(
      () => runSql(this.#tx, hasResponseFrom(executionId, fromCursor)),
      () =>
        this.#notifier.waitForResponse(executionId, timeoutMs, signal).then((notified) => {
          // The woken run usually records its next step at once: let it share the response's commit.
          if (notified && !this.#closed) {
            this.#db.holdCommit(executionId);
          }
          return notified;
        }),
    );
  }

  waitForFinished(executionId: ExecutionId, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.#waitUnless(
      () => runSql(this.#tx, isFinished(executionId)),
      () => this.#notifier.waitForFinished(executionId, timeoutMs, signal),
    );
  }

  override settled(): Promise<void> {
    return this.#closed ? Promise.resolve() : this.#db.settled();
  }

  schemaVersion(): Promise<number> {
    return settle(() => readSchemaVersion(this.#db));
  }

  /** The pragmas in effect on the connection. */
  settings(): LibsqlSettings {
    return {
      journalMode: String(this.#db.pragma('journal_mode')),
      synchronous: this.#db.synchronous,
      busyTimeoutMs: Number(this.#db.pragma('busy_timeout')),
    };
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#notifier.close();
      this.#db.close();
    }
    return Promise.resolve();
  }

  /** Resolves `true` at once if `ready()` holds, else waits; the check and the registration happen in the same tick. */
  #waitUnless(ready: () => boolean, wait: () => Promise<boolean>): Promise<boolean> {
    if (this.#closed) {
      return Promise.resolve(false);
    }
    let isReady: boolean;
    try {
      isReady = ready();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return isReady ? Promise.resolve(true) : wait();
  }

  /** Runs a read operation (see `sql/query.ts`) on the connection, synchronously. */
  protected override read<T>(operation: Sql<T>): Promise<T> {
    return settle(() => runSql(this.#tx, operation));
  }

  /** Runs a write operation in a savepoint of the group commit (see `db.ts`), synchronously. */
  protected override write<T>(operation: () => Sql<T>): Promise<T> {
    return this.#db.writeBatched(() => runSql(this.#tx, operation()));
  }
}

/**
 * Opens (creating if needed) a libSQL database, applies the schema migrations and
 * returns the store. Throws `SchemaTooNew` for a database made by a newer obelisk.
 */
/** Files larger than this are not checked at open (a quick check reads every page). */
const MAX_CHECKED_BYTES = 256 * 1024 * 1024;

/** Refuses a damaged database file: `PRAGMA quick_check` (bounded: only files up to 256 MiB). */
function checkIntegrity(db: Db, path: string): void {
  if (path === ':memory:' || !existsSync(path) || statSync(path).size > MAX_CHECKED_BYTES) {
    return;
  }
  const result = db.pragma('quick_check(1)');
  if (result !== 'ok') {
    throw new StorageFailure(`the database ${path} is damaged: ${String(result)}`, {
      hint: `restore ${path} from a backup, or move it (with its -wal and -shm files) away to start with an empty database`,
    });
  }
}

export async function openLibsqlStore(options: LibsqlStoreOptions): Promise<LibsqlStore> {
  const db = new Db({
    path: options.path,
    synchronous: options.synchronous ?? 'full',
    busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
  });
  try {
    checkIntegrity(db, options.path);
    migrate(db, options.path);
  } catch (error) {
    db.close();
    throw error;
  }
  return Promise.resolve(new LibsqlStore(db, options.clock ?? realClock));
}
