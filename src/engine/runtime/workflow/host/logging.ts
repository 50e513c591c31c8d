/** `wasi:logging/logging@0.1.0-draft`: records go to the execution's logs (not again on replay). */
import { LOG_LEVELS, type LogLevel } from '../../../concepts/index.js';
import type { HostContext } from './context.js';

export function loggingImports(ctx: HostContext): Record<string, Record<string, unknown>> {
  return {
    'wasi:logging/logging': {
      log: (level: string, context: string, message: string) => {
        const known = (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : 'info';
        ctx.log(known, context, message);
      },
    },
  };
}
