/** `obelisk wit`: read, check and print WIT (also the WIT of component binaries). */
import type { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { commandGroup } from '../group.js';
import { createWitBuildCommand } from './build.js';
import { createWitInspectCommand } from './inspect.js';
import { createWitPrintCommand } from './print.js';

/** Builds the `obelisk wit` command group (`print`, `inspect`, `build`). */
export function createWitCommand(io: CliIo): Command {
  return commandGroup({
    name: 'wit',
    description:
      'Read, check and print WIT (WebAssembly Interface Types) files and directories, and the WIT of component .wasm files.',
    commands: [createWitPrintCommand(io), createWitInspectCommand(io), createWitBuildCommand(io)],
    helpAfter: [
      '',
      'Examples:',
      '  $ obelisk wit inspect wit/ --json',
      '  $ obelisk wit print wit/',
      '  $ obelisk wit build wit/ -o pkg.wasm',
    ],
  });
}
