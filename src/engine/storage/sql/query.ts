/**
 * The store's operations are written once, for both SQL backends, as generators over a small
 * query protocol: an operation yields each {@link Query} and receives the driver's answer. The
 * libSQL driver answers in a plain loop, synchronously (no promises); the PostgreSQL driver
 * awaits each answer. See `libsql/run.ts` and `postgres/run.ts`.
 *
 * Statements use `:name` parameters (each driver numbers them) and SQL both dialects accept.
 * Reading and writing an execution row are queries of their own, so that each driver does it
 * its way: libSQL serves the row from its memo inside a write transaction, PostgreSQL locks it
 * (`FOR UPDATE`).
 */
import type { ExecutionId, Ffqn } from '../../concepts/index.js';
import type { ExecutionRow } from '../row-codec.js';
import type { RowState } from '../state-machine.js';

/** Bound parameter values: those both drivers bind the same way (no booleans: use 0 / 1). */
export type SqlValue = string | number | bigint | null;
/** Named parameters, `:name` in SQL. */
export type SqlParams = Readonly<Record<string, SqlValue>>;
/** A result row (column name -> value). */
export type SqlRow = Readonly<Record<string, unknown>>;

/** What a write announces: to this process's waiters and (PostgreSQL) to the other processes. */
export type Note =
  | { readonly type: 'pending'; readonly ffqn: Ffqn; readonly queue: string }
  | { readonly type: 'response'; readonly executionId: ExecutionId }
  | { readonly type: 'finished'; readonly executionId: ExecutionId };

/** One step of an operation, and (in the comments) what the driver answers. */
export type Query =
  /** The first row, or `undefined`. */
  | { readonly kind: 'get'; readonly sql: string; readonly params: SqlParams }
  /** All rows. */
  | { readonly kind: 'all'; readonly sql: string; readonly params: SqlParams }
  /** The number of changed rows. */
  | { readonly kind: 'run'; readonly sql: string; readonly params: SqlParams }
  /** The execution's {@link ExecutionRow}, or `undefined`; `forUpdate` row-locks it where the backend can. */
  | { readonly kind: 'find'; readonly executionId: ExecutionId; readonly forUpdate: boolean }
  /** Writes the mutable columns of an execution; answers nothing. */
  | { readonly kind: 'write-row'; readonly executionId: ExecutionId; readonly row: RowState }
  /** A row just selected for writing (the driver may keep it); answers nothing. */
  | { readonly kind: 'keep-row'; readonly execution: ExecutionRow }
  /** Announces `note` (new pending work and responses once written, finished executions once committed). */
  | { readonly kind: 'note'; readonly note: Note };

/** An operation that returns `T`. */
export type Sql<T> = Generator<Query, T, unknown>;

/** Passed as `:limit` for no limit (both dialects take it; `LIMIT -1` is SQLite's only). */
export const NO_LIMIT = Number.MAX_SAFE_INTEGER;

const NO_PARAMS: SqlParams = {};

/** Query for the first row: `(yield get(...)) as SqlRow | undefined`. */
export function get(sql: string, params: SqlParams = NO_PARAMS): Query {
  return { kind: 'get', sql, params };
}

/** Query for all rows: `(yield all(...)) as SqlRow[]`. */
export function all(sql: string, params: SqlParams = NO_PARAMS): Query {
  return { kind: 'all', sql, params };
}

/** Query running a statement: `(yield run(...)) as number` changed rows. */
export function run(sql: string, params: SqlParams = NO_PARAMS): Query {
  return { kind: 'run', sql, params };
}

/** Announces `note` (see {@link Query}). */
export function note(note: Note): Query {
  return { kind: 'note', note };
}
