/** Reading and writing `t_execution` rows (PostgreSQL). */
import {
  NotFound,
  StorageFailure,
  summaryStateOf,
  type ComponentDigest,
  type ExecutionId,
  type ExecutorId,
  type Ffqn,
  type FinishedResult,
  type JoinSetId,
  type JsonValue,
  type ParentRef,
  type PendingState,
  type RetryConfig,
  type RunId,
} from '../../concepts/index.js';
import type { RowState } from '../state-machine.js';
import type { ExecutionRecord } from '../types.js';
import type { Conn, SqlParams, SqlRow } from './db.js';

/** An execution row: the fixed columns and the mutable {@link RowState}. */
export interface ExecutionRow {
  readonly executionId: ExecutionId;
  readonly ffqn: Ffqn;
  readonly paramsJson: string;
  readonly queue: string;
  readonly componentDigest: ComponentDigest;
  readonly seed: string | null;
  readonly parent: ParentRef | null;
  readonly topmostParentId: ExecutionId;
  readonly createdAt: number;
  readonly firstScheduledAt: number;
  readonly row: RowState;
}

export function str(row: SqlRow, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') {
    throw new StorageFailure(`column ${column}: expected text, got ${typeof value}`);
  }
  return value;
}

export function optStr(row: SqlRow, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : str(row, column);
}

export function num(row: SqlRow, column: string): number {
  const value = row[column];
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'bigint') {
    return Number(value);
  }
  throw new StorageFailure(`column ${column}: expected a number, got ${typeof value}`);
}

export function optNum(row: SqlRow, column: string): number | null {
  const value = row[column];
  return value === null || value === undefined ? null : num(row, column);
}

export function parseJson<T = JsonValue>(text: string): T {
  return JSON.parse(text) as T;
}

function pendingStateOf(row: SqlRow): PendingState {
  const state = str(row, 'state');
  switch (state) {
    case 'pending-at':
      return { type: 'pending-at', scheduledAt: num(row, 'scheduled_at') };
    case 'locked':
      return {
        type: 'locked',
        executorId: str(row, 'executor_id') as ExecutorId,
        runId: str(row, 'run_id') as RunId,
        lockExpiresAt: num(row, 'lock_expires_at'),
      };
    case 'blocked-by-join-set':
      return {
        type: 'blocked-by-join-set',
        joinSetId: str(row, 'join_set_id') as JoinSetId,
        closing: num(row, 'join_set_closing') === 1,
      };
    case 'finished':
      return {
        type: 'finished',
        finishedAt: num(row, 'finished_at'),
        result: parseJson<FinishedResult>(str(row, 'result')),
      };
    default:
      throw new StorageFailure(`unknown execution state ${JSON.stringify(state)}`);
  }
}

/** Maps a `SELECT * FROM t_execution` row. */
export function executionRowOf(row: SqlRow): ExecutionRow {
  const parentId = optStr(row, 'parent_id');
  const retry = optStr(row, 'retry');
  return {
    executionId: str(row, 'execution_id') as ExecutionId,
    ffqn: str(row, 'ffqn') as Ffqn,
    paramsJson: str(row, 'params'),
    queue: str(row, 'queue'),
    componentDigest: str(row, 'component_digest') as ComponentDigest,
    seed: optStr(row, 'seed'),
    parent:
      parentId === null
        ? null
        : { executionId: parentId as ExecutionId, joinSetId: str(row, 'parent_join_set_id') as JoinSetId },
    topmostParentId: str(row, 'topmost_parent_id') as ExecutionId,
    createdAt: num(row, 'created_at'),
    firstScheduledAt: num(row, 'first_scheduled_at'),
    row: {
      version: num(row, 'version'),
      updatedAt: num(row, 'updated_at'),
      state: pendingStateOf(row),
      paused: num(row, 'paused') === 1,
      cancelRequested: num(row, 'cancel_requested') === 1,
      intermittentFailures: num(row, 'intermittent_failures'),
      retry: retry === null ? null : parseJson<RetryConfig>(retry),
      lockedAtVersion: optNum(row, 'locked_at_version'),
    },
  };
}

const SELECT = 'SELECT * FROM t_execution WHERE execution_id = :id';
const SELECT_FOR_UPDATE = `${SELECT} FOR UPDATE`;

/**
 * Loads an execution row, or `undefined`. `forUpdate` row-locks it until the end of the
 * transaction, so that concurrent writers of one execution (in any process) take turns.
 */
export async function findExecution(
  c: Conn,
  executionId: ExecutionId,
  forUpdate = true,
): Promise<ExecutionRow | undefined> {
  const row = await c.get(forUpdate ? SELECT_FOR_UPDATE : SELECT, { id: executionId });
  return row === undefined ? undefined : executionRowOf(row);
}

/** Loads an execution row; throws `NotFound`. */
export async function loadExecution(c: Conn, executionId: ExecutionId, forUpdate = true): Promise<ExecutionRow> {
  const found = await findExecution(c, executionId, forUpdate);
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

/** Writes the mutable columns of an execution. */
export async function writeRowState(c: Conn, executionId: ExecutionId, row: RowState): Promise<void> {
  await c.run(UPDATE_ROW, { ...rowStateParams(row), execution_id: executionId });
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
