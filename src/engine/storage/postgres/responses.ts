/**
 * Join-set responses: stored per parent with a dense cursor (0, 1, 2, ...), and the
 * parent woken (pending at `now`) when it is blocked on that join set.
 */
import type { DelayId, ExecutionId, JoinSetId, JoinSetResponse, JoinSetResponseRecord } from '../../concepts/index.js';
import { wakeOnResponse } from '../state-machine.js';
import type { ResponsesRequest } from '../types.js';
import type { Conn, SqlRow } from './db.js';
import { findExecution, num, parseJson, str, writeRowState } from './rows.js';
import { notifyPending, notifyResponse, type Tx } from './tx.js';

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
export async function deliverResponse(
  tx: Tx,
  parentId: ExecutionId,
  joinSetId: JoinSetId,
  response: JoinSetResponse,
  now: number,
): Promise<void> {
  const parent = await findExecution(tx.c, parentId);
  if (parent === undefined) {
    return;
  }
  await tx.c.run(INSERT, {
    execution_id: parentId,
    join_set_id: joinSetId,
    created_at: now,
    kind: response.type,
    child_execution_id: response.type === 'child-finished' ? response.childExecutionId : null,
    delay_id: response.type === 'delay-finished' ? response.delayId : null,
    payload: payloadOf(response),
  });
  notifyResponse(tx, parentId);
  const woken = wakeOnResponse(parent.row, joinSetId, now);
  if (woken !== parent.row) {
    await writeRowState(tx.c, parentId, woken);
    if (!woken.paused) {
      notifyPending(tx, parent.ffqn, parent.queue);
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
export async function readResponses(
  c: Conn,
  executionId: ExecutionId,
  request: ResponsesRequest = {},
): Promise<JoinSetResponseRecord[]> {
  const rows = await c.all(
    `SELECT * FROM t_response WHERE execution_id = :id AND cursor >= :from ORDER BY cursor LIMIT :limit`,
    { id: executionId, from: request.fromCursor ?? 0, limit: request.limit ?? null },
  );
  return rows.map(responseRecordOf);
}

/** How many responses `executionId` has in `joinSetId`. */
export async function countResponses(c: Conn, executionId: ExecutionId, joinSetId: JoinSetId): Promise<number> {
  const row = await c.get('SELECT COUNT(*) AS n FROM t_response WHERE execution_id = :id AND join_set_id = :js', {
    id: executionId,
    js: joinSetId,
  });
  return row === undefined ? 0 : num(row, 'n');
}

/** True when `executionId` has a response with `cursor >= fromCursor`. */
export async function hasResponseFrom(c: Conn, executionId: ExecutionId, fromCursor: number): Promise<boolean> {
  return (
    (await c.get('SELECT 1 AS x FROM t_response WHERE execution_id = :id AND cursor >= :from LIMIT 1', {
      id: executionId,
      from: fromCursor,
    })) !== undefined
  );
}
