/**
 * What the write operations share: the connection and the notifier. New pending work and
 * responses are announced as soon as they are written (whoever acts on them writes into the
 * same group commit, or reads them from this connection); finished executions only once
 * durable, since callers report those to the outside.
 */
import type { Notifier } from '../notifier.js';
import type { Note } from '../sql/query.js';
import type { Db } from './db.js';

export interface Tx {
  readonly db: Db;
  readonly notifier: Notifier;
}

/** Announces `note`: pending work and responses after the write, finished executions after the commit. */
export function notify(tx: Tx, note: Note): void {
  const { db, notifier } = tx;
  switch (note.type) {
    case 'pending':
      db.afterWrite(() => notifier.notifyPending(note.ffqn, note.queue));
      break;
    case 'response':
      db.afterWrite(() => notifier.notifyResponse(note.executionId));
      break;
    case 'finished':
      db.afterCommit(() => notifier.notifyFinished(note.executionId));
      break;
  }
}
