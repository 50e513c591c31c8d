/** `obelisk execution logs <id>`: guest output and log records of an execution. */
import { Command, Option } from 'commander';
import type { CliIo } from '../../cli/context.js';
import type { LogLevel, LogsFilter } from '../../client/index.js';
import { apiAction, withApiOptions } from './api.js';
import { logText } from './format.js';
import { intIn } from './options.js';

const LEVELS: readonly (LogLevel | 'off')[] = ['trace', 'debug', 'info', 'warn', 'error', 'critical', 'off'];
const STREAMS = ['both', 'stdout', 'stderr', 'none'] as const;

interface Flags {
  readonly level?: LogLevel | 'off' | undefined;
  readonly stream: (typeof STREAMS)[number];
  readonly showDerived?: boolean | undefined;
  readonly after?: number | undefined;
  readonly limit: number;
}

function streamsOf(stream: Flags['stream']): LogsFilter['streams'] {
  switch (stream) {
    case 'both':
      return undefined;
    case 'none':
      return [];
    default:
      return [stream];
  }
}

/** Builds `obelisk execution logs`. */
export function createExecutionLogsCommand(io: CliIo): Command {
  const command = new Command('logs')
    .description("Show an execution's logs: its stdout / stderr lines and wasi:logging records, oldest first.")
    .argument('<execution-id>', 'E_<ulid>, or a derived ID')
    .addOption(new Option('--level <level>', 'lowest log level to show (off: no log records)').choices(LEVELS))
    .addOption(new Option('--stream <stream>', 'which output streams to show').choices(STREAMS).default('both'))
    .addOption(new Option('--show-derived', 'also the logs of derived (child) executions'))
    .addOption(
      new Option('--after <id>', 'only lines after this id (next_after of --json output)').argParser(
        intIn(0, Number.MAX_SAFE_INTEGER),
      ),
    )
    .addOption(new Option('--limit <n>', 'at most this many lines (1 to 1000)').argParser(intIn(1, 1000)).default(100));
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'With --json: {"logs":[LogLine...],"next_after"} (docs/cli-json.md).',
      '',
      'Examples:',
      '  $ obelisk execution logs E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC',
      '  $ obelisk execution logs E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC --level warn --stream none --show-derived',
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async ({ ctx, api }, id: string, flags: Flags) => {
      const page = await api.getLogs(id, {
        level: flags.level,
        streams: streamsOf(flags.stream),
        showDerived: flags.showDerived,
        after: flags.after,
        limit: flags.limit,
      });
      if (ctx.json) {
        ctx.outJson(page);
      } else if (page.logs.length > 0) {
        ctx.out(page.logs.map((line) => logText(line, flags.showDerived === true)).join('\n'));
      }
    }),
  );
}
