/** `obelisk execution list`: executions, newest first, as a table. */
import { Command, Option } from 'commander';
import type { CliIo } from '../../cli/context.js';
import type { SummaryState } from '../../client/index.js';
import { apiAction, withApiOptions } from './api.js';
import { finishedCell, table } from './format.js';
import { intIn } from './options.js';

const STATES: readonly SummaryState[] = ['pending', 'locked', 'blocked', 'paused', 'cancelling', 'finished'];
const MAX_LIMIT = 1000;

interface Flags {
  readonly ffqn?: string | undefined;
  readonly state?: SummaryState | undefined;
  readonly showDerived?: boolean | undefined;
  readonly executionId?: string | undefined;
  readonly queue?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** Builds `obelisk execution list`. */
export function createExecutionListCommand(io: CliIo): Command {
  const command = new Command('list')
    .description('List executions, newest first: ID, function, state, creation time and result.')
    .addOption(new Option('--ffqn <prefix>', 'only functions whose FFQN starts with this (e.g. testing:fibo/)'))
    .addOption(new Option('--state <state>', 'only executions in this state').choices(STATES))
    .addOption(new Option('--show-derived', 'include derived (child) executions'))
    .addOption(new Option('-e, --execution-id <prefix>', 'only IDs starting with this'))
    .addOption(new Option('--queue <name>', 'only executions of this queue'))
    .addOption(
      new Option('--limit <n>', `at most this many (1 to ${MAX_LIMIT})`).argParser(intIn(1, MAX_LIMIT)).default(20),
    )
    .addOption(
      new Option('--cursor <cursor>', 'continue after the previous page (printed on stderr when there is more)'),
    );
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'With --json: {"executions":[ExecutionSummary...],"next_cursor"} (docs/cli-json.md).',
      '',
      'Examples:',
      '  $ obelisk execution list',
      '  $ obelisk execution list --ffqn testing:fibo/ --state finished --limit 100',
      '  $ obelisk execution list --show-derived --json',
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async ({ ctx, api }, flags: Flags) => {
      const page = await api.listExecutions({
        ffqnPrefix: flags.ffqn,
        state: flags.state,
        showDerived: flags.showDerived === true ? true : undefined,
        executionIdPrefix: flags.executionId,
        queue: flags.queue,
        limit: flags.limit,
        cursor: flags.cursor,
      });
      if (ctx.json) {
        ctx.outJson(page);
        return;
      }
      if (page.executions.length === 0) {
        ctx.err('no executions');
      } else {
        const rows = page.executions.map((e) => [
          e.execution_id,
          e.ffqn,
          e.state,
          e.created_at,
          finishedCell(e.finished),
        ]);
        ctx.out(table(['ID', 'FFQN', 'STATE', 'CREATED', 'RESULT'], rows));
      }
      if (page.next_cursor !== null) {
        ctx.err(`more: pass --cursor ${page.next_cursor}`);
      }
    }),
  );
}
