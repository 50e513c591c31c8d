/**
 * Canonical WIT text from a resolved model (no source text is kept): packages
 * with their interfaces and worlds, types, functions, gates and docs. Parsing
 * the output gives a model equal to the input (see `modelDiff`).
 */
import { escapeIdentifier } from './keywords.js';
import type { Interface, InterfaceId, PackageId, Resolve } from './model.js';
import { writeInterfaceItems } from './print-items.js';
import { packagePath, Writer } from './print-writer.js';
import { printWorld } from './print-world.js';

export interface PrintOptions {
  /**
   * The package written first, as `package a:b;` followed by its items; every
   * other package follows as a nested `package a:b { .. }` block. Without a
   * root, every package is a nested block.
   */
  readonly root?: PackageId | undefined;
}

/** Prints every package of `resolve`. */
export function printResolve(resolve: Resolve, options: PrintOptions = {}): string {
  const parts: string[] = [];
  if (options.root !== undefined) {
    parts.push(printPackage(resolve, options.root));
  }
  resolve.packages.forEach((_, id) => {
    if (id !== options.root) {
      parts.push(printPackage(resolve, id, { nested: true }));
    }
  });
  return parts.join('\n');
}

/** Prints one package: `package a:b;` and its items, or a nested `package a:b { .. }` block. */
export function printPackage(resolve: Resolve, id: PackageId, options: { readonly nested?: boolean } = {}): string {
  const pkg = resolve.packages[id];
  if (pkg === undefined) {
    throw new Error(`package ${id} does not exist`);
  }
  const w = new Writer();
  w.docs(pkg.docs);
  if (options.nested === true) {
    w.open(`package ${packagePath(pkg.name)}`);
  } else {
    w.line(`package ${packagePath(pkg.name)};`);
  }
  for (const ifaceId of pkg.interfaces.values()) {
    w.gap();
    writeInterface(w, resolve, ifaceId, id);
  }
  for (const worldId of pkg.worlds.values()) {
    w.gap();
    printWorld(w, resolve, worldId, id);
  }
  if (options.nested === true) {
    w.close();
  }
  return w.toString();
}

function writeInterface(w: Writer, resolve: Resolve, id: InterfaceId, from: PackageId): void {
  const iface = resolve.interfaces[id] as Interface;
  w.docs(iface.docs);
  w.gates(iface.stability);
  w.open(`interface ${escapeIdentifier(iface.name ?? '')}`);
  writeInterfaceItems(w, resolve, id, from);
  w.close();
}
