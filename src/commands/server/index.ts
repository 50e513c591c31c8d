/** `obelisk server`: run or verify the server of an `obelisk.toml`. */
import type { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { commandGroup } from '../group.js';
import { createServerRunCommand } from './run.js';
import { createServerVerifyCommand } from './verify.js';

/** Builds the `obelisk server` command group. */
export function createServerCommand(io: CliIo): Command {
  return commandGroup({
    name: 'server',
    description: 'Run or verify the obelisk server of an obelisk.toml.',
    commands: [createServerRunCommand(io), createServerVerifyCommand(io)],
    helpAfter: ['', 'Examples:', '  $ obelisk server run -c obelisk.toml', '  $ obelisk server verify -c obelisk.toml'],
  });
}
