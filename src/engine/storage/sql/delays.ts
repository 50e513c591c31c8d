/** Delays (durable timers): expired ones, firing and cancelling. */
import type { DelayId, ExecutionId, JoinSetId } from '../../concepts/index.js';
import { num, str } from '../row-codec.js';
import type { ExpiredDelay } from '../types.js';
import { all, get, type Sql, type SqlRow } from './query.js';
import { deliverResponse } from './responses.js';

function delayOf(row: SqlRow): ExpiredDelay {
  return {
    delayId: str(row, 'delay_id') as DelayId,
    executionId: str(row, 'execution_id') as ExecutionId,
    joinSetId: str(row, 'join_set_id') as JoinSetId,
    expiresAt: num(row, 'expires_at'),
  };
}

/** Delays with `expiresAt <= now`, oldest first. */
export function* findExpiredDelays(now: number, limit: number): Sql<ExpiredDelay[]> {
  const rows = (yield all('SELECT * FROM t_delay WHERE expires_at <= :now ORDER BY expires_at, delay_id LIMIT :limit', {
    now,
    limit,
  })) as SqlRow[];
  return rows.map(delayOf);
}

/** The delays of one execution that have not finished. */
export function* listDelays(executionId: ExecutionId): Sql<ExpiredDelay[]> {
  const rows = (yield all('SELECT * FROM t_delay WHERE execution_id = :id ORDER BY expires_at, delay_id', {
    id: executionId,
  })) as SqlRow[];
  return rows.map(delayOf);
}

/**
 * Removes a delay and delivers its response (`fired` or `cancelled`). False if it is gone.
 * The delete decides: of several watchers firing one delay, only one deletes it.
 */
export function* finishDelay(delayId: DelayId, outcome: 'fired' | 'cancelled', now: number): Sql<boolean> {
  const row = (yield get('DELETE FROM t_delay WHERE delay_id = :id RETURNING *', { id: delayId })) as
    SqlRow | undefined;
  if (row === undefined) {
    return false;
  }
  const delay = delayOf(row);
  yield* deliverResponse(delay.executionId, delay.joinSetId, { type: 'delay-finished', delayId, outcome }, now);
  return true;
}
