/**
 * What the write operations share: the transaction's connection and the notifications
 * it collects. They are sent to the other processes (`pg_notify`, delivered at commit)
 * and to this process's waiters once the transaction committed.
 */
import type { ExecutionId, Ffqn } from '../../concepts/index.js';
import type { Conn } from './db.js';

export type Note =
  | { readonly type: 'pending'; readonly ffqn: Ffqn; readonly queue: string }
  | { readonly type: 'response'; readonly executionId: ExecutionId }
  | { readonly type: 'finished'; readonly executionId: ExecutionId };

export interface Tx {
  readonly c: Conn;
  readonly notes: Note[];
}

/** New pending work for `ffqn` in `queue`. */
export function notifyPending(tx: Tx, ffqn: Ffqn, queue: string): void {
  tx.notes.push({ type: 'pending', ffqn, queue });
}

/** A response was delivered to `executionId`. */
export function notifyResponse(tx: Tx, executionId: ExecutionId): void {
  tx.notes.push({ type: 'response', executionId });
}

/** `executionId` finished. */
export function notifyFinished(tx: Tx, executionId: ExecutionId): void {
  tx.notes.push({ type: 'finished', executionId });
}
