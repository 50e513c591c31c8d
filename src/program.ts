/**
 * Builds the `obelisk` commander program. Every command lives in its own file
 * under `src/commands/<noun>/<verb>.ts` and is registered here.
 */
import { Command, Option } from 'commander';
import type { CliIo } from './cli/context.js';
import { VERSION } from './cli/version.js';
import { createComponentCommand } from './commands/component/index.js';
import { createDevCommand } from './commands/dev.js';
import { createExecutionCommand } from './commands/execution/index.js';
import { createGenerateCommand } from './commands/generate/index.js';
import { createServerCommand } from './commands/server/index.js';
import { createWitCommand } from './commands/wit/index.js';

export function createProgram(io: CliIo): Command {
  const program = new Command('obelisk')
    .description('Durable execution engine for WebAssembly components, and its developer toolchain.')
    .version(VERSION, '-V, --version', 'print the obelisk version')
    .addOption(new Option('--json', 'print machine-readable JSON on stdout (env: OBELISK_JSON=1)'))
    .addOption(new Option('--no-color', 'disable coloured output (env: OBELISK_NO_COLOR=1 or NO_COLOR)'))
    .addOption(new Option('-v, --verbose', 'print error causes and stack traces (env: OBELISK_VERBOSE=1)'))
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ obelisk dev --example fibo         run the bundled example locally',
        '  $ obelisk wit inspect wit/ --json     list the packages, interfaces and worlds in a WIT folder',
        '',
        'Exit codes: 0 success, 1 failure, 2 usage error.',
      ].join('\n'),
    );
  program.exitOverride();
  program.configureOutput({
    writeOut: (text) => void io.stdout.write(text),
    writeErr: (text) => void io.stderr.write(text),
  });
  const commands: Command[] = [
    createDevCommand(io),
    createWitCommand(io),
    createGenerateCommand(io),
    createServerCommand(io),
    createExecutionCommand(io),
    createComponentCommand(io),
  ];
  for (const command of commands) {
    program.addCommand(inheritSettings(command, program));
  }
  return program;
}

/**
 * `addCommand` does not pass the parent's output and exit settings down, so a
 * command built on its own gets them here, with all of its subcommands.
 */
function inheritSettings(command: Command, parent: Command): Command {
  command.copyInheritedSettings(parent);
  for (const sub of command.commands) {
    inheritSettings(sub, command);
  }
  return command;
}
