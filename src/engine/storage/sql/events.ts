/** Reading and writing `t_event` (kind + JSON payload per version). */
import {
  StorageFailure,
  type ExecutionEvent,
  type ExecutionEventRecord,
  type ExecutionId,
  type HistoryEvent,
} from '../../concepts/index.js';
import { num, optStr, parseJson, str } from '../row-codec.js';
import type { EventsRequest } from '../types.js';
import { all, NO_LIMIT, run, type Sql, type SqlRow } from './query.js';
import { requireExists } from './rows.js';

const INSERT = `INSERT INTO t_event (execution_id, version, created_at, kind, history_kind, join_set_id, payload)
VALUES (:execution_id, :version, :created_at, :kind, :history_kind, :join_set_id, :payload)`;

function withoutType(event: { readonly type: string }): string {
  const { type: _type, ...payload } = event;
  return JSON.stringify(payload);
}

/** Inserts one event; returns its record. */
export function* insertEvent(
  executionId: ExecutionId,
  version: number,
  createdAt: number,
  event: ExecutionEvent,
): Sql<ExecutionEventRecord> {
  const history = event.type === 'history' ? event.event : null;
  yield run(INSERT, {
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
export function* readEvents(executionId: ExecutionId, request: EventsRequest = {}): Sql<ExecutionEventRecord[]> {
  const rows = (yield all(
    `SELECT version, created_at, kind, history_kind, payload FROM t_event
     WHERE execution_id = :id AND version >= :from ORDER BY version LIMIT :limit`,
    { id: executionId, from: request.fromVersion ?? 0, limit: request.limit ?? NO_LIMIT },
  )) as SqlRow[];
  return rows.map(eventRecordOf);
}

/** `getEvents` (see `ApiStore`): throws `NotFound` for an execution that does not exist. */
export function* getEvents(executionId: ExecutionId, request?: EventsRequest): Sql<ExecutionEventRecord[]> {
  const events = yield* readEvents(executionId, request);
  if (events.length === 0) {
    yield* requireExists(executionId);
  }
  return events;
}
