/**
 * Shared by the WIT commands: loading a user-given path (relative to the CLI's
 * working directory) and turning WIT and component decoding errors into user errors.
 */
import { Option, type Command } from 'commander';
import { isAbsolute, join, relative, resolve as resolvePath } from 'node:path';
import { ErrorCode, UserError } from '../../cli/errors.js';
import { readdirSync, readFileSync } from 'node:fs';
import { ComponentDecodeError, decodeComponent } from '../../wit/decoder/index.js';
import { WitError, WitErrorCode } from '../../wit/errors.js';
import { loadWit, loadWitOrComponent, type LoadOptions } from '../../wit/load.js';
import type { Resolve } from '../../wit/model.js';

/** `--features a,b` / `--all-features` as parsed by commander. */
export interface FeatureFlags {
  readonly features?: string | undefined;
  readonly allFeatures?: boolean | undefined;
}

/** What the `<path>` of `wit print` and `wit inspect` may be. */
export const WIT_OR_COMPONENT_PATH =
  'a .wit file, a directory of .wit files with an optional deps/ folder, a component .wasm, or a binary WIT package (.wasm or .wat)';

/** Adds `--features` and `--all-features` (read by {@link loadOptions}) to a command that loads WIT. */
export function withFeatureOptions(command: Command): Command {
  return command
    .addOption(new Option('--features <names>', 'include `@unstable` items of these features (comma-separated)'))
    .addOption(new Option('--all-features', 'include every `@unstable` item'));
}

/** Load options from the feature flags. */
export function loadOptions(flags: FeatureFlags): LoadOptions {
  const features = (flags.features ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  return { features, allFeatures: flags.allFeatures === true };
}

/** A path as given on the command line, made usable from this process (and still short in messages). */
export function userPath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : relative(process.cwd(), resolvePath(cwd, path)) || '.';
}

/** Loads a WIT file or directory; WIT problems become a {@link UserError} carrying the positioned message. */
export function loadUserWit(cwd: string, path: string, flags: FeatureFlags): Resolve {
  try {
    return loadWit(userPath(cwd, path), loadOptions(flags));
  } catch (error: unknown) {
    throw toUserError(error);
  }
}

/**
 * Loads a WIT file or directory, a component `.wasm` (decoded to package
 * `root:component`, world `root`), or a binary WIT package (`.wasm`, or its
 * `.wat` text); problems become a {@link UserError}.
 */
export async function loadUserWitOrComponent(cwd: string, path: string, flags: FeatureFlags): Promise<Resolve> {
  const file = userPath(cwd, path);
  try {
    if (/\.wat$/i.test(file)) {
      return decodeComponent(await watBytes(file));
    }
    return loadWitOrComponent(file, await withDepsWat(file, loadOptions(flags)));
  } catch (error: unknown) {
    if (error instanceof ComponentDecodeError) {
      throw new UserError(error.code, `${file}: cannot read the component: ${error.message}`, {
        hint: 'pass a component or binary WIT package .wasm (not a core module), or a WIT file or directory',
        cause: error,
      });
    }
    throw toUserError(error);
  }
}

/** `options` able to read the `deps/<name>.wat` files of the WIT folder `path` (each converted here, ahead). */
async function withDepsWat(path: string, options: LoadOptions): Promise<LoadOptions> {
  const deps = join(path, 'deps');
  let names: string[];
  try {
    names = readdirSync(deps).filter((name) => /\.wat$/i.test(name));
  } catch {
    return options;
  }
  const binaries = new Map<string, Uint8Array>();
  for (const name of names.sort()) {
    binaries.set(join(deps, name), await watBytes(join(deps, name)));
  }
  return names.length === 0
    ? options
    : {
        ...options,
        watToWasm: (file: string) => {
          const bytes = binaries.get(file);
          if (bytes === undefined) {
            throw new Error(`${file} was not converted ahead`);
          }
          return bytes;
        },
      };
}

/** The binary of a WebAssembly text file (a component or a binary WIT package). */
async function watBytes(file: string): Promise<Uint8Array> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    throw new UserError(ErrorCode.notFound, `${file}: cannot read the file`, { cause: error });
  }
  try {
    // Loaded only here: commands that never read .wat text do not pay for the wasm-tools module.
    const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
    return await parse(text);
  } catch (error: unknown) {
    throw new UserError(
      ErrorCode.invalidInput,
      `${file}: not valid WebAssembly text: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`,
      {
        cause: error,
      },
    );
  }
}

/** Converts a `WitError` (anything else is rethrown as is). */
export function toUserError(error: unknown): unknown {
  if (!(error instanceof WitError)) {
    return error;
  }
  const code = error.code === WitErrorCode.io ? ErrorCode.notFound : error.code;
  return new UserError(code, error.message, { hint: hintFor(error), cause: error });
}

function hintFor(error: WitError): string | undefined {
  switch (error.code) {
    case WitErrorCode.featureDisabled:
      return 'enable `@unstable` features with --features NAME[,NAME] or --all-features';
    case WitErrorCode.unknownPackage:
      return 'a WIT directory keeps its dependencies in deps/ (a folder, a .wit file, or a binary package .wasm or its .wat text per package)';
    case WitErrorCode.io:
      return 'pass a .wit file or a directory containing .wit files';
    default:
      return undefined;
  }
}
