/** Delays (durable timers): expired ones, firing and cancelling. */
import type { DelayId, ExecutionId, JoinSetId } from '../../concepts/index.js';
import type { ExpiredDelay } from '../types.js';
import type { Conn, SqlRow } from './db.js';
import { deliverResponse } from './responses.js';
import { num, str } from './rows.js';
import type { Tx } from './tx.js';

function delayOf(row: SqlRow): ExpiredDelay {
  return {
    delayId: str(row, 'delay_id') as DelayId,
    executionId: str(row, 'execution_id') as ExecutionId,
    joinSetId: str(row, 'join_set_id') as JoinSetId,
    expiresAt: num(row, 'expires_at'),
  };
}

/** Delays with `expiresAt <= now`, oldest first. */
export async function findExpiredDelays(c: Conn, now: number, limit: number | null): Promise<ExpiredDelay[]> {
  const rows = await c.all(
    'SELECT * FROM t_delay WHERE expires_at <= :now ORDER BY expires_at, delay_id LIMIT :limit',
    { now, limit },
  );
  return rows.map(delayOf);
}

/** The delays of one execution that have not finished. */
export async function listDelays(c: Conn, executionId: ExecutionId): Promise<ExpiredDelay[]> {
  const rows = await c.all('SELECT * FROM t_delay WHERE execution_id = :id ORDER BY expires_at, delay_id', {
    id: executionId,
  });
  return rows.map(delayOf);
}

/**
 * Removes a delay and delivers its response (`fired` or `cancelled`). False if it is gone.
 * The delete decides: of several watchers firing one delay, only one deletes it.
 */
export async function finishDelay(
  tx: Tx,
  delayId: DelayId,
  outcome: 'fired' | 'cancelled',
  now: number,
): Promise<boolean> {
  const row = await tx.c.get('DELETE FROM t_delay WHERE delay_id = :id RETURNING *', { id: delayId });
  if (row === undefined) {
    return false;
  }
  const delay = delayOf(row);
  await deliverResponse(tx, delay.executionId, delay.joinSetId, { type: 'delay-finished', delayId, outcome }, now);
  return true;
}
