/**
 * The WIT a workflow needs to call a prebuilt component (a `.wasm` file or a pulled OCI
 * component), read from the binary with the component decoder: the packages of the interfaces
 * it exports, the packages those use (e.g. `wasi:io` for a stream), and the generated extension
 * packages. The decoder's `root:component` package (the component's own world) is never written.
 */
import { ErrorCode, UserError } from '../cli/errors.js';
import { decodeComponent } from '../wit/decoder/index.js';
import { generateExtensions } from '../wit/extensions.js';
import type { ComponentType } from '../wit/extension-names.js';
import type { InterfaceId, PackageId, PackageName, Resolve } from '../wit/model.js';
import { printPackage } from '../wit/print.js';

/** One WIT package file: `deps/<folder>/<file>`. */
export interface PackageFile {
  readonly folder: string;
  readonly file: string;
  readonly content: string;
  /** A package the callee only uses (not its own nor an extension): another source may provide it. */
  readonly shared: boolean;
}

/** The files of a prebuilt callee; `what` names it in errors. */
export function decodedCalleeFiles(what: string, bytes: Uint8Array, type: ComponentType): PackageFile[] {
  const resolve = decode(what, bytes);
  const exported = exportedOf(resolve);
  const own = new Set(exported.flatMap((id) => resolve.interfaces[id]?.package ?? []));
  const files: PackageFile[] = [];
  for (const id of usedPackages(resolve, own)) {
    const name = resolve.packages[id]?.name;
    if (name !== undefined && !(name.namespace === 'root' && name.name === 'component')) {
      files.push({
        folder: packageFolder(name),
        file: `${name.name}.wit`,
        content: printPackage(resolve, id),
        shared: !own.has(id),
      });
    }
  }
  if (exported.length > 0) {
    const generated = generateExtensions(resolve, type, exported);
    for (const pkg of generated.packages) {
      const name = generated.resolve.packages[pkg.packageId]?.name;
      if (name !== undefined) {
        files.push({ folder: packageFolder(name), file: `${name.name}.wit`, content: pkg.wit, shared: false });
      }
    }
  }
  return files;
}

function decode(what: string, bytes: Uint8Array): Resolve {
  return readCalleeWit(
    what,
    'the component must be a WebAssembly component (`obelisk component inspect` reads it)',
    () => decodeComponent(bytes),
  );
}

/** The WIT `read` returns; what it throws becomes a {@link UserError} (invalid input) about `what`, with `hint`. */
export function readCalleeWit(what: string, hint: string, read: () => Resolve): Resolve {
  try {
    return read();
  } catch (error: unknown) {
    throw new UserError(
      ErrorCode.invalidInput,
      `cannot read the WIT of ${what}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, hint },
    );
  }
}

/** The named interfaces the component's `root` world exports. */
function exportedOf(resolve: Resolve): InterfaceId[] {
  const world = resolve.worlds.find((w) => w.name === 'root');
  return [...(world?.exports.values() ?? [])].flatMap((item) =>
    item.tag === 'interface' && resolve.interfaces[item.id]?.name !== null ? [item.id] : [],
  );
}

/** `packages` and, transitively, every package whose types their interfaces `use`. */
function usedPackages(resolve: Resolve, packages: ReadonlySet<PackageId>): PackageId[] {
  const seen = new Set<PackageId>();
  const visit = (id: PackageId): void => {
    if (seen.has(id)) {
      return;
    }
    seen.add(id);
    for (const ifaceId of resolve.packages[id]?.interfaces.values() ?? []) {
      for (const typeId of resolve.interfaces[ifaceId]?.types.values() ?? []) {
        const kind = resolve.types[typeId]?.kind;
        if (kind?.tag !== 'alias' || kind.target.kind !== 'named') {
          continue;
        }
        const owner = resolve.types[kind.target.id]?.owner;
        const pkg = owner?.tag === 'interface' ? resolve.interfaces[owner.id]?.package : null;
        if (pkg !== null && pkg !== undefined) {
          visit(pkg);
        }
      }
    }
  };
  [...packages].forEach(visit);
  return [...seen].sort((a, b) => a - b);
}

/** `ns_name@version`: a deps folder name (no `:` in file names). */
export function packageFolder(name: PackageName): string {
  const base = `${name.namespace}_${name.name}`;
  return name.version === undefined ? base : `${base}@${name.version}`;
}
