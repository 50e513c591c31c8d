/** `obelisk generate`: generate files (WIT extensions; more generators register here). */
import type { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { commandGroup } from '../group.js';
import { createGenerateConfigCommand } from './config.js';
import { createGenerateExecutionIdCommand } from './execution-id.js';
import { createGenerateExtensionsCommand } from './extensions.js';
import { createGenerateLockCommand } from './lock.js';
import { createGenerateWitCommand } from './wit.js';

/** Builds the `obelisk generate` command group. */
export function createGenerateCommand(io: CliIo): Command {
  return commandGroup({
    name: 'generate',
    description: 'Generate files: WIT extension packages, and more.',
    commands: [
      createGenerateExtensionsCommand(io),
      createGenerateWitCommand(io),
      createGenerateConfigCommand(io),
      createGenerateExecutionIdCommand(io),
      createGenerateLockCommand(io),
    ],
    helpAfter: ['', 'Examples:', '  $ obelisk generate extensions workflow wit/ --out gen/'],
  });
}
