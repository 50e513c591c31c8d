/** What the write operations share: the connection and the notifier (fired after commit). */
import type { ExecutionId, Ffqn } from '../../concepts/index.js';
import type { Notifier } from '../notifier.js';
import type { Db } from './db.js';

export interface Tx {
  readonly db: Db;
  readonly notifier: Notifier;
}

/** After commit: new pending work for `ffqn` in `queue`. */
export function notifyPending(tx: Tx, ffqn: Ffqn, queue: string): void {
  tx.db.afterCommit(() => tx.notifier.notifyPending(ffqn, queue));
}

/** After commit: a response was delivered to `executionId`. */
export function notifyResponse(tx: Tx, executionId: ExecutionId): void {
  tx.db.afterCommit(() => tx.notifier.notifyResponse(executionId));
}

/** After commit: `executionId` finished. */
export function notifyFinished(tx: Tx, executionId: ExecutionId): void {
  tx.db.afterCommit(() => tx.notifier.notifyFinished(executionId));
}
