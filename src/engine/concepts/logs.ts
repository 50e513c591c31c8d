/** Guest output kept per execution and run: stdout / stderr lines and `wasi:logging` records. */
import type { ExecutionId, RunId } from './ids.js';

/** `wasi:logging` levels, lowest first. */
export const LogLevel = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  critical: 'critical',
} as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** Every {@link LogLevel}, lowest first (the index is the severity). */
export const LOG_LEVELS: readonly LogLevel[] = Object.values(LogLevel);

export const LogStream = { stdout: 'stdout', stderr: 'stderr' } as const;
export type LogStream = (typeof LogStream)[keyof typeof LogStream];

export type LogLine =
  | { readonly type: 'stream'; readonly stream: LogStream; readonly message: string }
  | { readonly type: 'log'; readonly level: LogLevel; readonly context: string; readonly message: string };

/** A log line to store. */
export type LogEntry = LogLine & {
  readonly executionId: ExecutionId;
  readonly runId: RunId | null;
  readonly createdAt: number;
};

/** A stored log line; `id` increases with insertion order and works as a cursor. */
export type LogRecord = LogEntry & { readonly id: number };
