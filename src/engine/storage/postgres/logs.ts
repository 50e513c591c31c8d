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
import type { LogsRequest } from '../types.js';
import type { Conn, SqlRow } from './db.js';
import { num, optNum, optStr, str } from './rows.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const LEVEL_OFF = LOG_LEVELS.length;

const INSERT = `INSERT INTO t_log (execution_id, run_id, created_at, stream, level, context, message)
VALUES (:execution_id, :run_id, :created_at, :stream, :level, :context, :message)`;

/** Inserts log lines (inside the caller's transaction). */
export async function insertLogs(c: Conn, entries: readonly LogEntry[]): Promise<void> {
  for (const entry of entries) {
    await c.run(INSERT, {
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
export async function readLogs(c: Conn, request: LogsRequest): Promise<LogRecord[]> {
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidArgument(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${limit}`);
  }
  const minLevel =
    request.minLevel === undefined ? 0 : request.minLevel === 'off' ? LEVEL_OFF : LOG_LEVELS.indexOf(request.minLevel);
  if (minLevel < 0) {
    throw new InvalidArgument(`unknown log level ${JSON.stringify(request.minLevel)}`);
  }
  const which =
    request.includeDerived === true
      ? '(execution_id = :id OR starts_with(execution_id, :derived))'
      : 'execution_id = :id';
  const rows = await c.all(
    `SELECT * FROM t_log WHERE ${which} AND id > :after
       AND ((stream IS NOT NULL AND stream = ANY(:streams)) OR (level IS NOT NULL AND level >= :min_level))
     ORDER BY id LIMIT :limit`,
    {
      id: request.executionId,
      after: request.afterId ?? 0,
      derived: `${request.executionId}.`,
      streams: request.streams ?? ['stdout', 'stderr'],
      min_level: minLevel,
      limit,
    },
  );
  return rows.map(recordOf);
}
