/**
 * Execution rows as both SQL backends store them: the row type and its conversion from a result
 * row (libSQL and PostgreSQL return the same column names and values), shared by
 * `libsql/rows.ts` and `postgres/rows.ts`, which add the reads and writes of their drivers.
 */
import {
  StorageFailure,
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
} from '../concepts/index.js';
import type { RowState } from './state-machine.js';

/** A result row of either driver: column name to value. */
type SqlRow = Readonly<Record<string, unknown>>;

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
