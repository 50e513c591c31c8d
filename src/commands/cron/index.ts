/** `obelisk cron`: the `[[cron]]` entries of a running server. */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { createCronListCommand } from './list.js';

/** Builds the `obelisk cron` command group. */
export function createCronCommand(io: CliIo): Command {
  return new Command('cron')
    .description('Cron entries of the running server ([[cron]] in obelisk.toml): their schedules and firings.')
    .addCommand(createCronListCommand(io))
    .addHelpText('after', ['', 'Examples:', '  $ obelisk cron list'].join('\n'));
}
