/**
 * Encoding a resolved WIT package as a binary WIT package: the component
 * whose exports are one component type per interface and per world, the form
 * `wasm-tools component wit --wasm` writes and every component-model tool
 * reads. An interface becomes a component type that imports the interfaces
 * it uses and exports the interface as an instance; a world becomes a
 * component type exporting the world's own component type. Docs and feature
 * gates go to the `package-docs` custom section.
 *
 * The imported interfaces carry their functions as well as their types, so a
 * binary package describes its dependencies as far as it uses them without
 * their sources.
 */
import { ValtypeEncoder, type Frame } from './valtypes.js';
import { TypeScope } from './scope.js';
import { ByteWriter, COMPONENT_PREAMBLE, Section, SortByte } from './writer.js';
import {
  formatPackageName,
  interfaceFullName,
  type InterfaceId,
  type PackageId,
  type Resolve,
  type WorldId,
  type WorldItem,
} from '../model.js';
import { encodePackageDocs, PACKAGE_DOCS_SECTION } from '../package-docs.js';

const NO_OWNER = { tag: 'none' } as const;

/** An encoder that imports an interface (all its types and functions) the first time a type of it is used. */
function newEncoder(resolve: Resolve): ValtypeEncoder {
  const encoder: ValtypeEncoder = new ValtypeEncoder(resolve, (frame, id) => {
    const type = encodeInstance(resolve, encoder, frame, id);
    const instance = frame.scope.importInstance(interfaceFullName(resolve, id), type);
    frame.scope.instances.set(id, instance);
    return instance;
  });
  return encoder;
}

/** The instance type of interface `id` (types, then functions), defined in `parent`'s scope. */
function encodeInstance(resolve: Resolve, encoder: ValtypeEncoder, parent: Frame, id: InterfaceId): number {
  const iface = resolve.interfaces[id];
  if (iface === undefined) {
    throw new Error(`interface ${id} is not in the model`);
  }
  const scope = new TypeScope('instance', parent.scope);
  const frame: Frame = { scope, owner: { tag: 'interface', id }, parent };
  for (const type of iface.types.values()) {
    encoder.typeIndex(frame, type);
  }
  for (const func of iface.functions.values()) {
    scope.exportFunc(func.name, encoder.funcType(frame, func));
  }
  return parent.scope.defineType(scope.encode());
}

function interfaceComponent(resolve: Resolve, id: InterfaceId): ByteWriter {
  const encoder = newEncoder(resolve);
  const scope = new TypeScope('component', null);
  const frame: Frame = { scope, owner: NO_OWNER, parent: null };
  scope.exportInstance(interfaceFullName(resolve, id), encodeInstance(resolve, encoder, frame, id));
  return scope.encode();
}

/** The import or export name of a world's interface item, and the interface a plain name stands for. */
function itemName(resolve: Resolve, key: string, item: WorldItem & { tag: 'interface' }): [string, string | undefined] {
  if (!item.named) {
    return [interfaceFullName(resolve, item.id), undefined];
  }
  const named = resolve.interfaces[item.id]?.name !== null;
  return [key, named ? interfaceFullName(resolve, item.id) : undefined];
}

function worldComponent(resolve: Resolve, id: WorldId, fullName: string): ByteWriter {
  const world = resolve.worlds[id];
  if (world === undefined) {
    throw new Error(`world ${id} is not in the model`);
  }
  const encoder = newEncoder(resolve);
  const scope = new TypeScope('component', null);
  const frame: Frame = { scope, owner: { tag: 'world', id }, parent: null };
  for (const [key, item] of world.imports) {
    if (item.tag === 'interface') {
      const type = encodeInstance(resolve, encoder, frame, item.id);
      const [name, implemented] = itemName(resolve, key, item);
      const instance = scope.importInstance(name, type, implemented);
      if (implemented === undefined || !scope.instances.has(item.id)) {
        scope.instances.set(item.id, instance);
      }
    } else if (item.tag === 'function') {
      scope.importFunc(key, encoder.funcType(frame, item.func));
    } else {
      encoder.typeIndex(frame, item.id);
    }
  }
  for (const [key, item] of world.exports) {
    if (item.tag === 'interface') {
      const type = encodeInstance(resolve, encoder, frame, item.id);
      const [name, implemented] = itemName(resolve, key, item);
      const instance = scope.exportInstance(name, type, implemented);
      if (!scope.instances.has(item.id)) {
        scope.instances.set(item.id, instance);
      }
    } else if (item.tag === 'function') {
      scope.exportFunc(key, encoder.funcType(frame, item.func));
    }
  }
  const wrapper = new TypeScope('component', null);
  wrapper.exportComponent(fullName, wrapper.defineType(scope.encode()));
  return wrapper.encode();
}

/** Interfaces this one `use`s types from. */
function usedInterfaces(resolve: Resolve, id: InterfaceId): InterfaceId[] {
  const used: InterfaceId[] = [];
  for (const type of resolve.interfaces[id]?.types.values() ?? []) {
    const kind = resolve.types[type]?.kind;
    if (kind?.tag === 'alias' && kind.target.kind === 'named') {
      const owner = resolve.types[kind.target.id]?.owner;
      if (owner?.tag === 'interface' && owner.id !== id) {
        used.push(owner.id);
      }
    }
  }
  return used;
}

/**
 * The package's interfaces with every interface after those it uses (otherwise
 * in definition order): a reader meets an interface of the package before
 * another one imports it.
 */
function dependencyOrder(resolve: Resolve, interfaces: ReadonlyMap<string, InterfaceId>): [string, InterfaceId][] {
  const names = new Map([...interfaces].map(([name, id]) => [id, name]));
  const order: [string, InterfaceId][] = [];
  const seen = new Set<InterfaceId>();
  const visit = (id: InterfaceId): void => {
    if (seen.has(id)) {
      return;
    }
    seen.add(id);
    usedInterfaces(resolve, id).forEach(visit);
    const name = names.get(id);
    if (name !== undefined) {
      order.push([name, id]);
    }
  };
  interfaces.forEach(visit);
  return order;
}

function section(out: ByteWriter, id: number, body: ByteWriter): void {
  out.u8(id).sized(body);
}

/**
 * Encodes package `id` of `resolve` (the last package, the root, by default)
 * as a binary WIT package.
 *
 * @throws Error when the package has neither interfaces nor worlds (a binary package needs one)
 */
export function encodeWitPackage(resolve: Resolve, id: PackageId = resolve.packages.length - 1): Uint8Array {
  const pkg = resolve.packages[id];
  if (pkg === undefined) {
    throw new Error(`package ${id} is not in the model`);
  }
  const name = formatPackageName(pkg.name);
  const types: ByteWriter[] = [];
  const exported: string[] = [];
  for (const [ifaceName, iface] of dependencyOrder(resolve, pkg.interfaces)) {
    types.push(interfaceComponent(resolve, iface));
    exported.push(ifaceName);
  }
  for (const [worldName, world] of pkg.worlds) {
    const version = pkg.name.version === undefined ? '' : `@${pkg.name.version}`;
    types.push(worldComponent(resolve, world, `${pkg.name.namespace}:${pkg.name.name}/${worldName}${version}`));
    exported.push(worldName);
  }
  if (types.length === 0) {
    throw new Error(`package ${name} has no interfaces or worlds; a binary WIT package needs at least one`);
  }
  const out = new ByteWriter().raw(COMPONENT_PREAMBLE);
  const typeSection = new ByteWriter();
  typeSection.vec(types, (type) => typeSection.append(type));
  section(out, Section.type, typeSection);
  const exportSection = new ByteWriter();
  let index = 0;
  exportSection.vec(exported, (exportName) => {
    exportSection.u8(0x00).name(exportName).u8(SortByte.type).u32(index++).u8(0x00);
  });
  section(out, Section.export, exportSection);
  const docs = new ByteWriter().name(PACKAGE_DOCS_SECTION).raw(encodePackageDocs(resolve, id));
  section(out, Section.custom, docs);
  return out.finish();
}
