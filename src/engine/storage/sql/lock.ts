/**
 * Locking pending executions (on PostgreSQL `FOR UPDATE SKIP LOCKED`: processes polling at the
 * same time never lock the same execution), extending and finding expired locks.
 */
import { InvalidArgument, InvalidState, VersionConflict, type JsonValue } from '../../concepts/index.js';
import type { ExpiredLock, ExtendLockRequest, LockPendingRequest, LockedExecution } from '../types.js';
import { executionRowOf, parseJson, type ExecutionRow } from '../row-codec.js';
import { appendTo } from './append.js';
import type { Dialect } from './dialect.js';
import { readEvents } from './events.js';
import { lockedEvent, lockedExecution } from './locked.js';
import { all, run, type Sql, type SqlRow } from './query.js';
import { readResponses } from './responses.js';
import { loadExecution } from './rows.js';
import { byServedDigests } from './served.js';

const PENDING = `SELECT * FROM t_execution WHERE state = 'pending-at' AND paused = 0 AND scheduled_at <= :now`;
const BY_QUEUE = 'AND queue = :queue';
const ORDER = 'ORDER BY scheduled_at, execution_id LIMIT :limit';

/** `AND ffqn IN (:f0, :f1, ...)`: bound one by one so the partial index on (ffqn, scheduled_at) is used. */
function byFfqns(ffqns: readonly string[], params: Record<string, string | number>): string {
  ffqns.forEach((ffqn, i) => (params[`f${i}`] = ffqn));
  return `AND ffqn IN (${ffqns.map((_, i) => `:f${i}`).join(', ')})`;
}

/** Selects pending rows; `lock` is appended (the dialect's row lock, or nothing for a read). */
function* selectPending(request: LockPendingRequest, lock: string): Sql<ExecutionRow[]> {
  const filters: string[] = [];
  const params: Record<string, string | number> = { now: request.now, limit: request.limit };
  if (request.ffqns !== undefined) {
    filters.push(byFfqns(request.ffqns, params));
  }
  if (request.queue !== undefined) {
    filters.push(BY_QUEUE);
    params['queue'] = request.queue;
  }
  if (filters.length === 0) {
    throw new InvalidArgument('lockPending needs ffqns, a queue, or both');
  }
  if (request.servedDigests !== undefined) {
    filters.push(byServedDigests(request.servedDigests, params));
  }
  const rows = (yield all(`${PENDING} ${filters.join(' ')} ${ORDER} ${lock}`, params)) as SqlRow[];
  return rows.map(executionRowOf);
}

/** Whether `lockPending` would lock anything (a read, so an idle poll opens no write transaction). */
export function* hasPendingWork(request: LockPendingRequest): Sql<boolean> {
  return request.ffqns?.length !== 0 && (yield* selectPending({ ...request, limit: 1 }, '')).length > 0;
}

/** `lockPending` (see `ExecutorStore`). */
export function* lockPending(dialect: Dialect, request: LockPendingRequest): Sql<LockedExecution[]> {
  if (!Number.isSafeInteger(request.limit) || request.limit < 0) {
    throw new InvalidArgument(`limit must be a non-negative integer, got ${request.limit}`);
  }
  if (request.limit === 0 || request.ffqns?.length === 0) {
    return [];
  }
  const locked: LockedExecution[] = [];
  for (const execution of yield* selectPending(request, dialect.lockPending)) {
    yield { kind: 'keep-row', execution };
    const { row } = yield* appendTo(execution, [lockedEvent(request)], request.now);
    const history =
      request.withHistory === true
        ? {
            events: yield* readEvents(execution.executionId),
            responses: yield* readResponses(execution.executionId),
          }
        : undefined;
    locked.push(lockedExecution(execution, parseJson<JsonValue[]>(execution.paramsJson), row, request, history));
  }
  return locked;
}

/** `extendLock` (see `ExecutorStore`). */
export function* extendLock(request: ExtendLockRequest): Sql<void> {
  const execution = yield* loadExecution(request.executionId);
  const { row } = execution;
  if (row.version !== request.version) {
    throw new VersionConflict(request.executionId, request.version, row.version);
  }
  if (row.state.type !== 'locked' || row.state.runId !== request.runId) {
    throw new InvalidState(`cannot extend the lock of ${request.executionId}: it is not locked by ${request.runId}`);
  }
  yield run('UPDATE t_execution SET lock_expires_at = :until, updated_at = :now WHERE execution_id = :id', {
    until: request.lockExpiresAt,
    now: request.now,
    id: request.executionId,
  });
}

/** `findExpiredLocks` (see `ExecutorStore`). */
export function* findExpiredLocks(now: number, limit: number): Sql<ExpiredLock[]> {
  const rows = (yield all(
    `SELECT * FROM t_execution WHERE state = 'locked' AND lock_expires_at < :now ORDER BY lock_expires_at, execution_id LIMIT :limit`,
    { now, limit },
  )) as SqlRow[];
  return rows.map(executionRowOf).map((execution) => {
    const { row } = execution;
    if (row.state.type !== 'locked') {
      throw new InvalidState(`execution ${execution.executionId} is not locked`);
    }
    return {
      executionId: execution.executionId,
      ffqn: execution.ffqn,
      version: row.version,
      lockedAtVersion: row.lockedAtVersion ?? row.version,
      executorId: row.state.executorId,
      runId: row.state.runId,
      lockExpiresAt: row.state.lockExpiresAt,
      intermittentFailures: row.intermittentFailures,
      retry: row.retry,
      parent: execution.parent,
      cancelRequested: row.cancelRequested,
    };
  });
}
