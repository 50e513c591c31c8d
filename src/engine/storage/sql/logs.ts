/** Guest output lines: stdout / stderr and `wasi:logging` records. */
import {
  InvalidArgument,
  LOG_LEVELS,
  type ExecutionId,
  type LogEntry,
  type LogLevel,
  type LogRecord,
  type LogStream,
  type RunId,
} from '../../concepts/index.js';
import { num, optNum, optStr, str } from '../row-codec.js';
import type { LogsRequest } from '../types.js';
import type { Dialect } from './dialect.js';
import { all, run, type Sql, type SqlRow, type SqlValue } from './query.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const LEVEL_OFF = LOG_LEVELS.length;

const INSERT = `INSERT INTO t_log (execution_id, run_id, created_at, stream, level, context, message)
VALUES (:execution_id, :run_id, :created_at, :stream, :level, :context, :message)`;

/** Inserts log lines (inside the caller's transaction). */
export function* insertLogs(entries: readonly LogEntry[]): Sql<void> {
  for (const entry of entries) {
    yield run(INSERT, {
      execution_id: entry.executionId,
      run_id: entry.runId,
      created_at: entry.createdAt,
      stream: entry.type === 'stream' ? entry.stream : null,
      level: entry.type === 'log' ? LOG_LEVELS.indexOf(entry.level) : null,
      context: entry.type === 'log' ? entry.context : null,
      message: entry.message,
    });
  }
}

function recordOf(row: SqlRow): LogRecord {
  const base = {
    id: num(row, 'id'),
    executionId: str(row, 'execution_id') as ExecutionId,
    runId: optStr(row, 'run_id') as RunId | null,
    createdAt: num(row, 'created_at'),
    message: str(row, 'message'),
  };
  const level = optNum(row, 'level');
  if (level === null) {
    return { ...base, type: 'stream', stream: str(row, 'stream') as LogStream };
  }
  return { ...base, type: 'log', level: LOG_LEVELS[level] as LogLevel, context: optStr(row, 'context') ?? '' };
}

/** `getLogs` (see `ApiStore`). */
export function* readLogs(dialect: Dialect, request: LogsRequest): Sql<LogRecord[]> {
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidArgument(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${limit}`);
  }
  const minLevel =
    request.minLevel === undefined ? 0 : request.minLevel === 'off' ? LEVEL_OFF : LOG_LEVELS.indexOf(request.minLevel);
  if (minLevel < 0) {
    throw new InvalidArgument(`unknown log level ${JSON.stringify(request.minLevel)}`);
  }
  const params: Record<string, SqlValue> = {
    id: request.executionId,
    derived: `${request.executionId}.`,
    after: request.afterId ?? 0,
    min_level: minLevel,
    limit,
  };
  const which =
    request.includeDerived === true
      ? `(execution_id = :id OR ${dialect.startsWith('execution_id', 'derived')})`
      : 'execution_id = :id';
  // The streams bound one by one (there are two at most): `IN` takes them in both dialects.
  const streams = (request.streams ?? ['stdout', 'stderr']).map((stream, i) => {
    params[`s${i}`] = stream;
    return `:s${i}`;
  });
  const byStream = streams.length === 0 ? 'FALSE' : `stream IN (${streams.join(', ')})`;
  const rows = (yield all(
    `SELECT * FROM t_log WHERE ${which} AND id > :after
       AND ((stream IS NOT NULL AND ${byStream}) OR (level IS NOT NULL AND level >= :min_level))
     ORDER BY id LIMIT :limit`,
    params,
  )) as SqlRow[];
  return rows.map(recordOf);
}
