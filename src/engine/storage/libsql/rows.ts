/** Reading and writing `t_execution` rows. */
import { NotFound, summaryStateOf, type ExecutionId, type JsonValue } from '../../concepts/index.js';
import type { RowState } from '../state-machine.js';
import type { ExecutionRecord } from '../types.js';
import type { Db, SqlParams } from './db.js';
import { type ExecutionRow, executionRowOf, parseJson } from '../row-codec.js';

export * from '../row-codec.js';

/** Loads an execution row, or `undefined`; inside a write transaction from the memo when it is there. */
export function findExecution(db: Db, executionId: ExecutionId): ExecutionRow | undefined {
  const memo = db.memo();
  const kept = memo?.get(executionId) as ExecutionRow | undefined;
  if (kept !== undefined) {
    return kept;
  }
  const row = db.get('SELECT * FROM t_execution WHERE execution_id = :id', { id: executionId });
  if (row === undefined) {
    return undefined;
  }
  const execution = executionRowOf(row);
  memo?.set(executionId, execution);
  return execution;
}

/** Loads an execution row; throws `NotFound`. */
export function loadExecution(db: Db, executionId: ExecutionId): ExecutionRow {
  const found = findExecution(db, executionId);
  if (found === undefined) {
    throw new NotFound('execution', executionId);
  }
  return found;
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

const UPDATE_ROW = `UPDATE t_execution SET
  version = :version, updated_at = :updated_at, state = :state, scheduled_at = :scheduled_at,
  executor_id = :executor_id, run_id = :run_id, lock_expires_at = :lock_expires_at, locked_at_version = :locked_at_version,
  join_set_id = :join_set_id, join_set_closing = :join_set_closing, paused = :paused, cancel_requested = :cancel_requested,
  intermittent_failures = :intermittent_failures, retry = :retry, finished_at = :finished_at,
  result_kind = :result_kind, failure_kind = :failure_kind, result = :result
WHERE execution_id = :execution_id`;

/** Writes the mutable columns of an execution (and keeps the new state in the memo). */
export function writeRowState(db: Db, executionId: ExecutionId, row: RowState): void {
  const changed = db.runKeepingMemo(UPDATE_ROW, { ...rowStateParams(row), execution_id: executionId });
  const memo = db.memo();
  const kept = memo?.get(executionId) as ExecutionRow | undefined;
  if (kept !== undefined) {
    if (changed === 1) {
      memo?.set(executionId, { ...kept, row });
    } else {
      memo?.delete(executionId);
    }
  }
}

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
