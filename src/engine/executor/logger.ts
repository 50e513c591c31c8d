/** The engine's logging seam: the server forwards it to its log; tests can collect it. */

export interface EngineLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const noop = (): void => undefined;

/** Drops everything. */
export const silentLogger: EngineLogger = { debug: noop, info: noop, warn: noop, error: noop };
