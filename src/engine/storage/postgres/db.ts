/**
 * A thin layer over `pg`: a connection pool, `:name` parameters translated to `$n`, the
 * engine's statements prepared once per connection, write transactions retried on serialization failures and deadlocks, and driver
 * errors translated into engine errors (connection loss becomes the retriable
 * `StorageBusy`). The only files that import `pg` are this one and `listener.ts`.
 */
import pg from 'pg';
import { EngineError, StorageBusy, StorageFailure } from '../../concepts/index.js';

/** Bound parameter values (`string[]` binds a PostgreSQL text array). */
export type SqlValue = string | number | bigint | null | readonly string[];
/** Named parameters, `:name` in SQL. */
export type SqlParams = Readonly<Record<string, SqlValue>>;
/** A result row (column name -> value); BIGINT columns arrive as numbers. */
export type SqlRow = Readonly<Record<string, unknown>>;

/**
 * `text` as a string literal for SQL sent without parameters (the escape-string form, which means
 * the same whatever `standard_conforming_strings` says).
 */
export function quoteLiteral(text: string): string {
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** What a transaction's body returns: its value, and statements sent in one message with `COMMIT`. */
export interface TxOutcome<T> {
  readonly value: T;
  /** SQL without parameters (see {@link quoteLiteral}) run just before `COMMIT`, without a round trip of its own. */
  readonly beforeCommit?: string | undefined;
}

/** Running SQL: the pool (autocommit reads) or one transaction's client. */
export interface Conn {
  /** The first row, or undefined. */
  get(sql: string, params?: SqlParams): Promise<SqlRow | undefined>;
  all(sql: string, params?: SqlParams): Promise<SqlRow[]>;
  /** Runs a statement; returns the number of changed rows. */
  run(sql: string, params?: SqlParams): Promise<number>;
}

export interface PgConnection {
  readonly connectionString?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly database?: string | undefined;
}

export interface DbOptions {
  readonly connection: PgConnection;
  readonly schema: string;
  readonly poolSize: number;
}

interface Compiled {
  readonly text: string;
  readonly names: readonly string[];
  /** The prepared statement's name (each connection parses and plans it once), or none for DDL. */
  readonly name: string | undefined;
}

/** Statements worth preparing: the engine's reads and writes, run again and again. */
const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

const compiled = new Map<string, Compiled>();

/** `:name` -> `$n` (the same name twice binds the same parameter). */
export function compile(sql: string): Compiled {
  let found = compiled.get(sql);
  if (found === undefined) {
    const names: string[] = [];
    const text = sql.replace(/(?<![:\w]):([a-zA-Z_]\w*)/g, (_, name: string) => {
      let index = names.indexOf(name);
      if (index < 0) {
        index = names.push(name) - 1;
      }
      return `$${index + 1}`;
    });
    found = { text, names, name: PREPARABLE.test(sql) ? `obelisk_${compiled.size}` : undefined };
    compiled.set(sql, found);
  }
  return found;
}

function bind(sql: string, params: SqlParams): pg.QueryConfig {
  const { text, names, name } = compile(sql);
  return {
    ...(name === undefined ? {} : { name }),
    text,
    values: names.map((name) => {
      const value = params[name];
      if (value === undefined) {
        throw new StorageFailure(`SQL parameter :${name} is not bound`);
      }
      return typeof value === 'bigint' ? value.toString() : value;
    }),
  };
}

/** SQLSTATEs after which the whole transaction may simply be run again. */
const RETRY_CODES = new Set(['40001', '40P01', '23505', '0A000']);
/**
 * "cached plan must not change result type": a table changed under a prepared statement (a newer
 * process migrated). The connection holding it is dropped, and the transaction tried on another.
 */
const STALE_PLAN = '0A000';
/** Connection-level failures: the database is (temporarily) unreachable. */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '55P03', '40001', '40P01']);
const NODE_NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `error` says the connection or server went away (retry later). */
export function isUnavailable(error: unknown): boolean {
  const code = sqlState(error);
  if (code !== undefined && (UNAVAILABLE_CODES.has(code) || code.startsWith('08') || NODE_NET_CODES.has(code))) {
    return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)|Client was closed/i.test(
    message,
  );
}

/** Engine errors pass; the rest become `StorageBusy` (unreachable, retriable) or `StorageFailure`. */
export function translate(error: unknown, secrets: readonly string[] = []): Error {
  if (error instanceof EngineError) {
    return error;
  }
  let message = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) {
    if (secret !== '') {
      message = message.split(secret).join('***');
    }
  }
  if (isUnavailable(error)) {
    return new StorageBusy(`the PostgreSQL database is unavailable: ${message}`, {
      hint: 'obelisk retries; check that the PostgreSQL server is running and reachable',
    });
  }
  const code = sqlState(error);
  return new StorageFailure(`PostgreSQL error${code === undefined ? '' : ` ${code}`}: ${message}`);
}

class ClientConn implements Conn {
  constructor(private readonly client: pg.PoolClient | pg.Pool) {}

  async get(sql: string, params: SqlParams = {}): Promise<SqlRow | undefined> {
    const result = await this.#query(sql, params);
    return result.rows[0];
  }

  async all(sql: string, params: SqlParams = {}): Promise<SqlRow[]> {
    const result = await this.#query(sql, params);
    return result.rows;
  }

  async run(sql: string, params: SqlParams = {}): Promise<number> {
    const result = await this.#query(sql, params);
    return result.rowCount ?? 0;
  }

  async #query(sql: string, params: SqlParams): Promise<pg.QueryResult<SqlRow>> {
    const config = bind(sql, params);
    if (this.client instanceof pg.Pool) {
      // An autocommit statement on the pool: after a stale plan the pool dropped that connection,
      // and the statement runs again on another (a transaction is run again whole by `Db`).
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.client.query<SqlRow>(config);
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || sqlState(error) !== STALE_PLAN) {
            throw error;
          }
        }
      }
    }
    return this.client.query<SqlRow>(config);
  }
}

const INT8_OID = 20;
const parseInt8 = (value: string): number => Number(value);
/** BIGINT (milliseconds, versions, counts) as numbers: every value obelisk stores fits in a double exactly. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID ? parseInt8 : (pg.types.getTypeParser(oid, format ?? 'text') as unknown)) as never,
};

/** The client settings shared by the pool and the listener. */
export function clientConfig(options: DbOptions): pg.ClientConfig {
  const c = options.connection;
  return {
    ...(c.connectionString === undefined ? {} : { connectionString: c.connectionString }),
    ...(c.host === undefined ? {} : { host: c.host }),
    ...(c.port === undefined ? {} : { port: c.port }),
    ...(c.user === undefined ? {} : { user: c.user }),
    ...(c.password === undefined ? {} : { password: c.password }),
    ...(c.database === undefined ? {} : { database: c.database }),
    options: `-c search_path=${options.schema}`,
    types: TYPES,
    connectionTimeoutMillis: 10_000,
  };
}

/** How often a transaction is tried when it hits a serialization failure or deadlock. */
const MAX_ATTEMPTS = 5;

/** The connection pool. */
export class Db {
  readonly pool: pg.Pool;
  readonly reader: Conn;
  readonly #secrets: readonly string[];

  constructor(options: DbOptions) {
    this.pool = new pg.Pool({ ...clientConfig(options), max: options.poolSize, idleTimeoutMillis: 30_000 });
    // An idle client losing its connection must not crash the process: the next query reports it.
    this.pool.on('error', () => undefined);
    this.reader = new ClientConn(this.pool);
    this.#secrets = secretsOf(options.connection);
  }

  /** Runs `fn` in a transaction, again (up to a few times) after a serialization failure or deadlock. */
  async transaction<T>(fn: (conn: Conn) => Promise<T>): Promise<T> {
    return this.transactionWith(async (conn) => ({ value: await fn(conn) }));
  }

  /** {@link transaction}, where the body may add statements to the message that commits. */
  async transactionWith<T>(fn: (conn: Conn) => Promise<TxOutcome<T>>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once(fn);
      } catch (error) {
        const code = sqlState(error);
        if (attempt >= MAX_ATTEMPTS || code === undefined || !RETRY_CODES.has(code)) {
          throw this.translate(error);
        }
      }
    }
  }

  async #once<T>(fn: (conn: Conn) => Promise<TxOutcome<T>>): Promise<T> {
    const client = await this.pool.connect();
    let broken: unknown = undefined;
    // A checked-out client has no error listener of the pool's: without this one, the server
    // going away between two statements would be an uncaught 'error' event.
    const onError = (error: unknown): void => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      try {
        const { value, beforeCommit } = await fn(new ClientConn(client));
        // Without parameters, several statements go in one message; one failing skips the rest.
        await client.query(beforeCommit === undefined ? 'COMMIT' : `${beforeCommit}; COMMIT`);
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
        if (sqlState(error) === STALE_PLAN) {
          broken = error;
        }
        throw error;
      }
    } finally {
      client.removeListener('error', onError);
      client.release(broken === undefined ? undefined : true);
    }
  }

  /** Runs a read on the pool, translating errors. */
  async read<T>(fn: (conn: Conn) => Promise<T>): Promise<T> {
    try {
      return await fn(this.reader);
    } catch (error) {
      throw this.translate(error);
    }
  }

  translate(error: unknown): Error {
    return translate(error, this.#secrets);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The password (from the keys or the URL) to redact from error messages. */
export function secretsOf(connection: PgConnection): string[] {
  const secrets: string[] = [];
  if (connection.password !== undefined) {
    secrets.push(connection.password);
  }
  if (connection.connectionString !== undefined) {
    try {
      const password = new URL(connection.connectionString).password;
      if (password !== '') {
        secrets.push(password, decodeURIComponent(password));
      }
    } catch {
      // not a URL: nothing to redact
    }
  }
  return secrets;
}
