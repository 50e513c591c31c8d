/** `obelisk cron`: the `[[cron]]` entries of a running server. */
import type { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { commandGroup } from '../group.js';
import { createCronListCommand } from './list.js';

/** Builds the `obelisk cron` command group. */
export function createCronCommand(io: CliIo): Command {
  return commandGroup({
    name: 'cron',
    description: 'Cron entries of the running server ([[cron]] in obelisk.toml): their schedules and firings.',
    commands: [createCronListCommand(io)],
    helpAfter: ['', 'Examples:', '  $ obelisk cron list'],
  });
}
