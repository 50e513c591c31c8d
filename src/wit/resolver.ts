/**
 * Resolving a set of packages: checks that every package is defined once and
 * that their references form no cycle, then resolves them in dependency order.
 */
import type { InterfaceItemAst, PackageItemAst, UsePathAst } from './ast.js';
import { WitErrorCode, witError } from './errors.js';
import { gateEnabled, type LoadOptions } from './gates.js';
import { formatPackageName, type PackageId, type Resolve } from './model.js';
import { unknownPackage } from './resolve-paths.js';
import { resolvePackage, type PackageUnit } from './resolve-package.js';
import type { SharedState } from './resolve-context.js';
import type { SourceFile } from './source.js';

interface Reference {
  readonly name: string;
  readonly path: UsePathAst & { kind: 'package' };
  readonly source: SourceFile;
}

/** Resolves `units` (any order; the last one is treated as the root) into one model. */
export function resolveUnits(units: readonly PackageUnit[], options: LoadOptions = {}): Resolve {
  const byName = new Map<string, PackageUnit>();
  for (const unit of units) {
    const name = formatPackageName(unit.name);
    const previous = byName.get(name);
    if (previous !== undefined) {
      const first = previous.nameSource.span(previous.name.start);
      throw witError(
        WitErrorCode.duplicatePackage,
        unit.nameSource,
        unit.name.start,
        unit.name.end - unit.name.start,
        `package \`${name}\` is defined more than once (first at ${first.file}:${first.line}:${first.column}); expected each package to be defined once`,
      );
    }
    byName.set(name, unit);
  }
  const order = dependencyOrder(units, byName, options);
  const resolve: Resolve = { packages: [], interfaces: [], worlds: [], types: [] };
  const packagesByName = new Map<string, PackageId>();
  const shared: SharedState = { excludedItems: new Map(), excludedTypes: new Map(), borrows: new Map() };
  for (const unit of order) {
    const id = resolvePackage({ resolve, options, packagesByName, shared }, unit);
    packagesByName.set(formatPackageName(unit.name), id);
  }
  return resolve;
}

function dependencyOrder(
  units: readonly PackageUnit[],
  byName: ReadonlyMap<string, PackageUnit>,
  options: LoadOptions,
): PackageUnit[] {
  const state = new Map<PackageUnit, 'active' | 'done'>();
  const order: PackageUnit[] = [];
  const names = new Map([...byName.keys()].map((name) => [name, 0]));
  const visit = (unit: PackageUnit, path: string[]): void => {
    state.set(unit, 'active');
    const own = formatPackageName(unit.name);
    for (const ref of references(unit, options)) {
      if (ref.name === own) {
        continue;
      }
      const dep = byName.get(ref.name);
      if (dep === undefined) {
        throw unknownPackage({ packagesByName: names }, ref, ref.path);
      }
      if (state.get(dep) === 'active') {
        const cycle = [...path.slice(path.indexOf(ref.name)), own, ref.name].map((n) => `\`${n}\``).join(' -> ');
        throw witError(
          WitErrorCode.packageCycle,
          ref.source,
          ref.path.start,
          ref.path.end - ref.path.start,
          `packages refer to each other in a cycle (${cycle}); expected packages whose references do not form a cycle`,
        );
      }
      if (!state.has(dep)) {
        visit(dep, [...path, own]);
      }
    }
    state.set(unit, 'done');
    order.push(unit);
  };
  for (const unit of units) {
    if (!state.has(unit)) {
      visit(unit, []);
    }
  }
  return order;
}

/** Every reference to another package in a unit's (included) items. */
function references(unit: PackageUnit, options: LoadOptions): Reference[] {
  const refs: Reference[] = [];
  for (const group of unit.groups) {
    const add = (path: UsePathAst): void => {
      if (path.kind === 'package') {
        refs.push({ name: formatPackageName(path.package), path, source: group.source });
      }
    };
    for (const item of group.items) {
      collectItem(item, options, add);
    }
  }
  return refs;
}

function collectItem(item: PackageItemAst, options: LoadOptions, add: (path: UsePathAst) => void): void {
  if (item.kind === 'top-use') {
    add(item.path);
    return;
  }
  if (!gateEnabled(item.gates, options)) {
    return;
  }
  if (item.kind === 'interface') {
    collectInterface(item.items, options, add);
    return;
  }
  for (const worldItem of item.items) {
    if (!gateEnabled(worldItem.gates, options)) {
      continue;
    }
    if (worldItem.kind === 'use' || worldItem.kind === 'include') {
      add(worldItem.path);
    } else if (worldItem.kind === 'import' || worldItem.kind === 'export') {
      const ext = worldItem.extern;
      if (ext.kind === 'path' || ext.kind === 'named-path') {
        add(ext.path);
      } else if (ext.kind === 'interface') {
        collectInterface(ext.items, options, add);
      }
    }
  }
}

function collectInterface(
  items: readonly InterfaceItemAst[],
  options: LoadOptions,
  add: (path: UsePathAst) => void,
): void {
  for (const item of items) {
    if (item.kind === 'use' && gateEnabled(item.gates, options)) {
      add(item.path);
    }
  }
}
