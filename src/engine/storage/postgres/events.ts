/** Reading and writing `t_event` (kind + JSON payload per version). */
import {
  StorageFailure,
  type ExecutionEvent,
  type ExecutionEventRecord,
  type ExecutionId,
  type HistoryEvent,
} from '../../concepts/index.js';
import type { EventsRequest } from '../types.js';
import type { Conn, SqlRow } from './db.js';
import { num, optStr, parseJson, str } from './rows.js';

const INSERT = `INSERT INTO t_event (execution_id, version, created_at, kind, history_kind, join_set_id, payload)
VALUES (:execution_id, :version, :created_at, :kind, :history_kind, :join_set_id, :payload)`;

function withoutType(event: { readonly type: string }): string {
  const { type: _type, ...payload } = event;
  return JSON.stringify(payload);
}

/** Inserts one event; returns its record. */
export async function insertEvent(
  c: Conn,
  executionId: ExecutionId,
  version: number,
  createdAt: number,
  event: ExecutionEvent,
): Promise<ExecutionEventRecord> {
  const history = event.type === 'history' ? event.event : null;
  await c.run(INSERT, {
    execution_id: executionId,
    version,
    created_at: createdAt,
    kind: event.type,
    history_kind: history === null ? null : history.type,
    join_set_id: history !== null && 'joinSetId' in history ? history.joinSetId : null,
    payload: withoutType(history ?? event),
  });
  return { version, createdAt, event };
}

function eventOf(row: SqlRow): ExecutionEvent {
  const kind = str(row, 'kind');
  const payload = parseJson<Record<string, unknown>>(str(row, 'payload'));
  if (kind === 'history') {
    const historyKind = optStr(row, 'history_kind');
    if (historyKind === null) {
      throw new StorageFailure('history event without history_kind');
    }
    return { type: 'history', event: { type: historyKind, ...payload } as unknown as HistoryEvent };
  }
  return { type: kind, ...payload } as unknown as ExecutionEvent;
}

/** Maps a `t_event` row. */
export function eventRecordOf(row: SqlRow): ExecutionEventRecord {
  return { version: num(row, 'version'), createdAt: num(row, 'created_at'), event: eventOf(row) };
}

/** Events of one execution in version order. */
export async function readEvents(
  c: Conn,
  executionId: ExecutionId,
  request: EventsRequest = {},
): Promise<ExecutionEventRecord[]> {
  const rows = await c.all(
    `SELECT version, created_at, kind, history_kind, payload FROM t_event
     WHERE execution_id = :id AND version >= :from ORDER BY version LIMIT :limit`,
    { id: executionId, from: request.fromVersion ?? 0, limit: request.limit ?? null },
  );
  return rows.map(eventRecordOf);
}
