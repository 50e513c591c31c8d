/**
 * What the write operations share: the connection and the notifier. New pending work and
 * responses are announced as soon as they are written (whoever acts on them writes into the
 * same group commit, or reads them from this connection); finished executions only once
 * durable, since callers report those to the outside.
 */
import type { ExecutionId, Ffqn } from '../../concepts/index.js';
import type { Notifier } from '../notifier.js';
import type { Db } from './db.js';

export interface Tx {
  readonly db: Db;
  readonly notifier: Notifier;
}

/** New pending work for `ffqn` in `queue`. */
export function notifyPending(tx: Tx, ffqn: Ffqn, queue: string): void {
  tx.db.afterWrite(() => tx.notifier.notifyPending(ffqn, queue));
}

/** A response was delivered to `executionId`. */
export function notifyResponse(tx: Tx, executionId: ExecutionId): void {
  tx.db.afterWrite(() => tx.notifier.notifyResponse(executionId));
}

/** After commit: `executionId` finished. */
export function notifyFinished(tx: Tx, executionId: ExecutionId): void {
  tx.db.afterCommit(() => tx.notifier.notifyFinished(executionId));
}
