/** `obelisk wit build <path> -o <file>`: a WIT package as a binary WIT package (`.wasm`). */
import { resolve as resolvePath } from 'node:path';
import { Command } from 'commander';
import { withContext, type CliIo } from '../../cli/context.js';
import { ErrorCode, UserError } from '../../cli/errors.js';
import { writeOutputFile } from '../../cli/files.js';
import { encodeWitPackage } from '../../wit/encoder/index.js';
import { formatPackageName } from '../../wit/model.js';
import { loadUserWitOrComponent, withFeatureOptions, type FeatureFlags } from './load.js';

interface BuildFlags extends FeatureFlags {
  readonly out: string;
}

/** Builds `obelisk wit build`. */
export function createWitBuildCommand(io: CliIo): Command {
  const command = new Command('build')
    .description(
      'Encode the package of a .wit file or a WIT directory (its deps/ resolved) as a binary WIT package .wasm, the form OCI WIT artifacts and other component tools use.',
    )
    .argument('<path>', 'a .wit file, a directory of .wit files with an optional deps/ folder, or a binary WIT package')
    .requiredOption('-o, --out <file>', 'where to write the binary package (for example pkg.wasm)');
  return withFeatureOptions(command)
    .addHelpText(
      'after',
      [
        '',
        'Only the root package is encoded; the parts of its dependencies it uses travel with it,',
        'so `obelisk wit inspect pkg.wasm` shows what the source shows. Docs and @since/@unstable',
        'gates are kept. With --json: {"path", "package", "bytes"}.',
        '',
        'Examples:',
        '  $ obelisk wit build wit/ -o pkg.wasm',
        '  $ obelisk wit build wit/ -o pkg.wasm && obelisk wit inspect pkg.wasm --json',
      ].join('\n'),
    )
    .action(
      withContext(io, async (ctx, path: string, flags: BuildFlags) => {
        const resolve = await loadUserWitOrComponent(io.cwd, path, flags);
        const root = resolve.packages.length - 1;
        const name = formatPackageName((resolve.packages[root] as (typeof resolve.packages)[number]).name);
        let bytes: Uint8Array;
        try {
          bytes = encodeWitPackage(resolve, root);
        } catch (error: unknown) {
          throw new UserError(
            ErrorCode.invalidInput,
            `${path}: ${error instanceof Error ? error.message : String(error)}`,
            {
              hint: 'a binary WIT package holds at least one interface or world',
              cause: error,
            },
          );
        }
        const out = resolvePath(io.cwd, flags.out);
        writeOutputFile(out, bytes);
        ctx.outResult(
          { path: out, package: name, bytes: bytes.length },
          () => `${out}: ${name} (${bytes.length} bytes)`,
        );
      }),
    );
}
