/** `obelisk execution purge --older-than 7d`: delete old finished executions with everything they own. */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { DURATION_FORMAT, parseDuration } from '../../cli/duration.js';
import { UsageError } from '../../cli/errors.js';
import type { PurgeResult } from '../../client/index.js';
import { apiAction, withApiOptions } from './api.js';
import { table } from './format.js';

/** The counts as a two-column table. */
export function purgeLines(result: PurgeResult): string {
  const c = result.counts;
  const rows: [string, number][] = [
    ['top-level executions', c.top_level],
    ['executions (all depths)', c.executions],
    ['events', c.events],
    ['join sets', c.join_sets],
    ['responses', c.responses],
    ['delays', c.delays],
    ['log lines', c.logs],
  ];
  const verb = result.dry_run ? 'would delete' : 'deleted';
  return [
    `${verb} what finished before ${result.finished_before} (${result.batches} batch${result.batches === 1 ? '' : 'es'}):`,
    table(
      ['KIND', 'ROWS'],
      rows.map(([kind, n]) => [kind, String(n)]),
    ),
  ].join('\n');
}

/** Builds `obelisk execution purge`. */
export function createExecutionPurgeCommand(io: CliIo): Command {
  const command = new Command('purge')
    .description(
      'Delete finished top-level executions older than --older-than with everything they own (children, events, responses, delays, logs). Unfinished executions, and trees holding one, are never touched.',
    )
    .requiredOption('--older-than <duration>', `finished longer ago than this: ${DURATION_FORMAT}`)
    .option('--dry-run', 'count what would be deleted, delete nothing');
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'With --json: {"dry_run","finished_before","batches","counts":{...}} (docs/cli-json.md).',
      '',
      'Examples:',
      '  $ obelisk execution purge --older-than 7d --dry-run',
      '  $ obelisk execution purge --older-than 30d --json',
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async function (this: Command, { ctx, api }) {
      const flags = this.opts<{ olderThan: string; dryRun?: boolean }>();
      if (parseDuration(flags.olderThan) === null) {
        throw new UsageError(`--older-than: expected ${DURATION_FORMAT}, got ${JSON.stringify(flags.olderThan)}`);
      }
      const result = await api.purge({ olderThan: flags.olderThan, dryRun: flags.dryRun === true });
      ctx.outResult(result, purgeLines);
    }),
  );
}
