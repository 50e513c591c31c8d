/** Printing worlds: `include`s, then the imports and exports they do not already bring in. */
import { isInterfaceKey } from './elaborate.js';
import { escapeIdentifier } from './keywords.js';
import type { PackageId, Resolve, Stability, TypeId, World, WorldId, WorldItem } from './model.js';
import { usedFrom, writeInterfaceItems, writeTypeDef, writeUses } from './print-items.js';
import { funcSignature, interfacePath, type Writer } from './print-writer.js';

/** Writes world `id` of package `from`. */
export function printWorld(w: Writer, resolve: Resolve, id: WorldId, from: PackageId): void {
  const world = resolve.worlds[id] as World;
  w.docs(world.docs);
  w.gates(world.stability);
  w.open(`world ${escapeIdentifier(world.name)}`);
  const fromIncludes = contributed(resolve, world);
  for (const include of world.includes) {
    const included = resolve.worlds[include.world] as World;
    w.gates(include.stability);
    const path = worldPath(resolve, included, from);
    if (include.with.length === 0) {
      w.line(`include ${path};`);
    } else {
      w.line(
        `include ${path} with { ${include.with.map((r) => `${escapeIdentifier(r.from)} as ${escapeIdentifier(r.to)}`).join(', ')} }`,
      );
    }
  }
  const used: TypeId[] = [];
  const local: TypeId[] = [];
  for (const [key, item] of world.imports) {
    if (item.tag === 'type' && !sameItem(fromIncludes.imports.get(key), item)) {
      (usedFrom(resolve, item.id, { tag: 'world', id }) === undefined ? local : used).push(item.id);
    }
  }
  writeUses(w, resolve, used, from);
  // The functions of the world's own resources are written inside them, not as `import`s.
  const resourceFuncs = [...world.imports.values()].flatMap((item) =>
    item.tag === 'function' && item.func.kind.tag !== 'freestanding' && local.includes(item.func.kind.resource)
      ? [item.func]
      : [],
  );
  for (const typeId of local) {
    writeTypeDef(w, resolve, typeId, resourceFuncs);
  }
  const written = new Set(resourceFuncs);
  const rest = new Map([...world.imports].filter(([, item]) => item.tag !== 'function' || !written.has(item.func)));
  writeItems(w, resolve, rest, fromIncludes.imports, 'import', from);
  writeItems(w, resolve, world.exports, fromIncludes.exports, 'export', from);
  w.close();
}

function writeItems(
  w: Writer,
  resolve: Resolve,
  items: ReadonlyMap<string, WorldItem>,
  skip: ReadonlyMap<string, WorldItem>,
  verb: string,
  from: PackageId,
): void {
  for (const [key, item] of items) {
    if (item.tag === 'type' || sameItem(skip.get(key), item)) {
      continue;
    }
    if (item.tag === 'function') {
      w.docs(item.func.docs);
      w.gates(item.func.stability);
      w.line(`${verb} ${escapeIdentifier(key)}: ${funcSignature(resolve, item.func)};`);
      continue;
    }
    const iface = resolve.interfaces[item.id];
    const inline = item.named && iface !== undefined && iface.name === null;
    if (inline) {
      w.docs(iface.docs);
    }
    w.gates(item.stability);
    if (!item.named) {
      w.line(`${verb} ${interfacePath(resolve, item.id, from)};`);
    } else if (iface?.name !== null && iface !== undefined) {
      w.line(`${verb} ${escapeIdentifier(key)}: ${interfacePath(resolve, item.id, from)};`);
    } else {
      w.open(`${verb} ${escapeIdentifier(key)}: interface`);
      writeInterfaceItems(w, resolve, item.id, from);
      w.close();
    }
  }
}

function worldPath(resolve: Resolve, world: World, from: PackageId): string {
  if (world.package === from) {
    return escapeIdentifier(world.name);
  }
  const pkg = resolve.packages[world.package];
  if (pkg === undefined) {
    throw new Error(`world ${world.name} refers to a missing package`);
  }
  const base = `${escapeIdentifier(pkg.name.namespace)}:${escapeIdentifier(pkg.name.name)}/${escapeIdentifier(world.name)}`;
  return pkg.name.version === undefined ? base : `${base}@${pkg.name.version}`;
}

/** The items a world's `include`s bring in, under the keys they get after renames. */
function contributed(
  resolve: Resolve,
  world: World,
): { imports: Map<string, WorldItem>; exports: Map<string, WorldItem> } {
  const imports = new Map<string, WorldItem>();
  const exports = new Map<string, WorldItem>();
  for (const include of world.includes) {
    const included = resolve.worlds[include.world];
    if (included === undefined) {
      continue;
    }
    const renames = new Map(include.with.map((r) => [r.from, r.to]));
    const add = (from: ReadonlyMap<string, WorldItem>, into: Map<string, WorldItem>): void => {
      for (const [key, item] of from) {
        const name = isInterfaceKey(key) ? key : (renames.get(key) ?? key);
        if (!into.has(name)) {
          into.set(name, item);
        }
      }
    };
    add(included.imports, imports);
    add(included.exports, exports);
  }
  return { imports, exports };
}

/** True when an include would bring in exactly this item (so it need not be written). */
function sameItem(a: WorldItem | undefined, b: WorldItem): boolean {
  if (a === undefined || a.tag !== b.tag) {
    return false;
  }
  if (a.tag === 'interface' && b.tag === 'interface') {
    return a.id === b.id && a.named === b.named && sameStability(a.stability, b.stability);
  }
  if (a.tag === 'function' && b.tag === 'function') {
    return a.func === b.func;
  }
  return a.tag === 'type' && b.tag === 'type' && a.id === b.id;
}

function sameStability(a: Stability, b: Stability): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
