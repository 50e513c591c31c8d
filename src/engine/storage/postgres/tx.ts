/**
 * What a write transaction holds: its connection and the notes (`sql/query.ts`) its operation
 * announced. They are sent to the other processes (`pg_notify`, delivered at commit) and to
 * this process's waiters once the transaction committed.
 */
import type { Note } from '../sql/query.js';
import type { Conn } from './db.js';

export type { Note } from '../sql/query.js';

export interface Tx {
  readonly c: Conn;
  readonly notes: Note[];
}
