/** The service's own log (engine, API, component loading) on stderr, plain or JSON lines. */
import type { EngineLogger } from '../engine/index.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type ServiceLogLevel = (typeof LEVELS)[number];

export interface ServiceLoggerOptions {
  readonly level: ServiceLogLevel;
  readonly format: 'plain' | 'json';
  readonly write: (line: string) => void;
  readonly now?: () => Date;
}

export function createServiceLogger(options: ServiceLoggerOptions): EngineLogger {
  const min = LEVELS.indexOf(options.level);
  const now = options.now ?? (() => new Date());
  const emit =
    (level: ServiceLogLevel) =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      if (LEVELS.indexOf(level) < min) {
        return;
      }
      if (options.format === 'json') {
        options.write(JSON.stringify({ time: now().toISOString(), level, message, ...fields }));
        return;
      }
      const extra = Object.entries(fields)
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' ');
      options.write(
        `${now().toISOString().slice(11, 23)} ${level.toUpperCase().padEnd(5)} ${message}${extra === '' ? '' : ` ${extra}`}`,
      );
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
