/** `obelisk server`: run or verify the server of an `obelisk.toml`. */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { createServerRunCommand } from './run.js';
import { createServerVerifyCommand } from './verify.js';

/** Builds the `obelisk server` command group. */
export function createServerCommand(io: CliIo): Command {
  return new Command('server')
    .description('Run or verify the obelisk server of an obelisk.toml.')
    .addCommand(createServerRunCommand(io))
    .addCommand(createServerVerifyCommand(io))
    .addHelpText(
      'after',
      ['', 'Examples:', '  $ obelisk server run -c obelisk.toml', '  $ obelisk server verify -c obelisk.toml'].join(
        '\n',
      ),
    );
}
