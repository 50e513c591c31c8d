/**
 * Builds the `obelisk` commander program. Every command lives in its own file
 * under `src/commands/<noun>/<verb>.ts` and its group is registered in {@link COMMANDS}.
 *
 * Start-up is lazy: only the group named on the command line is imported (and with it the
 * engine, libSQL or jco, when that group needs them); every other group is registered as a
 * light stand-in carrying its name and summary, which is all `obelisk --help` shows.
 */
import { Command, Option } from 'commander';
import type { CliIo } from './cli/context.js';
import { VERSION } from './cli/version.js';

interface CommandEntry {
  readonly name: string;
  /** One line for `obelisk --help`; the group's own description is shown by `obelisk NAME --help`. */
  readonly summary: string;
  readonly load: (io: CliIo) => Promise<Command>;
}

/** Every top-level command, in the order `obelisk --help` lists them. */
const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'dev',
    summary: 'Run the engine, the API and the components of an obelisk.toml locally, reloading on change.',
    load: async (io) => (await import('./commands/dev.js')).createDevCommand(io),
  },
  {
    name: 'new',
    summary: 'Create a project from a template: a workflow or an activity in JavaScript or TypeScript.',
    load: async (io) => (await import('./commands/new.js')).createNewCommand(io),
  },
  {
    name: 'build',
    summary: 'Build the JavaScript and TypeScript components of an obelisk.toml.',
    load: async (io) => (await import('./commands/build.js')).createBuildCommand(io),
  },
  {
    name: 'wit',
    summary: 'Print and inspect WIT: a file, a folder, or the WIT of a component .wasm.',
    load: async (io) => (await import('./commands/wit/index.js')).createWitCommand(io),
  },
  {
    name: 'generate',
    summary: 'Generate files: WIT extension packages, a config file, an execution ID.',
    load: async (io) => (await import('./commands/generate/index.js')).createGenerateCommand(io),
  },
  {
    name: 'server',
    summary: 'Run the obelisk server of an obelisk.toml, or verify it and its components.',
    load: async (io) => (await import('./commands/server/index.js')).createServerCommand(io),
  },
  {
    name: 'execution',
    summary: 'Submit, inspect, cancel and stub executions over the HTTP API.',
    load: async (io) => (await import('./commands/execution/index.js')).createExecutionCommand(io),
  },
  {
    name: 'tui',
    summary: 'Watch and act on executions in a live terminal UI.',
    load: async (io) => (await import('./commands/tui.js')).createTuiCommand(io),
  },
  {
    name: 'component',
    summary: 'Inspect components (loaded, a .wasm, an OCI reference or an ID) and push them to OCI registries.',
    load: async (io) => (await import('./commands/component/index.js')).createComponentCommand(io),
  },
  {
    name: 'cron',
    summary: 'List the cron entries of the running server with their next and last firings.',
    load: async (io) => (await import('./commands/cron/index.js')).createCronCommand(io),
  },
];

export interface ProgramOptions {
  /**
   * The process arguments (`node`, the script, then the user's words). Only the command
   * they name is loaded. Without them every command is loaded (for tests and docs checks).
   */
  readonly argv?: readonly string[] | undefined;
}

export async function createProgram(io: CliIo, options: ProgramOptions = {}): Promise<Command> {
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
  const wanted = options.argv === undefined ? undefined : commandNamed(options.argv);
  for (const entry of COMMANDS) {
    const command =
      wanted === undefined || wanted === entry.name
        ? await entry.load(io)
        : new Command(entry.name).description(entry.summary);
    program.addCommand(inheritSettings(command, program));
  }
  return program;
}

/**
 * The top-level command the user's words name (`obelisk [globals] NAME ...` or
 * `obelisk help NAME`), or `null` when they name none (`obelisk --help`, a typo).
 * Global options take no values, so the first word not starting with `-` is the command.
 */
export function commandNamed(argv: readonly string[]): string | null {
  const words = argv.slice(2).filter((word) => !word.startsWith('-'));
  const first = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.some((entry) => entry.name === first) ? (first ?? null) : null;
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
