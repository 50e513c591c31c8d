/** Printing interface bodies: `use` statements, type definitions (with resources) and functions. */
import { escapeIdentifier } from './keywords.js';
import type { Func, Interface, InterfaceId, PackageId, Resolve, TypeDef, TypeId } from './model.js';
import { formatType } from './format-type.js';
import { funcSignature, interfacePath, type Writer } from './print-writer.js';

/** The body of an interface: `use`s, then type definitions, then functions. */
export function writeInterfaceItems(w: Writer, resolve: Resolve, id: InterfaceId, from: PackageId | null): void {
  const iface = resolve.interfaces[id] as Interface;
  const local: TypeId[] = [];
  const used: TypeId[] = [];
  for (const typeId of iface.types.values()) {
    (usedFrom(resolve, typeId, { tag: 'interface', id }) === undefined ? local : used).push(typeId);
  }
  writeUses(w, resolve, used, from);
  for (const typeId of local) {
    w.gap();
    writeTypeDef(w, resolve, typeId, iface.functions.values());
  }
  for (const func of iface.functions.values()) {
    if (func.kind.tag === 'freestanding') {
      w.gap();
      w.docs(func.docs);
      w.gates(func.stability);
      w.line(`${escapeIdentifier(func.name)}: ${funcSignature(resolve, func)};`);
    }
  }
}

/** The interface a `use` alias brings its type from, or `undefined` for a local definition. */
export function usedFrom(resolve: Resolve, typeId: TypeId, owner: TypeDef['owner']): InterfaceId | undefined {
  const def = resolve.types[typeId];
  if (def?.kind.tag !== 'alias' || def.kind.target.kind !== 'named') {
    return undefined;
  }
  const target = resolve.types[def.kind.target.id]?.owner;
  if (target?.tag !== 'interface' || (owner.tag === 'interface' && owner.id === target.id)) {
    return undefined;
  }
  return target.id;
}

/** Writes `use` statements for aliases of other interfaces' types, grouping those with equal gates and docs. */
export function writeUses(w: Writer, resolve: Resolve, aliases: readonly TypeId[], from: PackageId | null): void {
  const groups = new Map<string, { path: string; def: TypeDef; names: string[] }>();
  for (const typeId of aliases) {
    const def = resolve.types[typeId] as TypeDef;
    const targetId = def.kind.tag === 'alias' && def.kind.target.kind === 'named' ? def.kind.target.id : typeId;
    const target = resolve.types[targetId] as TypeDef;
    const path = interfacePath(resolve, (target.owner as { id: InterfaceId }).id, from);
    const key = JSON.stringify([path, def.stability, def.docs.contents ?? null]);
    const name =
      target.name === def.name
        ? escapeIdentifier(def.name ?? '')
        : `${escapeIdentifier(target.name ?? '')} as ${escapeIdentifier(def.name ?? '')}`;
    const group = groups.get(key) ?? { path, def, names: [] };
    group.names.push(name);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    w.docs(group.def.docs);
    w.gates(group.def.stability);
    w.line(`use ${group.path}.{${group.names.join(', ')}};`);
  }
}

/** Writes one type definition; a resource gets its functions from `functions` (those of its container). */
export function writeTypeDef(w: Writer, resolve: Resolve, typeId: TypeId, functions: Iterable<Func>): void {
  const def = resolve.types[typeId] as TypeDef;
  const name = escapeIdentifier(def.name ?? '');
  w.docs(def.docs);
  w.gates(def.stability);
  const kind = def.kind;
  switch (kind.tag) {
    case 'alias':
      w.line(`type ${name} = ${formatType(resolve, kind.target)};`);
      return;
    case 'resource':
      writeResource(w, resolve, typeId, name, functions);
      return;
    case 'record':
      writeBlock(
        w,
        `record ${name}`,
        kind.fields.map((f) => ({ docs: f.docs, text: `${escapeIdentifier(f.name)}: ${formatType(resolve, f.type)}` })),
      );
      return;
    case 'variant':
      writeBlock(
        w,
        `variant ${name}`,
        kind.cases.map((c) => ({
          docs: c.docs,
          text:
            c.type === null ? escapeIdentifier(c.name) : `${escapeIdentifier(c.name)}(${formatType(resolve, c.type)})`,
        })),
      );
      return;
    case 'enum':
      writeBlock(
        w,
        `enum ${name}`,
        kind.cases.map((c) => ({ docs: c.docs, text: escapeIdentifier(c.name) })),
      );
      return;
    case 'flags':
      writeBlock(
        w,
        `flags ${name}`,
        kind.flags.map((f) => ({ docs: f.docs, text: escapeIdentifier(f.name) })),
      );
      return;
  }
}

function writeBlock(
  w: Writer,
  head: string,
  entries: readonly { docs: { contents?: string | undefined }; text: string }[],
): void {
  if (entries.length === 0) {
    w.line(`${head} {}`);
    return;
  }
  w.open(head);
  for (const entry of entries) {
    w.docs(entry.docs);
    w.line(`${entry.text},`);
  }
  w.close();
}

function writeResource(w: Writer, resolve: Resolve, typeId: TypeId, name: string, functions: Iterable<Func>): void {
  const funcs = [...functions].filter((f) => f.kind.tag !== 'freestanding' && f.kind.resource === typeId);
  if (funcs.length === 0) {
    w.line(`resource ${name};`);
    return;
  }
  w.open(`resource ${name}`);
  for (const func of funcs) {
    w.docs(func.docs);
    w.gates(func.stability);
    const short = escapeIdentifier(func.name.slice(func.name.indexOf('.') + 1));
    if (func.kind.tag === 'constructor') {
      const implicit = func.result?.kind === 'named' && func.result.id === typeId;
      w.line(`constructor${funcSignature(resolve, func, 0, implicit).slice('func'.length)};`);
    } else if (func.kind.tag === 'method') {
      w.line(`${short}: ${funcSignature(resolve, func, 1)};`);
    } else {
      w.line(`${short}: static ${funcSignature(resolve, func)};`);
    }
  }
  w.close();
}
