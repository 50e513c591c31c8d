/**
 * World elaboration: merging `include`d worlds, and adding the interfaces that
 * imports and exports depend on (through `use`) as implied imports.
 */
import type { Ident, UsePathAst } from './ast.js';
import { WitErrorCode } from './errors.js';
import {
  interfaceFullName,
  type InterfaceId,
  type Resolve,
  type Type,
  type TypeDef,
  type TypeId,
  type World,
  type WorldItem,
} from './model.js';
import { errorAt, type ItemGroup } from './resolve-context.js';
import { forEachNamed } from './resolve-type.js';

export interface IncludeSite {
  readonly world: World;
  readonly worldName: string;
  readonly path: UsePathAst;
  readonly renames: readonly { readonly from: Ident; readonly to: Ident }[];
}

/** Merges the imports and exports of an included world into `imports` / `exports`. */
export function mergeInclude(
  group: ItemGroup,
  target: string,
  site: IncludeSite,
  imports: Map<string, WorldItem>,
  exports: Map<string, WorldItem>,
): void {
  const renames = new Map<string, string>();
  for (const { from, to } of site.renames) {
    const inWorld = site.world.imports.get(from.name) ?? site.world.exports.get(from.name);
    if (inWorld === undefined || isInterfaceKey(from.name)) {
      const plain = [...site.world.imports.keys(), ...site.world.exports.keys()].filter((k) => !isInterfaceKey(k));
      const expected =
        plain.length === 0
          ? `world \`${site.worldName}\` has no plain-named items to rename`
          : `expected one of ${plain
              .slice(0, 12)
              .map((k) => `\`${k}\``)
              .join(', ')}`;
      throw errorAt(
        WitErrorCode.unknownName,
        group.source,
        from,
        `world \`${site.worldName}\` has no plain-named import or export \`${from.name}\` (interfaces imported by path cannot be renamed); ${expected}`,
      );
    }
    renames.set(from.name, to.name);
  }
  merge(group, target, site, site.world.imports, imports, renames, 'import');
  merge(group, target, site, site.world.exports, exports, renames, 'export');
}

function merge(
  group: ItemGroup,
  target: string,
  site: IncludeSite,
  from: ReadonlyMap<string, WorldItem>,
  into: Map<string, WorldItem>,
  renames: ReadonlyMap<string, string>,
  what: string,
): void {
  for (const [key, item] of from) {
    if (isInterfaceKey(key)) {
      if (!into.has(key)) {
        into.set(key, item);
      }
      continue;
    }
    const name = renames.get(key) ?? key;
    if (into.has(name)) {
      throw errorAt(
        WitErrorCode.worldConflict,
        group.source,
        site.path.kind === 'local' ? site.path.name : site.path,
        `${what} \`${name}\` of included world \`${site.worldName}\` clashes with ${what} \`${name}\` already in world \`${target}\`; expected unique names (rename it with \`include ${site.worldName} with { ${name} as new-name }\`)`,
      );
    }
    into.set(name, item);
  }
}

/** World keys of interfaces imported by path contain `:` (`ns:pkg/ifc`); plain names never do. */
export function isInterfaceKey(key: string): boolean {
  return key.includes(':');
}

/** Interfaces whose types `id` uses, each after the interfaces it depends on. */
export class Dependencies {
  private readonly memo = new Map<InterfaceId, InterfaceId[]>();

  constructor(private readonly resolve: Resolve) {}

  /** Transitive dependencies of an interface, dependencies first (not including itself). */
  ofInterface(id: InterfaceId): InterfaceId[] {
    const known = this.memo.get(id);
    if (known !== undefined) {
      return known;
    }
    const order: InterfaceId[] = [];
    const seen = new Set<InterfaceId>([id]);
    for (const typeId of this.resolve.interfaces[id]?.types.values() ?? []) {
      this.addTypeDeps(typeId, id, order, seen);
    }
    this.memo.set(id, order);
    return order;
  }

  /** Interfaces whose types `id` uses directly (through `use`), in the order of its types. */
  direct(id: InterfaceId): InterfaceId[] {
    const result: InterfaceId[] = [];
    for (const typeId of this.resolve.interfaces[id]?.types.values() ?? []) {
      const def = this.resolve.types[typeId];
      if (def?.kind.tag !== 'alias' || def.kind.target.kind !== 'named') {
        continue;
      }
      const owner = this.resolve.types[def.kind.target.id]?.owner;
      if (owner?.tag === 'interface' && owner.id !== id && !result.includes(owner.id)) {
        result.push(owner.id);
      }
    }
    return result;
  }

  /** Interfaces a world item needs imported before it. */
  ofItem(item: WorldItem): InterfaceId[] {
    if (item.tag === 'interface') {
      return this.ofInterface(item.id);
    }
    const order: InterfaceId[] = [];
    const seen = new Set<InterfaceId>();
    const types: TypeId[] = [];
    if (item.tag === 'type') {
      types.push(item.id);
    } else {
      const collect = (type: Type | null): void => forEachNamed(type, (id) => void types.push(id));
      item.func.params.forEach((p) => collect(p.type));
      collect(item.func.result);
    }
    for (const typeId of types) {
      this.addTypeDeps(typeId, undefined, order, seen);
    }
    return order;
  }

  private addTypeDeps(
    typeId: TypeId,
    self: InterfaceId | undefined,
    order: InterfaceId[],
    seen: Set<InterfaceId>,
  ): void {
    const def = this.resolve.types[typeId];
    if (def?.kind.tag !== 'alias' || def.kind.target.kind !== 'named') {
      return;
    }
    const owner = this.resolve.types[def.kind.target.id]?.owner;
    if (owner?.tag !== 'interface' || owner.id === self || seen.has(owner.id)) {
      return;
    }
    seen.add(owner.id);
    for (const dep of this.ofInterface(owner.id)) {
      if (!seen.has(dep)) {
        seen.add(dep);
        order.push(dep);
      }
    }
    order.push(owner.id);
  }
}

/**
 * Adds implied imports: what each import needs first, and what exports need
 * that is not exported. Like wasm-tools, the imports are kept grouped by
 * {@link importClass} (a stable sort before and after adding the implied
 * ones), so a world lists its items in the order a component built from it has.
 */
export function elaborate(
  resolve: Resolve,
  imports: ReadonlyMap<string, WorldItem>,
  exports: ReadonlyMap<string, WorldItem>,
): Map<string, WorldItem> {
  const deps = new Dependencies(resolve);
  const result = new Map<string, WorldItem>();
  const add = (key: string, item: WorldItem): void => {
    if (result.has(key)) {
      return;
    }
    for (const dep of deps.ofItem(item)) {
      const depKey = interfaceFullName(resolve, dep);
      if (!result.has(depKey)) {
        result.set(depKey, imports.get(depKey) ?? implied(dep));
      }
    }
    result.set(key, item);
  };
  for (const [key, item] of byClass(resolve, imports)) {
    add(key, item);
  }
  for (const item of exports.values()) {
    for (const dep of deps.ofItem(item)) {
      const depKey = interfaceFullName(resolve, dep);
      if (!exports.has(depKey)) {
        add(depKey, imports.get(depKey) ?? implied(dep));
      }
    }
  }
  return new Map(byClass(resolve, result));
}

/**
 * The order wasm-tools gives a world's exports: functions first, then
 * interfaces, each after the exported interfaces it depends on.
 */
export function orderExports(resolve: Resolve, exports: ReadonlyMap<string, WorldItem>): Map<string, WorldItem> {
  const deps = new Dependencies(resolve);
  const result = new Map<string, WorldItem>([...exports].filter(([, item]) => item.tag !== 'interface'));
  const keyOf = new Map<InterfaceId, string>();
  for (const [key, item] of exports) {
    if (item.tag === 'interface') {
      keyOf.set(item.id, key);
    }
  }
  for (const [key, item] of exports) {
    if (item.tag !== 'interface') {
      continue;
    }
    for (const dep of deps.ofInterface(item.id)) {
      const depKey = keyOf.get(dep);
      if (depKey !== undefined && !result.has(depKey)) {
        result.set(depKey, exports.get(depKey) as WorldItem);
      }
    }
    result.set(key, item);
  }
  return result;
}

/**
 * The class of a world import, as wasm-tools orders them: interfaces (0),
 * types brought in from interfaces (1), types defined in the world (2),
 * freestanding functions (3), functions of the world's resources (4).
 */
export function importClass(resolve: Resolve, item: WorldItem): number {
  switch (item.tag) {
    case 'interface':
      return 0;
    case 'type': {
      const def = resolve.types[item.id];
      const target =
        def?.kind.tag === 'alias' && def.kind.target.kind === 'named' ? resolve.types[def.kind.target.id] : undefined;
      return target !== undefined && !sameOwner(target.owner, def?.owner) ? 1 : 2;
    }
    case 'function':
      return item.func.kind.tag === 'freestanding' ? 3 : 4;
  }
}

function sameOwner(a: TypeDef['owner'], b: TypeDef['owner'] | undefined): boolean {
  return b !== undefined && a.tag === b.tag && (a.tag === 'none' || (b.tag !== 'none' && a.id === b.id));
}

/** The entries sorted by {@link importClass} (stable: the order within a class is kept). */
function byClass(resolve: Resolve, items: ReadonlyMap<string, WorldItem>): [string, WorldItem][] {
  return [...items].sort(([, a], [, b]) => importClass(resolve, a) - importClass(resolve, b));
}

function implied(id: InterfaceId): WorldItem {
  return { tag: 'interface', id, named: false, stability: { tag: 'unknown' } };
}

/** An exported interface that would need an imported interface depending on an exported one. */
export interface ExportConflict {
  /** World key of the export being added when the conflict was found. */
  readonly key: string;
  /** Full names from an exported interface, through imported ones, to the exported interface they use. */
  readonly chain: readonly string[];
}

/**
 * Checks what wasm-tools checks when it elaborates a world's exports: the
 * interfaces an exported interface uses are exported too or imported, and an
 * imported one may not use an exported one (the component would see two
 * copies of it, one imported and one exported).
 */
export function exportConflict(resolve: Resolve, exports: ReadonlyMap<string, WorldItem>): ExportConflict | undefined {
  const deps = new Dependencies(resolve);
  const exported = new Map<InterfaceId, string>();
  for (const [key, item] of exports) {
    if (item.tag === 'interface') {
      exported.set(item.id, key);
    }
  }
  const done = new Set<string>();
  const requiredBy = new Map<InterfaceId, readonly InterfaceId[]>();
  let chain: readonly InterfaceId[] = [];
  const add = (id: InterfaceId, key: string, asExport: boolean, path: readonly InterfaceId[]): boolean => {
    const here = [...path, id];
    if (done.has(key)) {
      chain = here;
      return asExport;
    }
    if (!asExport && requiredBy.has(id)) {
      return true;
    }
    for (const dep of deps.direct(id)) {
      if (!add(dep, interfaceFullName(resolve, dep), asExport && exported.has(dep), here)) {
        return false;
      }
    }
    if (asExport) {
      const required = requiredBy.get(id);
      if (required !== undefined) {
        chain = required;
        return false;
      }
      done.add(key);
    } else {
      requiredBy.set(id, here);
    }
    return true;
  };
  for (const [id, key] of exported) {
    if (!add(id, key, true, [])) {
      // From the last export before the first import on the way.
      const firstImport = chain.findIndex((dep, i) => i > 0 && !exported.has(dep));
      const from = chain.slice(Math.max(0, firstImport - 1));
      return { key, chain: from.map((dep) => nameOf(resolve, dep, exported)) };
    }
  }
  return undefined;
}

function nameOf(resolve: Resolve, id: InterfaceId, exported: ReadonlyMap<InterfaceId, string>): string {
  return resolve.interfaces[id]?.name === null
    ? (exported.get(id) ?? 'an inline interface')
    : interfaceFullName(resolve, id);
}
