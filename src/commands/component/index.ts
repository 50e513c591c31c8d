/** `obelisk component`: inspect components, local files or those the server has loaded. */
import type { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { commandGroup } from '../group.js';
import { createComponentInspectCommand } from './inspect.js';
import { createComponentListCommand } from './list.js';
import { createComponentPushCommand } from './push.js';
import { createComponentWitCommand } from './wit.js';

/** Builds the `obelisk component` command group. */
export function createComponentCommand(io: CliIo): Command {
  return commandGroup({
    name: 'component',
    description:
      'Inspect components: those the server has loaded (list), a component .wasm, an OCI reference or a component ID (inspect, wit); push them to OCI registries (push).',
    commands: [
      createComponentListCommand(io),
      createComponentInspectCommand(io),
      createComponentWitCommand(io),
      createComponentPushCommand(io),
    ],
    helpAfter: [
      '',
      'Examples:',
      '  $ obelisk component list --imports',
      '  $ obelisk component inspect activity.wasm',
      '  $ obelisk component wit activity.wasm',
      '  $ obelisk component push activity.wasm ghcr.io/acme/activity:1.0.0',
    ],
  });
}
