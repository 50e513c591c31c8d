/**
 * The libSQL store: every role interface on one synchronous `libsql` connection.
 * Methods return promises (so that callers are backend-neutral) but do their work
 * synchronously; each write runs in a savepoint of a transaction it shares with the
 * other writes of the same event-loop turn (group commit, see `db.ts`) and resolves
 * once that transaction committed; waiters on a finished execution are woken only then.
 */
import { existsSync, statSync } from 'node:fs';
import {
  StorageFailure,
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
import { SQLITE } from '../sql/dialect.js';
import { getEvents } from '../sql/events.js';
import { pause, requestCancel, stub, unpause } from '../sql/flags.js';
import { hasUnfinishedExecutions, listExecutions } from '../sql/list.js';
import { extendLock, findExpiredLocks, hasPendingWork, lockPending } from '../sql/lock.js';
import { insertLogs, readLogs } from '../sql/logs.js';
import { NO_LIMIT, type Sql } from '../sql/query.js';
import { getResponses, hasResponseFrom } from '../sql/responses.js';
import { purgeFinished, tableRowCounts } from '../sql/retention.js';
import { getExecution, isFinished } from '../sql/rows.js';
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
export class LibsqlStore implements Store {
  readonly #db: Db;
  readonly #notifier: Notifier;
  readonly #tx: Tx;
  #closed = false;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#notifier = new Notifier(clock);
    this.#tx = { db, notifier: this.#notifier };
  }

  createExecution(request: CreateExecutionRequest): Promise<CreateExecutionResult> {
    return this.#writeSql(createExecution(request));
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
    return this.#writeSql(lockPending(SQLITE, request));
  }

  extendLock(request: ExtendLockRequest): Promise<void> {
    return this.#writeSql(extendLock(request));
  }

  appendEvent(executionId: ExecutionId, expectedVersion: number, event: AppendableEvent, now: number): Promise<number> {
    const written = this.#write(
      (tx) => runSql(tx, appendEvents(executionId, expectedVersion, [event], now)).row.version,
    );
    this.#db.releaseCommit(executionId);
    return written;
  }

  appendWorkflowStep(step: WorkflowStep): Promise<WorkflowStepResult> {
    const written = this.#writeSql(appendWorkflowStep(step));
    this.#db.releaseCommit(step.executionId);
    return written;
  }

  unlock(executionId: ExecutionId, expectedVersion: number, event: UnlockEvent, now: number): Promise<number> {
    return this.appendEvent(executionId, expectedVersion, event, now);
  }

  finish(executionId: ExecutionId, expectedVersion: number, result: FinishedResult, now: number): Promise<number> {
    return this.appendEvent(executionId, expectedVersion, { type: 'finished', result }, now);
  }

  findExpiredLocks(now: number, limit: number = NO_LIMIT): Promise<readonly ExpiredLock[]> {
    return this.#readSql(findExpiredLocks(now, limit));
  }

  findExpiredDelays(now: number, limit: number = NO_LIMIT): Promise<readonly ExpiredDelay[]> {
    return this.#readSql(findExpiredDelays(now, limit));
  }

  fireDelay(delayId: DelayId, now: number): Promise<boolean> {
    return this.#writeSql(finishDelay(delayId, 'fired', now));
  }

  cancelDelay(delayId: DelayId, now: number): Promise<boolean> {
    return this.#writeSql(finishDelay(delayId, 'cancelled', now));
  }

  pause(executionId: ExecutionId, now: number): Promise<number> {
    return this.#writeSql(pause(executionId, now));
  }

  unpause(executionId: ExecutionId, now: number): Promise<number> {
    return this.#writeSql(unpause(executionId, now));
  }

  requestCancel(executionId: ExecutionId, now: number): Promise<CancelOutcome> {
    return this.#writeSql(requestCancel(executionId, now));
  }

  stub(executionId: ExecutionId, result: FinishedResult, now: number): Promise<'ok' | 'conflict'> {
    return this.#writeSql(stub(executionId, result, now));
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
    return this.#readSql(listExecutions(SQLITE, request));
  }

  hasUnfinishedExecutions(componentDigest: ComponentDigest): Promise<boolean> {
    return this.#readSql(hasUnfinishedExecutions(componentDigest));
  }

  appendLogs(entries: readonly LogEntry[]): Promise<void> {
    return entries.length === 0 ? Promise.resolve() : this.#writeSql(insertLogs(entries));
  }

  getLogs(request: LogsRequest): Promise<readonly LogRecord[]> {
    return this.#readSql(readLogs(SQLITE, request));
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

  listCronStates(): Promise<readonly CronState[]> {
    return this.#readSql(listCronStates());
  }

  saveCronState(request: SaveCronStateRequest): Promise<boolean> {
    return this.#writeSql(saveCronState(request));
  }

  deleteCronStates(keep: readonly string[]): Promise<number> {
    return this.#writeSql(deleteCronStates(keep));
  }

  purgeFinished(request: PurgeBatchRequest): Promise<PurgeBatchResult> {
    return request.dryRun === true
      ? this.#readSql(purgeFinished(SQLITE, request))
      : this.#writeSql(purgeFinished(SQLITE, request));
  }

  tableRowCounts(): Promise<Readonly<Record<string, number>>> {
    return this.#readSql(tableRowCounts(SQLITE));
  }

  schemaVersion(): Promise<number> {
    return this.#read(() => readSchemaVersion(this.#db));
  }

  listDelays(executionId: ExecutionId): Promise<readonly ExpiredDelay[]> {
    return this.#readSql(listDelays(executionId));
  }

  /** The pragmas in effect on the connection. */
  settings(): LibsqlSettings {
    return {
      journalMode: String(this.#db.pragma('journal_mode')),
      synchronous: Number(this.#db.pragma('synchronous')) === 1 ? 'normal' : 'full',
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

  #read<T>(fn: () => T): Promise<T> {
    return settle(fn);
  }

  /** Runs a read operation (see `sql/query.ts`) on the connection. */
  #readSql<T>(operation: Sql<T>): Promise<T> {
    return settle(() => runSql(this.#tx, operation));
  }

  #write<T>(fn: (tx: Tx) => T): Promise<T> {
    return this.#db.writeBatched(() => fn(this.#tx));
  }

  /** Runs a write operation (see `sql/query.ts`) in a write of the group commit (see `#write`). */
  #writeSql<T>(operation: Sql<T>): Promise<T> {
    return this.#db.writeBatched(() => runSql(this.#tx, operation));
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
