/** `obelisk cron list`: the cron entries of the server with their next and last firings. */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import type { CronInfo } from '../../client/index.js';
import { apiAction, withApiOptions } from '../execution/api.js';
import { finishedCell, table } from '../execution/format.js';

function lastCell(cron: CronInfo): string {
  const last = cron.last_execution;
  if (cron.last_execution_id === null) {
    return '-';
  }
  if (last === null) {
    return `${cron.last_execution_id} (purged)`;
  }
  return last.state === 'finished'
    ? `${last.execution_id} ${finishedCell(last.finished)}`
    : `${last.execution_id} ${last.state}`;
}

/** Builds `obelisk cron list`. */
export function createCronListCommand(io: CliIo): Command {
  const command = new Command('list').description(
    'List the cron entries: schedule, next firing, how many firings, and the last execution with its state.',
  );
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'With --json: {"crons":[Cron...]} (docs/cli-json.md).',
      '',
      'Examples:',
      '  $ obelisk cron list',
      '  $ obelisk cron list --json',
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async ({ ctx, api }) => {
      const crons = await api.listCron();
      if (ctx.json) {
        ctx.outJson({ crons });
      } else if (crons.length === 0) {
        ctx.err('no cron entries are scheduled');
      } else {
        ctx.out(
          table(
            ['NAME', 'SCHEDULE', 'NEXT', 'FIRINGS', 'LAST EXECUTION'],
            crons.map((c) => [c.name, c.schedule, c.next_fire_at ?? 'never', String(c.firings), lastCell(c)]),
          ),
        );
      }
    }),
  );
}
