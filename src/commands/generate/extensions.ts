/** `obelisk generate extensions <component-type> <wit-dir> --out <dir>`: the extension WIT packages of a component's exports. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Argument, Command, Option } from 'commander';
import { withContext, type CliIo, type CommandContext } from '../../cli/context.js';
import { ErrorCode, UserError } from '../../cli/errors.js';
import { writeOutputFile } from '../../cli/files.js';
import { ExtensionError, generateExtensions, type GeneratedExtensions } from '../../wit/extensions.js';
import { COMPONENT_TYPES, extensionKindsFor, type ComponentType } from '../../wit/extension-names.js';
import type { PackageName } from '../../wit/model.js';
import { loadUserWit, userPath, withFeatureOptions, type FeatureFlags } from '../wit/load.js';
import { exportedInterfaces, selectInterfaces } from './exported.js';

/** The host types package shipped with obelisk (`wit/` at the package root). */
const HOST_TYPES_FILE = new URL('../../../wit/obelisk_types@1.0.0/types.wit', import.meta.url);

interface Flags extends FeatureFlags {
  readonly out: string;
  readonly interface: string[];
  readonly withTypes?: boolean | undefined;
}

/** Builds `obelisk generate extensions`. */
export function createGenerateExtensionsCommand(io: CliIo): Command {
  const command = new Command('extensions')
    .description(
      'Generate the extension WIT packages (-obelisk-ext, -obelisk-schedule, -obelisk-stub) of the interfaces a component exports.',
    )
    .addArgument(new Argument('<component-type>', 'the type of the component').choices(COMPONENT_TYPES))
    .argument('<wit-dir>', "the component's WIT: a directory (with deps/) or a .wit file")
    .requiredOption('--out <dir>', 'directory to write one folder per generated package into (e.g. wit/deps)')
    .addOption(
      new Option(
        '--interface <name>',
        'only this exported interface (`ns:pkg/ifc@version`, `ns:pkg/ifc` or `ifc`); repeatable',
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(new Option('--with-types', 'also write obelisk:types@1.0.0, which the generated packages use'));
  return withFeatureOptions(command)
    .addHelpText(
      'after',
      [
        '',
        'Activities and workflows get ns:pkg-obelisk-ext and ns:pkg-obelisk-schedule, stub activities also',
        'ns:pkg-obelisk-stub; webhook endpoints get none. The exported interfaces are those the worlds of',
        "the root package export (all of the root package's interfaces when it has no world).",
        '',
        'Examples:',
        '  $ obelisk generate extensions activity_wasm activity/wit --out workflow/wit/deps --with-types',
        '  $ obelisk generate extensions activity_stub wit/ --out gen --interface approvals',
      ].join('\n'),
    )
    .action(
      withContext(io, (ctx, componentType: ComponentType, witDir: string, flags: Flags) => {
        if (extensionKindsFor(componentType).length === 0) {
          throw new UserError(
            ErrorCode.invalidInput,
            `${componentType} components get no extension packages: they export wasi:http/incoming-handler, which HTTP requests call, not executions`,
            {
              hint: 'generate extensions for the activities and workflows a webhook endpoint calls, and import those in the endpoint',
            },
          );
        }
        const resolve = loadUserWit(io.cwd, witDir, flags);
        const ids = selectInterfaces(resolve, exportedInterfaces(resolve), flags.interface, witDir);
        const generated = generate(resolve, componentType, ids);
        const written = writePackages(userPath(io.cwd, flags.out), generated, flags.withTypes === true);
        report(ctx, written, generated);
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function generate(...args: Parameters<typeof generateExtensions>): GeneratedExtensions {
  try {
    return generateExtensions(...args);
  } catch (error: unknown) {
    if (error instanceof ExtensionError) {
      throw new UserError(ErrorCode.invalidInput, error.message, { cause: error });
    }
    throw error;
  }
}

interface Written {
  readonly name: string;
  readonly kind: string;
  readonly path: string;
}

/** `ns_name@version` (no `:` in file names). */
export function packageFolder(name: PackageName): string {
  return name.version === undefined
    ? `${name.namespace}_${name.name}`
    : `${name.namespace}_${name.name}@${name.version}`;
}

function writePackages(out: string, generated: GeneratedExtensions, withTypes: boolean): Written[] {
  const written: Written[] = [];
  const write = (folder: string, file: string, text: string, name: string, kind: string): void => {
    const path = join(out, folder, file);
    writeOutputFile(path, text);
    written.push({ name, kind, path });
  };
  for (const pkg of generated.packages) {
    const name = generated.resolve.packages[pkg.packageId]?.name;
    if (name !== undefined) {
      write(packageFolder(name), `${name.name}.wit`, pkg.wit, pkg.name, pkg.kind);
    }
  }
  if (withTypes) {
    write('obelisk_types@1.0.0', 'types.wit', readFileSync(HOST_TYPES_FILE, 'utf8'), 'obelisk:types@1.0.0', 'types');
  }
  return written;
}

function report(ctx: CommandContext, written: readonly Written[], generated: GeneratedExtensions): void {
  if (ctx.json) {
    ctx.outJson({ packages: written, skipped: generated.skipped });
    return;
  }
  for (const item of generated.skipped) {
    ctx.err(
      `warning: skipped ${item.function === undefined ? `interface ${item.interface}` : `${item.interface}.${item.function}`}: ${item.reason}`,
    );
  }
  for (const item of written) {
    ctx.out(`${item.path}  (${item.name})`);
  }
  if (written.every((w) => w.kind !== 'types')) {
    ctx.err('note: the generated packages use obelisk:types@1.0.0; pass --with-types to write it too');
  }
}
