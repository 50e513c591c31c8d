/** `obelisk wit print <path>`: canonical WIT of a file, a directory or a component `.wasm` (the root package first, dependencies nested). */
import { Command, Option } from 'commander';
import { withContext, type CliIo } from '../../cli/context.js';
import { printResolve } from '../../wit/print.js';
import { loadUserWitOrComponent, withFeatureOptions, WIT_OR_COMPONENT_PATH, type FeatureFlags } from './load.js';

/** Builds `obelisk wit print`. */
export function createWitPrintCommand(io: CliIo): Command {
  const command = new Command('print')
    .description(
      'Print the canonical WIT of a .wit file, a WIT directory (with its deps/) or a component .wasm, resolved and normalised.',
    )
    .argument('<path>', WIT_OR_COMPONENT_PATH)
    .addOption(new Option('--json', 'print {"wit": "<text>"} instead of the text'));
  return withFeatureOptions(command)
    .addHelpText(
      'after',
      [
        '',
        'The root package is printed first (`package a:b;`), its dependencies follow as',
        'nested `package a:b { .. }` blocks, so the output is one self-contained WIT file.',
        'A component .wasm prints as package root:component with its world root.',
        '',
        'Examples:',
        '  $ obelisk wit print wit/                 print the package in wit/ and its deps',
        '  $ obelisk wit print api.wit --all-features',
        '  $ obelisk wit print activity.wasm       the WIT of a built component',
      ].join('\n'),
    )
    .action(
      withContext(io, async (ctx, path: string, flags: FeatureFlags) => {
        const resolve = await loadUserWitOrComponent(io.cwd, path, flags);
        const root = resolve.packages.length === 0 ? undefined : resolve.packages.length - 1;
        const text = printResolve(resolve, { root });
        if (ctx.json) {
          ctx.outJson({ wit: text });
        } else {
          io.stdout.write(text);
        }
      }),
    );
}
