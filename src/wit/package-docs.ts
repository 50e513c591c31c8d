/**
 * The `package-docs` custom section of a binary WIT package: the docs and the
 * feature gates (`@since`, `@unstable`, `@deprecated`) the component-model
 * types cannot carry. One version byte (1), then JSON in the shape the
 * reference toolchain writes, so its tools and obelisk read each other's.
 */
import type {
  Docs,
  Func,
  Interface,
  InterfaceId,
  PackageId,
  Resolve,
  Stability,
  TypeDef,
  TypeId,
  World,
} from './model.js';

export const PACKAGE_DOCS_SECTION = 'package-docs';
const VERSION = 1;

type StabilityJson =
  | 'unknown'
  | { stable: { since: string; deprecated?: string } }
  | { unstable: { feature: string; deprecated?: string } };

interface ItemJson {
  docs?: string;
  stability?: StabilityJson;
}
interface TypeJson extends ItemJson {
  items?: Record<string, string>;
}
interface InterfaceJson extends ItemJson {
  funcs?: Record<string, ItemJson>;
  types?: Record<string, TypeJson>;
}
interface WorldJson extends ItemJson {
  interfaces?: Record<string, InterfaceJson>;
  types?: Record<string, TypeJson>;
  funcs?: Record<string, ItemJson>;
  interface_exports?: Record<string, InterfaceJson>;
  func_exports?: Record<string, ItemJson>;
  interface_import_stability?: Record<string, StabilityJson>;
  interface_export_stability?: Record<string, StabilityJson>;
}
interface PackageJson {
  package?: string;
  docs?: string;
  worlds?: Record<string, WorldJson>;
  interfaces?: Record<string, InterfaceJson>;
}

function stabilityJson(stability: Stability): StabilityJson | undefined {
  const deprecated =
    stability.tag === 'unknown' || stability.deprecated === undefined ? {} : { deprecated: stability.deprecated };
  switch (stability.tag) {
    case 'unknown':
      return undefined;
    case 'stable':
      return { stable: { since: stability.since, ...deprecated } };
    case 'unstable':
      return { unstable: { feature: stability.feature, ...deprecated } };
  }
}

function parseStability(json: StabilityJson | undefined): Stability {
  if (json === undefined || json === 'unknown') {
    return { tag: 'unknown' };
  }
  if ('stable' in json) {
    return { tag: 'stable', since: json.stable.since, deprecated: json.stable.deprecated };
  }
  return { tag: 'unstable', feature: json.unstable.feature, deprecated: json.unstable.deprecated };
}

/** Drops `undefined` members and empty maps; `undefined` when nothing is left. */
function compact<T extends object>(value: T): T | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value) as [string, unknown][]) {
    if (member !== undefined && !(typeof member === 'object' && member !== null && Object.keys(member).length === 0)) {
      out[key] = member;
    }
  }
  return Object.keys(out).length === 0 ? undefined : (out as T);
}

function record<V>(entries: Iterable<[string, V | undefined]>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [key, value] of entries) {
    if (value !== undefined) {
      out[key] = value;
    }
  }
  return out;
}

function itemJson(docs: Docs, stability: Stability): ItemJson | undefined {
  return compact({ docs: docs.contents, stability: stabilityJson(stability) });
}

function typeJson(def: TypeDef): TypeJson | undefined {
  const kind = def.kind;
  const members =
    kind.tag === 'record'
      ? kind.fields
      : kind.tag === 'variant' || kind.tag === 'enum'
        ? kind.cases
        : kind.tag === 'flags'
          ? kind.flags
          : [];
  const items = record(members.map((m) => [m.name, m.docs.contents]));
  return compact({ docs: def.docs.contents, stability: stabilityJson(def.stability), items });
}

function interfaceJson(resolve: Resolve, iface: Interface): InterfaceJson | undefined {
  return compact({
    docs: iface.docs.contents,
    stability: stabilityJson(iface.stability),
    funcs: record([...iface.functions].map(([name, f]) => [name, itemJson(f.docs, f.stability)])),
    types: record([...iface.types].map(([name, id]) => [name, typeJson(resolve.types[id] as TypeDef)])),
  });
}

function worldJson(resolve: Resolve, world: World): WorldJson | undefined {
  const json: Required<Omit<WorldJson, 'docs' | 'stability'>> = {
    interfaces: {},
    types: {},
    funcs: {},
    interface_exports: {},
    func_exports: {},
    interface_import_stability: {},
    interface_export_stability: {},
  };
  for (const [items, imported] of [
    [world.imports, true],
    [world.exports, false],
  ] as const) {
    for (const [key, item] of items) {
      if (item.tag === 'interface') {
        const iface = resolve.interfaces[item.id] as Interface;
        if (iface.name !== null) {
          const stability = stabilityJson(item.stability);
          if (stability !== undefined) {
            (imported ? json.interface_import_stability : json.interface_export_stability)[key] = stability;
          }
        } else {
          const data = interfaceJson(resolve, iface);
          if (data !== undefined) {
            (imported ? json.interfaces : json.interface_exports)[key] = data;
          }
        }
      } else if (item.tag === 'function') {
        const data = itemJson(item.func.docs, item.func.stability);
        if (data !== undefined) {
          (imported ? json.funcs : json.func_exports)[key] = data;
        }
      } else {
        const data = typeJson(resolve.types[item.id] as TypeDef);
        if (data !== undefined) {
          json.types[key] = data;
        }
      }
    }
  }
  return compact({ docs: world.docs.contents, stability: stabilityJson(world.stability), ...json });
}

/** The section's bytes for package `id` of `resolve`. */
export function encodePackageDocs(resolve: Resolve, id: PackageId): Uint8Array {
  const pkg = resolve.packages[id];
  if (pkg === undefined) {
    throw new Error(`package ${id} is not in the model`);
  }
  // No `package` member: readers that predate it reject unknown members.
  const json: PackageJson = {
    ...compact({
      docs: pkg.docs.contents,
      worlds: record([...pkg.worlds].map(([n, w]) => [n, worldJson(resolve, resolve.worlds[w] as World)])),
      interfaces: record(
        [...pkg.interfaces].map(([n, i]) => [n, interfaceJson(resolve, resolve.interfaces[i] as Interface)]),
      ),
    }),
  };
  const text = new TextEncoder().encode(JSON.stringify(json));
  const out = new Uint8Array(text.length + 1);
  out[0] = VERSION;
  out.set(text, 1);
  return out;
}

/** Parses the section; `undefined` for a version or JSON this reader does not know (docs are optional). */
export function decodePackageDocs(bytes: Uint8Array): PackageJson | undefined {
  if (bytes.length === 0 || (bytes[0] !== 0 && bytes[0] !== VERSION)) {
    return undefined;
  }
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(bytes.subarray(1)));
    return typeof json === 'object' && json !== null ? json : undefined;
  } catch {
    return undefined;
  }
}

function withItem<T extends { docs: Docs; stability: Stability }>(item: T, json: ItemJson | undefined): T {
  return json === undefined
    ? item
    : { ...item, docs: { contents: json.docs }, stability: parseStability(json.stability) };
}

function applyType(resolve: Resolve, id: TypeId, json: TypeJson): void {
  const def = resolve.types[id] as TypeDef;
  const items = json.items ?? {};
  const docs = <M extends { name: string; docs: Docs }>(m: M): M =>
    items[m.name] === undefined ? m : { ...m, docs: { contents: items[m.name] } };
  const kind = def.kind;
  const next =
    kind.tag === 'record'
      ? { ...kind, fields: kind.fields.map(docs) }
      : kind.tag === 'variant'
        ? { ...kind, cases: kind.cases.map(docs) }
        : kind.tag === 'enum'
          ? { ...kind, cases: kind.cases.map(docs) }
          : kind.tag === 'flags'
            ? { ...kind, flags: kind.flags.map(docs) }
            : kind;
  resolve.types[id] = withItem({ ...def, kind: next }, json);
}

function applyFuncs(functions: Map<string, Func>, json: Record<string, ItemJson> | undefined): void {
  for (const [name, data] of Object.entries(json ?? {})) {
    const func = functions.get(name);
    if (func !== undefined) {
      functions.set(name, withItem(func, data));
    }
  }
}

function applyInterface(resolve: Resolve, id: InterfaceId, json: InterfaceJson): void {
  const iface = resolve.interfaces[id] as Interface;
  for (const [name, data] of Object.entries(json.types ?? {})) {
    const type = iface.types.get(name);
    if (type !== undefined) {
      applyType(resolve, type, data);
    }
  }
  applyFuncs(iface.functions, json.funcs);
  resolve.interfaces[id] = withItem(iface, json);
}

function applyWorld(resolve: Resolve, id: number, json: WorldJson): void {
  const world = resolve.worlds[id] as World;
  const sides = [
    [world.imports, json.interfaces, json.funcs, json.interface_import_stability],
    [world.exports, json.interface_exports, json.func_exports, json.interface_export_stability],
  ] as const;
  for (const [items, named, funcs, stabilities] of sides) {
    const map = items;
    for (const [key, item] of map) {
      if (item.tag === 'interface') {
        const data = named?.[key] ?? (items === world.exports ? json.interfaces?.[key] : undefined);
        if (data !== undefined) {
          applyInterface(resolve, item.id, data);
          map.set(key, { ...item, stability: parseStability(data.stability) });
        } else if (stabilities?.[key] !== undefined) {
          map.set(key, { ...item, stability: parseStability(stabilities[key]) });
        }
      } else if (item.tag === 'function' && funcs?.[key] !== undefined) {
        map.set(key, { ...item, func: withItem(item.func, funcs[key]) });
      } else if (item.tag === 'type' && json.types?.[key] !== undefined) {
        applyType(resolve, item.id, json.types[key]);
      }
    }
  }
  resolve.worlds[id] = withItem(world, json);
}

/** Puts the docs and gates of a decoded `package-docs` section onto package `id`. */
export function applyPackageDocs(resolve: Resolve, id: PackageId, json: PackageJson): void {
  const pkg = resolve.packages[id];
  if (pkg === undefined) {
    return;
  }
  for (const [name, data] of Object.entries(json.interfaces ?? {})) {
    const iface = pkg.interfaces.get(name);
    if (iface !== undefined) {
      applyInterface(resolve, iface, data);
    }
  }
  for (const [name, data] of Object.entries(json.worlds ?? {})) {
    const world = pkg.worlds.get(name);
    if (world !== undefined) {
      applyWorld(resolve, world, data);
    }
  }
  if (json.docs !== undefined) {
    resolve.packages[id] = { ...pkg, docs: { contents: json.docs } };
  }
}
