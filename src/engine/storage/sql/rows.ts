/** Reading and writing `t_execution` rows through the query protocol, and the SQL both drivers write them with. */
import { NotFound, summaryStateOf, type ExecutionId, type JsonValue } from '../../concepts/index.js';
import { type ExecutionRow, parseJson } from '../row-codec.js';
import type { RowState } from '../state-machine.js';
import type { ExecutionRecord } from '../types.js';
import type { SqlParams, Sql } from './query.js';

/**
 * Loads an execution row, or `undefined`. `forUpdate` (the default in write transactions) asks
 * the driver to row-lock it until the end of the transaction where it can (PostgreSQL), so that
 * concurrent writers of one execution take turns.
 */
export function* findExecution(executionId: ExecutionId, forUpdate = true): Sql<ExecutionRow | undefined> {
  return (yield { kind: 'find', executionId, forUpdate }) as ExecutionRow | undefined;
}

/** Loads an execution row; throws `NotFound`. */
export function* loadExecution(executionId: ExecutionId, forUpdate = true): Sql<ExecutionRow> {
  const found = yield* findExecution(executionId, forUpdate);
  if (found === undefined) {
    throw new NotFound('execution', executionId);
  }
  return found;
}

/** `getExecution` (see `ApiStore`). */
export function* getExecution(executionId: ExecutionId): Sql<ExecutionRecord> {
  return executionRecordOf(yield* loadExecution(executionId, false));
}

/** True once the execution finished; throws `NotFound`. */
export function* isFinished(executionId: ExecutionId): Sql<boolean> {
  return (yield* loadExecution(executionId, false)).row.state.type === 'finished';
}

/** Throws `NotFound` unless the execution exists. */
export function* requireExists(executionId: ExecutionId): Sql<void> {
  yield* loadExecution(executionId, false);
}

/** Writes the mutable columns of an execution. */
export function* writeRowState(executionId: ExecutionId, row: RowState): Sql<void> {
  yield { kind: 'write-row', executionId, row };
}

/** The columns that store a {@link RowState}. */
export function rowStateParams(row: RowState): SqlParams {
  const { state } = row;
  return {
    version: row.version,
    updated_at: row.updatedAt,
    state: state.type,
    scheduled_at: state.type === 'pending-at' ? state.scheduledAt : null,
    executor_id: state.type === 'locked' ? state.executorId : null,
    run_id: state.type === 'locked' ? state.runId : null,
    lock_expires_at: state.type === 'locked' ? state.lockExpiresAt : null,
    locked_at_version: state.type === 'locked' ? row.lockedAtVersion : null,
    join_set_id: state.type === 'blocked-by-join-set' ? state.joinSetId : null,
    join_set_closing: state.type === 'blocked-by-join-set' ? (state.closing ? 1 : 0) : null,
    paused: row.paused ? 1 : 0,
    cancel_requested: row.cancelRequested ? 1 : 0,
    intermittent_failures: row.intermittentFailures,
    retry: row.retry === null ? null : JSON.stringify(row.retry),
    finished_at: state.type === 'finished' ? state.finishedAt : null,
    result_kind: state.type === 'finished' ? state.result.kind : null,
    failure_kind: state.type === 'finished' && state.result.kind === 'failure' ? state.result.failureKind : null,
    result: state.type === 'finished' ? JSON.stringify(state.result) : null,
  };
}

/** Writes {@link rowStateParams} and `:execution_id`. */
export const UPDATE_ROW = `UPDATE t_execution SET
  version = :version, updated_at = :updated_at, state = :state, scheduled_at = :scheduled_at,
  executor_id = :executor_id, run_id = :run_id, lock_expires_at = :lock_expires_at, locked_at_version = :locked_at_version,
  join_set_id = :join_set_id, join_set_closing = :join_set_closing, paused = :paused, cancel_requested = :cancel_requested,
  intermittent_failures = :intermittent_failures, retry = :retry, finished_at = :finished_at,
  result_kind = :result_kind, failure_kind = :failure_kind, result = :result
WHERE execution_id = :execution_id`;

/** The public record of a loaded row. */
export function executionRecordOf(execution: ExecutionRow): ExecutionRecord {
  const { row } = execution;
  return {
    executionId: execution.executionId,
    ffqn: execution.ffqn,
    params: parseJson<JsonValue[]>(execution.paramsJson),
    queue: execution.queue,
    componentDigest: execution.componentDigest,
    seed: execution.seed,
    parent: execution.parent,
    topmostParentId: execution.topmostParentId,
    createdAt: execution.createdAt,
    firstScheduledAt: execution.firstScheduledAt,
    updatedAt: row.updatedAt,
    version: row.version,
    state: row.state,
    paused: row.paused,
    cancelRequested: row.cancelRequested,
    summaryState: summaryStateOf(row.state, row),
    intermittentFailures: row.intermittentFailures,
    retry: row.retry,
  };
}
