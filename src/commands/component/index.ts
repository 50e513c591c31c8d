/** `obelisk component`: inspect components, local files or those the server has loaded. */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { createComponentInspectCommand } from './inspect.js';
import { createComponentListCommand } from './list.js';
import { createComponentWitCommand } from './wit.js';

/** Builds the `obelisk component` command group. */
export function createComponentCommand(io: CliIo): Command {
  return new Command('component')
    .description(
      'Inspect components: those the server has loaded (list) or a component .wasm / component ID (inspect, wit).',
    )
    .addCommand(createComponentListCommand(io))
    .addCommand(createComponentInspectCommand(io))
    .addCommand(createComponentWitCommand(io))
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ obelisk component list --imports',
        '  $ obelisk component inspect activity.wasm',
        '  $ obelisk component wit activity.wasm',
      ].join('\n'),
    );
}
