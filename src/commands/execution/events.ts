/** `obelisk execution events <id>`: the event log of an execution. */
import { Command, Option } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { apiAction, withApiOptions } from './api.js';
import { eventText } from './format.js';
import { intIn } from './options.js';

/** Builds `obelisk execution events`. */
export function createExecutionEventsCommand(io: CliIo): Command {
  const command = new Command('events')
    .description('Show the event log of an execution: creation, locks, retries, workflow decisions, the end.')
    .argument('<execution-id>', 'E_<ulid>, or a derived ID')
    .addOption(new Option('--from <version>', 'start at this version').argParser(intIn(0, Number.MAX_SAFE_INTEGER)))
    .addOption(new Option('--limit <n>', 'at most this many events').argParser(intIn(1, 1000)));
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'Each line: version, time, what happened. With --json: {"events":[EventRecord...]} (docs/cli-json.md).',
      '',
      'Examples:',
      '  $ obelisk execution events E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC',
      '  $ obelisk execution events E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC --from 10 --limit 5 --json',
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async ({ ctx, api }, id: string, flags: { from?: number; limit?: number }) => {
      const events = await api.getEvents(id, {
        ...(flags.from === undefined ? {} : { from: flags.from }),
        ...(flags.limit === undefined ? {} : { limit: flags.limit }),
      });
      if (ctx.json) {
        ctx.outJson({ events });
      } else if (events.length > 0) {
        ctx.out(events.map(eventText).join('\n'));
      }
    }),
  );
}
