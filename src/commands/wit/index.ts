/** `obelisk wit`: read, check and print WIT (also the WIT of component binaries). */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { createWitInspectCommand } from './inspect.js';
import { createWitPrintCommand } from './print.js';

/** Builds the `obelisk wit` command group (`print`, `inspect`). */
export function createWitCommand(io: CliIo): Command {
  return new Command('wit')
    .description(
      'Read, check and print WIT (WebAssembly Interface Types) files and directories, and the WIT of component .wasm files.',
    )
    .addCommand(createWitPrintCommand(io))
    .addCommand(createWitInspectCommand(io))
    .addHelpText(
      'after',
      ['', 'Examples:', '  $ obelisk wit inspect wit/ --json', '  $ obelisk wit print wit/'].join('\n'),
    );
}
