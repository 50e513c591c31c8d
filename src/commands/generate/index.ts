/** `obelisk generate`: generate files (WIT extensions; more generators register here). */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { createGenerateConfigCommand } from './config.js';
import { createGenerateExecutionIdCommand } from './execution-id.js';
import { createGenerateExtensionsCommand } from './extensions.js';
import { createGenerateLockCommand } from './lock.js';
import { createGenerateWitCommand } from './wit.js';

/** Builds the `obelisk generate` command group. */
export function createGenerateCommand(io: CliIo): Command {
  return new Command('generate')
    .description('Generate files: WIT extension packages, and more.')
    .addCommand(createGenerateExtensionsCommand(io))
    .addCommand(createGenerateWitCommand(io))
    .addCommand(createGenerateConfigCommand(io))
    .addCommand(createGenerateExecutionIdCommand(io))
    .addCommand(createGenerateLockCommand(io))
    .addHelpText('after', ['', 'Examples:', '  $ obelisk generate extensions workflow wit/ --out gen/'].join('\n'));
}
