/**
 * Building the resolved WIT model of a decoded component: package
 * `root:component` with world `root` whose imports and exports are the
 * component's, and every imported or exported interface in its own package,
 * as wasm-tools names them when it turns a component back into WIT.
 */
import type { ComponentBody, ComponentItem } from './component.js';
import { DecodeErrorCode, fail } from './errors.js';
import { type InterfaceName, parseExternName, parseFuncName } from './names.js';
import { assemble, type InterfaceDraft, type PackageDraft, type WorldDraft } from './assemble.js';
import { TypeConverter } from './to-types.js';
import type { Entity, FuncT, InstT } from './types.js';
import type { Func, FuncKind, PackageName, Resolve, TypeId, WorldItem } from '../model.js';

const UNKNOWN = { tag: 'unknown' } as const;

/** What is left to do for an item once every type is declared: its functions. */
type Deferred = () => void;

const NOTHING: Deferred = () => undefined;

export class ModelBuilder {
  readonly types = new TypeConverter();
  readonly packages = new Map<string, PackageDraft>();
  readonly interfaces: InterfaceDraft[] = [];
  readonly worlds: WorldDraft[] = [];

  /** A new world of package `packageKey` (`null`: the `root:component` package). */
  newWorld(name: string, packageKey: string | null): WorldDraft {
    const world: WorldDraft = { name, packageKey, imports: new Map(), exports: new Map(), types: new Map() };
    this.worlds.push(world);
    return world;
  }

  /** Adds an import or export to `world` and declares its types. */
  declare(item: ComponentItem, world: WorldDraft, side: 'imports' | 'exports'): Deferred {
    const target = world[side];
    const name = parseExternName(item.name, item.offset);
    const entity = item.entity;
    if (name.kind !== 'plain' && entity.sort !== 'instance') {
      fail(DecodeErrorCode.unsupported, item.offset, `"${item.name}" names an interface but is a ${entity.sort}`);
    }
    if (entity.sort !== 'instance') {
      return this.worldItem(item, name.kind === 'plain' ? name.name : item.name, entity, world, target);
    }
    const id = name.kind === 'plain' ? this.newInterface(null, null) : this.namedInterface(name.name);
    const key = name.kind === 'plain' ? name.name : name.kind === 'implements' ? name.label : name.name.full;
    target.set(key, { tag: 'interface', id, named: name.kind !== 'interface', stability: UNKNOWN });
    this.declareTypes(id, entity.type);
    return () => this.addFunctions(id, entity.type, item.offset);
  }

  private worldItem(
    item: ComponentItem,
    name: string,
    entity: Entity,
    world: WorldDraft,
    target: Map<string, WorldItem>,
  ): Deferred {
    if (entity.sort === 'func') {
      const key = parseFuncName(name).name;
      // Keep the item's place in the world's order; the function is converted later.
      target.set(key, { tag: 'type', id: -1 });
      return () => target.set(key, { tag: 'function', func: this.func(name, entity.type, world.types, item.offset) });
    }
    if (entity.sort === 'type' && entity.type.k === 'named') {
      target.set(name, {
        tag: 'type',
        id: this.types.declare(entity.type, { tag: 'world', id: this.worlds.indexOf(world) }, world.types),
      });
      return NOTHING;
    }
    return fail(
      DecodeErrorCode.unsupported,
      item.offset,
      `"${item.name}": a ${entity.sort} import or export has no WIT equivalent`,
    );
  }

  private newInterface(name: string | null, packageKey: string | null): number {
    this.interfaces.push({ name, packageKey, types: new Map(), functions: new Map() });
    return this.interfaces.length - 1;
  }

  /** The interface named `name` (created in its package on first use). */
  namedInterface(name: InterfaceName): number {
    const key = `${name.package.namespace}:${name.package.name}@${name.package.version ?? ''}`;
    const pkg = this.packageDraft(key, name.package);
    const known = pkg.interfaces.get(name.interface);
    if (known !== undefined) {
      return known;
    }
    const id = this.newInterface(name.interface, key);
    pkg.interfaces.set(name.interface, id);
    return id;
  }

  /** The draft of package `name` (stored under `key`), created on first use. */
  packageDraft(key: string, name: PackageName): PackageDraft {
    let pkg = this.packages.get(key);
    if (pkg === undefined) {
      pkg = { name, interfaces: new Map() };
      this.packages.set(key, pkg);
    }
    return pkg;
  }

  /** Declares the types an instance exports as types of an interface (merging with what is there). */
  declareTypes(id: number, instance: InstT): void {
    const draft = this.interfaces[id] as InterfaceDraft;
    for (const entity of instance.exports.values()) {
      if (entity.sort === 'type' && entity.type.k === 'named') {
        this.types.declare(entity.type, { tag: 'interface', id }, draft.types);
      }
    }
  }

  /** Adds the functions an instance exports to an interface (those it does not have yet). */
  addFunctions(id: number, instance: InstT, offset: number): void {
    const draft = this.interfaces[id] as InterfaceDraft;
    for (const [name, entity] of instance.exports) {
      const funcName = parseFuncName(name).name;
      if (entity.sort === 'func' && !draft.functions.has(funcName)) {
        draft.functions.set(funcName, this.func(name, entity.type, draft.types, offset));
      }
    }
  }

  private func(name: string, type: FuncT, scope: ReadonlyMap<string, TypeId>, offset: number): Func {
    const parsed = parseFuncName(name);
    const params = type.params.map((p) => ({ name: p.name, type: this.types.type(p.type) }));
    const result = type.result === null ? null : this.types.type(type.result);
    let kind: FuncKind = { tag: 'freestanding' };
    if (parsed.kind !== 'freestanding') {
      const resource = scope.get(parsed.resource ?? '');
      if (resource === undefined) {
        fail(
          DecodeErrorCode.invalidIndex,
          offset,
          `function "${name}" refers to resource "${parsed.resource}", which is not defined`,
        );
      }
      kind = { tag: parsed.kind, resource };
    }
    return { name: parsed.name, kind, params, result, async: type.async, docs: {}, stability: UNKNOWN };
  }
}

/** The resolved model of a component's imports and exports. */
export function toResolve(body: ComponentBody): Resolve {
  const builder = new ModelBuilder();
  const world = builder.newWorld('root', null);
  const deferred = [
    ...body.imports.map((item) => builder.declare(item, world, 'imports')),
    ...body.exports.map((item) => builder.declare(item, world, 'exports')),
  ];
  builder.types.fillDeclared();
  for (const step of deferred) {
    step();
  }
  return assemble({
    typeDefs: builder.types.typeDefs,
    packages: builder.packages,
    interfaces: builder.interfaces,
    worlds: builder.worlds,
    rootKey: null,
  });
}
