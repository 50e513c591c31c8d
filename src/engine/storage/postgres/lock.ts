/**
 * Locking pending executions (`FOR UPDATE SKIP LOCKED`: processes polling at the same time
 * never lock the same execution), extending and finding expired locks.
 */
import { InvalidArgument, InvalidState, VersionConflict, type JsonValue } from '../../concepts/index.js';
import type { ExpiredLock, ExtendLockRequest, LockPendingRequest, LockedExecution } from '../types.js';
import { appendTo } from './append.js';
import type { Conn, SqlValue } from './db.js';
import { readEvents } from './events.js';
import { readResponses } from './responses.js';
import { executionRowOf, loadExecution, parseJson, type ExecutionRow } from './rows.js';
import type { Tx } from './tx.js';

const PENDING = `SELECT * FROM t_execution WHERE state = 'pending-at' AND paused = 0 AND scheduled_at <= :now`;
const BY_QUEUE = 'AND queue = :queue';
const ORDER = 'ORDER BY scheduled_at, execution_id LIMIT :limit';
const SKIP_LOCKED = 'FOR UPDATE SKIP LOCKED';

async function selectPending(c: Conn, request: LockPendingRequest, lock: string): Promise<ExecutionRow[]> {
  const filters: string[] = [];
  const params: Record<string, SqlValue> = { now: request.now, limit: request.limit };
  if (request.ffqns !== undefined) {
    filters.push('AND ffqn = ANY(:ffqns)');
    params['ffqns'] = request.ffqns;
  }
  if (request.queue !== undefined) {
    filters.push(BY_QUEUE);
    params['queue'] = request.queue;
  }
  if (filters.length === 0) {
    throw new InvalidArgument('lockPending needs ffqns, a queue, or both');
  }
  const rows = await c.all(`${PENDING} ${filters.join(' ')} ${ORDER} ${lock}`, params);
  return rows.map(executionRowOf);
}

/** Whether `lockPending` would lock anything (a read, so an idle poll opens no write transaction). */
export async function hasPendingWork(c: Conn, request: LockPendingRequest): Promise<boolean> {
  return request.ffqns?.length !== 0 && (await selectPending(c, { ...request, limit: 1 }, '')).length > 0;
}

/** `lockPending` (see `ExecutorStore`). */
export async function lockPending(tx: Tx, request: LockPendingRequest): Promise<LockedExecution[]> {
  if (!Number.isSafeInteger(request.limit) || request.limit < 0) {
    throw new InvalidArgument(`limit must be a non-negative integer, got ${request.limit}`);
  }
  if (request.limit === 0 || request.ffqns?.length === 0) {
    return [];
  }
  const locked: LockedExecution[] = [];
  for (const execution of await selectPending(tx.c, request, SKIP_LOCKED)) {
    const event = {
      type: 'locked',
      executorId: request.executorId,
      runId: request.runId,
      lockExpiresAt: request.lockExpiresAt,
      retry: request.retry ?? null,
    } as const;
    const { row } = await appendTo(tx, execution, [event], request.now);
    const history =
      request.withHistory === true
        ? {
            events: await readEvents(tx.c, execution.executionId),
            responses: await readResponses(tx.c, execution.executionId),
          }
        : undefined;
    locked.push({
      executionId: execution.executionId,
      ffqn: execution.ffqn,
      params: parseJson<JsonValue[]>(execution.paramsJson),
      version: row.version,
      componentDigest: execution.componentDigest,
      queue: execution.queue,
      parent: execution.parent,
      topmostParentId: execution.topmostParentId,
      intermittentFailures: row.intermittentFailures,
      seed: execution.seed,
      createdAt: execution.createdAt,
      executorId: request.executorId,
      runId: request.runId,
      lockExpiresAt: request.lockExpiresAt,
      cancelRequested: row.cancelRequested,
      history,
    });
  }
  return locked;
}

/** `extendLock` (see `ExecutorStore`). */
export async function extendLock(tx: Tx, request: ExtendLockRequest): Promise<void> {
  const execution = await loadExecution(tx.c, request.executionId);
  const { row } = execution;
  if (row.version !== request.version) {
    throw new VersionConflict(request.executionId, request.version, row.version);
  }
  if (row.state.type !== 'locked' || row.state.runId !== request.runId) {
    throw new InvalidState(`cannot extend the lock of ${request.executionId}: it is not locked by ${request.runId}`);
  }
  await tx.c.run('UPDATE t_execution SET lock_expires_at = :until, updated_at = :now WHERE execution_id = :id', {
    until: request.lockExpiresAt,
    now: request.now,
    id: request.executionId,
  });
}

/** `findExpiredLocks` (see `ExecutorStore`). */
export async function findExpiredLocks(c: Conn, now: number, limit: number | null): Promise<ExpiredLock[]> {
  const rows = await c.all(
    `SELECT * FROM t_execution WHERE state = 'locked' AND lock_expires_at < :now ORDER BY lock_expires_at, execution_id LIMIT :limit`,
    { now, limit },
  );
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
