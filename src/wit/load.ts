/**
 * Loading WIT: a single `.wit` file, a binary WIT package `.wasm`, a directory of `.wit` files (one package)
 * with an optional `deps/` folder (per dependency a folder, a `.wit` file or a
 * binary WIT package `.wasm`), or one
 * source text; and, with {@link loadWitOrComponent}, a component `.wasm`. The
 * result is a fully resolved {@link Resolve} whose packages are in dependency
 * order; the root package (the path's own) is resolved last.
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { decodeComponent, isWasmBinary, isWitPackage } from './decoder/index.js';
import { ioError } from './errors.js';
import type { LoadOptions } from './gates.js';
import { formatPackageName, type Resolve } from './model.js';
import { parseFile } from './parser.js';
import { printResolve } from './print.js';
import type { PackageUnit } from './resolve-package.js';
import { resolveUnits } from './resolver.js';
import { SourceFile } from './source.js';
import { unitsFromFiles } from './units.js';

export type { LoadOptions } from './gates.js';

/**
 * Loads and resolves a `.wit` file, a WIT directory (with optional `deps/`) or
 * a binary WIT package `.wasm` (built by `obelisk wit build` or `wasm-tools
 * component wit --wasm`). Throws `WitError`.
 */
export function loadWit(path: string, options: LoadOptions = {}): Resolve {
  const stats = statPath(path);
  if (stats.isFile() && /\.wasm$/i.test(path)) {
    const binary = binaryPackageUnits(path);
    return resolveUnits(withEmbedded([binary.root], binary.embedded), options);
  }
  if (stats.isFile()) {
    return resolveUnits(unitsFromFiles([parseFile(readSource(path))]), options);
  }
  const rootFiles = witFilesIn(path);
  if (rootFiles.length === 0) {
    throw ioError(
      path,
      "contains no `.wit` files; expected a directory with the package's `.wit` files (and its dependencies in `deps/`)",
    );
  }
  const units: PackageUnit[] = [];
  const embedded: PackageUnit[] = [];
  const deps = join(path, 'deps');
  if (isDirectory(deps)) {
    for (const entry of readdirSync(deps).sort()) {
      const entryPath = join(deps, entry);
      if (isDirectory(entryPath) || entry.endsWith('.wit')) {
        units.push(...packageUnits(entryPath));
      } else if (/\.wasm$/i.test(entry) || /\.wat$/i.test(entry)) {
        const binary = binaryPackageUnits(
          entryPath,
          entry.endsWith('.wasm') ? undefined : watBytes(entryPath, options),
        );
        units.push(binary.root);
        embedded.push(...binary.embedded);
      }
    }
  }
  units.push(...unitsFromFiles(rootFiles.map((file) => parseFile(readSource(file)))));
  return resolveUnits(withEmbedded(units, embedded), options);
}

/**
 * The units of a binary WIT package (`deps/<name>.wasm`): its own package,
 * and the parts of the packages it uses that it carries (`embedded`). The
 * decoded model is printed and parsed again, so a binary dependency is
 * resolved, gated and checked like a text one.
 */
function binaryPackageUnits(path: string, given?: Uint8Array): { root: PackageUnit; embedded: PackageUnit[] } {
  const bytes = given ?? readBytes(path);
  if (!isWitPackage(bytes)) {
    throw ioError(path, 'is a component, not a binary WIT package; expected a package built with `obelisk wit build`');
  }
  const decoded = decodeComponent(bytes);
  const rootId = decoded.packages.length - 1;
  const root = decoded.packages[rootId] as Resolve['packages'][number];
  const units = unitsFromFiles([parseFile(new SourceFile(path, printResolve(decoded, { root: rootId })))]);
  const rootName = formatPackageName(root.name);
  return {
    root: units.find((unit) => formatPackageName(unit.name) === rootName) as PackageUnit,
    embedded: units.filter((unit) => formatPackageName(unit.name) !== rootName),
  };
}

/** The binary of a `deps/<name>.wat`, converted by {@link LoadOptions.watToWasm}. */
function watBytes(path: string, options: LoadOptions): Uint8Array {
  if (options.watToWasm === undefined) {
    throw ioError(
      path,
      'is WebAssembly text, and no WebAssembly text parser was given (LoadOptions.watToWasm); expected the binary `.wasm` of the package, or a parser',
    );
  }
  return options.watToWasm(path, readSource(path).text);
}

/** `units` and each embedded package no unit (or earlier embedded package) defines. */
function withEmbedded(units: readonly PackageUnit[], embedded: readonly PackageUnit[]): PackageUnit[] {
  const names = new Set(units.map((unit) => formatPackageName(unit.name)));
  const extra: PackageUnit[] = [];
  for (const unit of embedded) {
    const name = formatPackageName(unit.name);
    if (!names.has(name)) {
      names.add(name);
      extra.push(unit);
    }
  }
  return [...extra, ...units];
}

/**
 * Loads what `path` holds: a component binary (a file that starts with the
 * WebAssembly magic bytes, or is named `*.wasm`) is decoded with
 * {@link decodeComponent}; anything else is loaded as WIT with {@link loadWit}.
 *
 * @throws WitError for missing paths and invalid WIT
 * @throws ComponentDecodeError for a binary that is not a valid component (a core module, truncated or corrupt bytes)
 */
export function loadWitOrComponent(path: string, options: LoadOptions = {}): Resolve {
  if (!statPath(path).isFile()) {
    return loadWit(path, options);
  }
  const bytes = readBytes(path);
  if (isWasmBinary(bytes) || /\.wasm$/i.test(path)) {
    return decodeComponent(bytes);
  }
  return resolveUnits(unitsFromFiles([parseFile(new SourceFile(path, bytes.toString('utf8')))]), options);
}

/**
 * Loads several packages side by side: each path is a `.wit` file or a
 * directory forming one package (its `deps/` is not read). The last path is
 * the root. Useful when dependencies are not laid out in a `deps/` folder.
 */
export function loadWitPackages(paths: readonly string[], options: LoadOptions = {}): Resolve {
  return resolveUnits(
    paths.flatMap((path) => packageUnits(path)),
    options,
  );
}

function packageUnits(path: string): PackageUnit[] {
  if (statPath(path).isFile()) {
    return unitsFromFiles([parseFile(readSource(path))]);
  }
  return unitsFromFiles(witFilesIn(path).map((file) => parseFile(readSource(file))));
}

/** Parses and resolves one WIT source text (which may hold nested `package a:b { .. }` blocks). */
export function parseWitText(source: string, fileName = '<input>', options: LoadOptions = {}): Resolve {
  return resolveUnits(unitsFromFiles([parseFile(new SourceFile(fileName, source))]), options);
}

function statPath(path: string): Stats {
  return orIoError(path, 'no such file or directory; expected a `.wit` file or a directory of `.wit` files', () =>
    statSync(path),
  );
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function witFilesIn(dir: string): string[] {
  return orIoError(dir, 'cannot read the directory', () =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.wit'))
      .sort()
      .map((name) => join(dir, name))
      .filter((file) => !isDirectory(file)),
  );
}

function readBytes(path: string): Buffer {
  return orIoError(path, 'cannot read the file', () => readFileSync(path));
}

function readSource(path: string): SourceFile {
  return orIoError(path, 'cannot read the file', () => new SourceFile(path, readFileSync(path, 'utf8')));
}

/** What `read` returns; what it throws becomes an `io` {@link WitError} about `path`. */
function orIoError<T>(path: string, detail: string, read: () => T): T {
  try {
    return read();
  } catch (error: unknown) {
    throw ioError(path, detail, error);
  }
}
