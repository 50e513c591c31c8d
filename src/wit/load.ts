/**
 * Loading WIT: a single `.wit` file, a directory of `.wit` files (one package)
 * with an optional `deps/` folder (one file or folder per dependency), or one
 * source text; and, with {@link loadWitOrComponent}, a component `.wasm`. The
 * result is a fully resolved {@link Resolve} whose packages are in dependency
 * order; the root package (the path's own) is resolved last.
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { decodeComponent, isWasmBinary } from './decoder/index.js';
import { ioError } from './errors.js';
import type { LoadOptions } from './gates.js';
import type { Resolve } from './model.js';
import { parseFile } from './parser.js';
import type { PackageUnit } from './resolve-package.js';
import { resolveUnits } from './resolver.js';
import { SourceFile } from './source.js';
import { unitsFromFiles } from './units.js';

export type { LoadOptions } from './gates.js';

/** Loads and resolves a `.wit` file or a WIT directory (with optional `deps/`). Throws `WitError`. */
export function loadWit(path: string, options: LoadOptions = {}): Resolve {
  const stats = statPath(path);
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
  const deps = join(path, 'deps');
  if (isDirectory(deps)) {
    for (const entry of readdirSync(deps).sort()) {
      const entryPath = join(deps, entry);
      if (isDirectory(entryPath) || entry.endsWith('.wit')) {
        units.push(...packageUnits(entryPath));
      }
    }
  }
  units.push(...unitsFromFiles(rootFiles.map((file) => parseFile(readSource(file)))));
  return resolveUnits(units, options);
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
  try {
    return statSync(path);
  } catch (error: unknown) {
    throw ioError(path, 'no such file or directory; expected a `.wit` file or a directory of `.wit` files', error);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function witFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.wit'))
      .sort()
      .map((name) => join(dir, name))
      .filter((file) => !isDirectory(file));
  } catch (error: unknown) {
    throw ioError(dir, 'cannot read the directory', error);
  }
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error: unknown) {
    throw ioError(path, 'cannot read the file', error);
  }
}

function readSource(path: string): SourceFile {
  try {
    return new SourceFile(path, readFileSync(path, 'utf8'));
  } catch (error: unknown) {
    throw ioError(path, 'cannot read the file', error);
  }
}
