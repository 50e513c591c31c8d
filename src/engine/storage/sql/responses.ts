/**
 * Join-set responses: stored per parent with a dense cursor (0, 1, 2, ...), and the
 * parent woken (pending at `now`) when it is blocked on that join set.
 */
import type { DelayId, ExecutionId, JoinSetId, JoinSetResponse, JoinSetResponseRecord } from '../../concepts/index.js';
import { num, parseJson, str } from '../row-codec.js';
import { wakeOnResponse } from '../state-machine.js';
import type { ResponsesRequest } from '../types.js';
import { all, get, NO_LIMIT, note, run, type Sql, type SqlRow } from './query.js';
import { findExecution, requireExists, writeRowState } from './rows.js';

const INSERT = `INSERT INTO t_response (execution_id, cursor, join_set_id, created_at, kind, child_execution_id, delay_id, payload)
VALUES (:execution_id,
  (SELECT COALESCE(MAX(cursor) + 1, 0) FROM t_response WHERE execution_id = :execution_id),
  :join_set_id, :created_at, :kind, :child_execution_id, :delay_id, :payload)`;

function payloadOf(response: JoinSetResponse): string {
  return response.type === 'child-finished'
    ? JSON.stringify({ finishedVersion: response.finishedVersion, result: response.result })
    : JSON.stringify({ outcome: response.outcome });
}

/**
 * Adds `response` to `parentId`'s join set `joinSetId` and wakes the parent if it is
 * blocked on that join set. A response for a parent that no longer exists is dropped.
 */
export function* deliverResponse(
  parentId: ExecutionId,
  joinSetId: JoinSetId,
  response: JoinSetResponse,
  now: number,
): Sql<void> {
  const parent = yield* findExecution(parentId);
  if (parent === undefined) {
    return;
  }
  yield run(INSERT, {
    execution_id: parentId,
    join_set_id: joinSetId,
    created_at: now,
    kind: response.type,
    child_execution_id: response.type === 'child-finished' ? response.childExecutionId : null,
    delay_id: response.type === 'delay-finished' ? response.delayId : null,
    payload: payloadOf(response),
  });
  yield note({ type: 'response', executionId: parentId });
  const woken = wakeOnResponse(parent.row, joinSetId, now);
  if (woken !== parent.row) {
    yield* writeRowState(parentId, woken);
    if (!woken.paused) {
      yield note({ type: 'pending', ffqn: parent.ffqn, queue: parent.queue });
    }
  }
}

function responseOf(row: SqlRow): JoinSetResponse {
  const kind = str(row, 'kind');
  const payload = parseJson<Record<string, unknown>>(str(row, 'payload'));
  if (kind === 'child-finished') {
    return {
      type: 'child-finished',
      childExecutionId: str(row, 'child_execution_id') as ExecutionId,
      ...payload,
    } as JoinSetResponse;
  }
  return { type: 'delay-finished', delayId: str(row, 'delay_id') as DelayId, ...payload } as JoinSetResponse;
}

/** Maps a `t_response` row. */
export function responseRecordOf(row: SqlRow): JoinSetResponseRecord {
  return {
    executionId: str(row, 'execution_id') as ExecutionId,
    cursor: num(row, 'cursor'),
    joinSetId: str(row, 'join_set_id') as JoinSetId,
    createdAt: num(row, 'created_at'),
    response: responseOf(row),
  };
}

/** Responses of one execution in cursor order. */
export function* readResponses(executionId: ExecutionId, request: ResponsesRequest = {}): Sql<JoinSetResponseRecord[]> {
  const rows = (yield all(
    `SELECT * FROM t_response WHERE execution_id = :id AND cursor >= :from ORDER BY cursor LIMIT :limit`,
    { id: executionId, from: request.fromCursor ?? 0, limit: request.limit ?? NO_LIMIT },
  )) as SqlRow[];
  return rows.map(responseRecordOf);
}

/** `getResponses` (see `ApiStore`): throws `NotFound` for an execution that does not exist. */
export function* getResponses(executionId: ExecutionId, request?: ResponsesRequest): Sql<JoinSetResponseRecord[]> {
  const responses = yield* readResponses(executionId, request);
  if (responses.length === 0) {
    yield* requireExists(executionId);
  }
  return responses;
}

/** How many responses `executionId` has in `joinSetId`. */
export function* countResponses(executionId: ExecutionId, joinSetId: JoinSetId): Sql<number> {
  const row = (yield get('SELECT COUNT(*) AS n FROM t_response WHERE execution_id = :id AND join_set_id = :js', {
    id: executionId,
    js: joinSetId,
  })) as SqlRow | undefined;
  return row === undefined ? 0 : num(row, 'n');
}

/** True when `executionId` has a response with `cursor >= fromCursor`. */
export function* hasResponseFrom(executionId: ExecutionId, fromCursor: number): Sql<boolean> {
  const row = (yield get('SELECT 1 AS x FROM t_response WHERE execution_id = :id AND cursor >= :from LIMIT 1', {
    id: executionId,
    from: fromCursor,
  })) as SqlRow | undefined;
  return row !== undefined;
}
