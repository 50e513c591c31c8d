/** Resolving one package: its interfaces (in `use` order) and worlds (in `include` order). */
import type { Ident, InterfaceAst, PackageNameAst, PackageItemAst, TopUseAst, UsePathAst, WorldAst } from './ast.js';

/** A source range. */
type Range = { readonly start: number; readonly end: number };
import { WitErrorCode } from './errors.js';
import { formatPackageName, type Interface, type InterfaceId, type Package, type PackageId } from './model.js';
import {
  docsOf,
  claimName,
  duplicate,
  errorAt,
  included,
  stability,
  type ItemGroup,
  type PackageContext,
  type ResolveBuilder,
  type ScopeEntry,
  type SharedState,
} from './resolve-context.js';
import type { LoadOptions } from './gates.js';
import { resolveInterfaceBody } from './resolve-interface.js';
import { lookupInterface, lookupWorld } from './resolve-paths.js';
import { resolveWorld } from './resolve-world.js';
import type { SourceFile } from './source.js';

/** The source of one package: its name and the items of each file (or block) that defines it. */
export interface PackageUnit {
  readonly name: PackageNameAst;
  /** The text the package name was written in. */
  readonly nameSource: SourceFile;
  readonly docs: string | undefined;
  readonly groups: readonly { readonly source: SourceFile; readonly items: readonly PackageItemAst[] }[];
}

interface Declared<T> {
  readonly id: number;
  readonly ast: T;
  readonly group: ItemGroup;
}

export interface PackageInputs {
  readonly resolve: ResolveBuilder;
  readonly options: LoadOptions;
  readonly packagesByName: ReadonlyMap<string, PackageId>;
  readonly shared: SharedState;
}

/** Resolves `unit` into `inputs.resolve`; every package it refers to must already be resolved. */
export function resolvePackage(inputs: PackageInputs, unit: PackageUnit): PackageId {
  const { resolve } = inputs;
  const packageId = resolve.packages.length;
  const name = formatPackageName(unit.name);
  const pkg: Package = {
    name: { namespace: unit.name.namespace, name: unit.name.name, version: unit.name.version },
    docs: docsOf(unit.docs),
    interfaces: new Map(),
    worlds: new Map(),
  };
  resolve.packages.push(pkg);
  const ctx: PackageContext = {
    ...inputs,
    packageId,
    packageName: name,
    packageVersion: unit.name.version,
    excluded: new Map(),
  };
  inputs.shared.excludedItems.set(packageId, ctx.excluded);
  const groups: ItemGroup[] = unit.groups.map((g) => ({
    source: g.source,
    items: g.items,
    scope: new Map<string, ScopeEntry>(),
  }));
  const { interfaces, worlds } = declareItems(ctx, pkg, groups);
  for (const group of groups) {
    buildScope(ctx, pkg, group);
  }
  for (const item of orderInterfaces(ctx, interfaces)) {
    resolveInterfaceBody(ctx, item.group, item.id, item.ast.items, `interface \`${item.ast.name.name}\``);
  }
  for (const item of orderWorlds(ctx, worlds)) {
    resolveWorld(ctx, item.group, item.id, item.ast);
  }
  return packageId;
}

function declareItems(
  ctx: PackageContext,
  pkg: Package,
  groups: readonly ItemGroup[],
): { interfaces: Declared<InterfaceAst>[]; worlds: Declared<WorldAst>[] } {
  const taken = new Map<string, Ident>();
  const interfaces: Declared<InterfaceAst>[] = [];
  const worlds: Declared<WorldAst>[] = [];
  for (const group of groups) {
    for (const item of group.items) {
      if (item.kind === 'top-use' || !included(ctx, item.gates, item.name.name, ctx.excluded)) {
        continue;
      }
      claimName(
        taken,
        group.source,
        item.name,
        item.kind === 'interface' ? 'interface' : 'world',
        `package \`${ctx.packageName}\` (interfaces and worlds share one namespace)`,
      );
      const stab = stability(ctx, item.gates, group.source);
      const span = group.source.span(item.name.start);
      if (item.kind === 'interface') {
        const id = ctx.resolve.interfaces.length;
        const iface: Interface = {
          name: item.name.name,
          package: ctx.packageId,
          docs: docsOf(item.docs),
          stability: stab,
          types: new Map(),
          functions: new Map(),
          span,
        };
        ctx.resolve.interfaces.push(iface);
        pkg.interfaces.set(item.name.name, id);
        interfaces.push({ id, ast: item, group });
      } else {
        const id = ctx.resolve.worlds.length;
        ctx.resolve.worlds.push({
          name: item.name.name,
          package: ctx.packageId,
          docs: {},
          stability: stab,
          imports: new Map(),
          exports: new Map(),
          includes: [],
          span,
        });
        pkg.worlds.set(item.name.name, id);
        worlds.push({ id, ast: item, group });
      }
    }
  }
  return { interfaces, worlds };
}

/** File scope: file-level `use` names, then the package's own interfaces and worlds. */
function buildScope(ctx: PackageContext, pkg: Package, group: ItemGroup): void {
  for (const item of group.items) {
    if (item.kind !== 'top-use') {
      continue;
    }
    stability(ctx, item.gates, group.source);
    const local = item.as ?? (item.path.kind === 'local' ? item.path.name : item.path.name);
    if (group.scope.has(local.name) || pkg.interfaces.has(local.name) || pkg.worlds.has(local.name)) {
      throw duplicate(
        group.source,
        local,
        'name',
        `this file (a file-level \`use\` cannot reuse the name of another \`use\`, interface or world)`,
      );
    }
    group.scope.set(local.name, topUseTarget(ctx, group, item));
  }
  for (const [name, id] of pkg.interfaces) {
    group.scope.set(name, { kind: 'interface', id });
  }
  for (const [name, id] of pkg.worlds) {
    group.scope.set(name, { kind: 'world', id });
  }
}

function topUseTarget(ctx: PackageContext, group: ItemGroup, item: TopUseAst): ScopeEntry {
  if (item.path.kind === 'local') {
    const pkg = ctx.resolve.packages[ctx.packageId];
    const iface = pkg?.interfaces.get(item.path.name.name);
    if (iface !== undefined) {
      return { kind: 'interface', id: iface };
    }
    const world = pkg?.worlds.get(item.path.name.name);
    if (world !== undefined) {
      return { kind: 'world', id: world };
    }
  }
  const path: UsePathAst = item.path;
  if (path.kind === 'package') {
    const pkgId = ctx.packagesByName.get(formatPackageName(path.package));
    if (pkgId !== undefined && ctx.resolve.packages[pkgId]?.worlds.has(path.name.name) === true) {
      return { kind: 'world', id: lookupWorld(ctx, group, path) };
    }
  }
  return { kind: 'interface', id: lookupInterface(ctx, group, path) };
}

/** Interfaces ordered so that each comes after the local interfaces it `use`s. */
function orderInterfaces(ctx: PackageContext, items: readonly Declared<InterfaceAst>[]): Declared<InterfaceAst>[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  return topoSort(items, WitErrorCode.interfaceCycle, 'interface', 'uses', (item) => {
    const deps: { id: InterfaceId; at: Range }[] = [];
    for (const use of item.ast.items) {
      if (use.kind !== 'use' || !included(ctx, use.gates, undefined, new Map())) {
        continue;
      }
      const id = localTarget(ctx, item.group, use.path, 'interface');
      if (id !== undefined && byId.has(id)) {
        deps.push({ id, at: use.path.kind === 'local' ? use.path.name : use.path });
      }
    }
    return deps.map((d) => ({ item: byId.get(d.id) as Declared<InterfaceAst>, at: d.at }));
  });
}

/** Worlds ordered so that each comes after the local worlds it `include`s. */
function orderWorlds(ctx: PackageContext, items: readonly Declared<WorldAst>[]): Declared<WorldAst>[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  return topoSort(items, WitErrorCode.worldCycle, 'world', 'includes', (item) => {
    const deps: { item: Declared<WorldAst>; at: Range }[] = [];
    for (const inc of item.ast.items) {
      if (inc.kind !== 'include' || !included(ctx, inc.gates, undefined, new Map())) {
        continue;
      }
      const id = localTarget(ctx, item.group, inc.path, 'world');
      const dep = id === undefined ? undefined : byId.get(id);
      if (dep !== undefined) {
        deps.push({ item: dep, at: inc.path.kind === 'local' ? inc.path.name : inc.path });
      }
    }
    return deps;
  });
}

/** The id of a local interface/world a path names, if it names one of this package. */
function localTarget(
  ctx: PackageContext,
  group: ItemGroup,
  path: UsePathAst,
  kind: 'interface' | 'world',
): number | undefined {
  if (path.kind === 'local') {
    const entry = group.scope.get(path.name.name);
    return entry?.kind === kind && ownedHere(ctx, entry) ? entry.id : undefined;
  }
  if (formatPackageName(path.package) !== ctx.packageName) {
    return undefined;
  }
  const pkg = ctx.resolve.packages[ctx.packageId];
  return (kind === 'interface' ? pkg?.interfaces : pkg?.worlds)?.get(path.name.name);
}

function ownedHere(ctx: PackageContext, entry: ScopeEntry): boolean {
  const owner =
    entry.kind === 'interface' ? ctx.resolve.interfaces[entry.id]?.package : ctx.resolve.worlds[entry.id]?.package;
  return owner === ctx.packageId;
}

function topoSort<T extends Declared<InterfaceAst | WorldAst>>(
  items: readonly T[],
  code: WitErrorCode,
  kind: string,
  verb: string,
  depsOf: (item: T) => { item: T; at: Range }[],
): T[] {
  const state = new Map<number, 'active' | 'done'>();
  const order: T[] = [];
  const visit = (item: T, path: T[]): void => {
    state.set(item.id, 'active');
    for (const dep of depsOf(item)) {
      const current = state.get(dep.item.id);
      if (current === 'active') {
        const cycle = [...path.slice(path.indexOf(dep.item)), item, dep.item]
          .map((i) => `\`${i.ast.name.name}\``)
          .join(` ${verb} `);
        throw errorAt(
          code,
          item.group.source,
          dep.at,
          `${kind}s depend on each other in a cycle (${cycle}); expected ${kind}s whose \`${verb === 'uses' ? 'use' : 'include'}\`s do not form a cycle`,
        );
      }
      if (current === undefined) {
        visit(dep.item, [...path, item]);
      }
    }
    state.set(item.id, 'done');
    order.push(item);
  };
  for (const item of items) {
    if (!state.has(item.id)) {
      visit(item, []);
    }
  }
  return order;
}
