/**
 * Building the resolved WIT model of a decoded component: package
 * `root:component` with world `root` whose imports and exports are the
 * component's, and every imported or exported interface in its own package,
 * as wasm-tools names them when it turns a component back into WIT.
 */
import type { ComponentBody, ComponentItem } from './component.js';
import { DecodeErrorCode, fail } from './errors.js';
import { type InterfaceName, parseExternName, parseFuncName } from './names.js';
import { assemble, type InterfaceDraft, type PackageDraft } from './assemble.js';
import { TypeConverter } from './to-types.js';
import type { Entity, FuncT, InstT } from './types.js';
import type { Func, FuncKind, Resolve, TypeId, TypeOwner, WorldItem } from '../model.js';

const UNKNOWN = { tag: 'unknown' } as const;
const WORLD_ID = 0;

class ModelBuilder {
  readonly types = new TypeConverter();
  readonly packages = new Map<string, PackageDraft>();
  readonly interfaces: InterfaceDraft[] = [];
  readonly worldImports = new Map<string, WorldItem>();
  readonly worldExports = new Map<string, WorldItem>();
  /** Types defined at the world level (world `use`s and world resources). */
  readonly worldTypes = new Map<string, TypeId>();

  item(item: ComponentItem, target: Map<string, WorldItem>): void {
    const name = parseExternName(item.name, item.offset);
    const entity = item.entity;
    if (name.kind !== 'plain' && entity.sort !== 'instance') {
      fail(DecodeErrorCode.unsupported, item.offset, `"${item.name}" names an interface but is a ${entity.sort}`);
    }
    if (entity.sort === 'instance') {
      if (name.kind === 'plain') {
        const id = this.newInterface(null, null);
        this.fill(id, entity.type, item.offset);
        target.set(name.name, { tag: 'interface', id, named: true, stability: UNKNOWN });
      } else {
        const id = this.namedInterface(name.name);
        this.fill(id, entity.type, item.offset);
        const key = name.kind === 'implements' ? name.label : name.name.full;
        target.set(key, { tag: 'interface', id, named: name.kind === 'implements', stability: UNKNOWN });
      }
      return;
    }
    this.worldItem(item, name.kind === 'plain' ? name.name : item.name, entity, target);
  }

  private worldItem(item: ComponentItem, name: string, entity: Entity, target: Map<string, WorldItem>): void {
    const owner: TypeOwner = { tag: 'world', id: WORLD_ID };
    if (entity.sort === 'func') {
      const func = this.func(name, entity.type, this.worldTypes, item.offset);
      target.set(func.name, { tag: 'function', func });
    } else if (entity.sort === 'type' && entity.type.k === 'named') {
      target.set(name, { tag: 'type', id: this.types.define(entity.type, owner, this.worldTypes) });
    } else {
      fail(DecodeErrorCode.unsupported, item.offset, `"${item.name}": a ${entity.sort} import or export has no WIT equivalent`);
    }
  }

  private newInterface(name: string | null, packageKey: string | null): number {
    this.interfaces.push({ name, packageKey, types: new Map(), functions: new Map() });
    return this.interfaces.length - 1;
  }

  private namedInterface(name: InterfaceName): number {
    const key = `${name.package.namespace}:${name.package.name}@${name.package.version ?? ''}`;
    let pkg = this.packages.get(key);
    if (pkg === undefined) {
      pkg = { name: name.package, interfaces: new Map() };
      this.packages.set(key, pkg);
    }
    const known = pkg.interfaces.get(name.interface);
    if (known !== undefined) {
      return known;
    }
    const id = this.newInterface(name.interface, key);
    pkg.interfaces.set(name.interface, id);
    return id;
  }

  /** Adds the types and functions of an instance type to an interface (merging with what is there). */
  private fill(id: number, instance: InstT, offset: number): void {
    const draft = this.interfaces[id] as InterfaceDraft;
    const owner: TypeOwner = { tag: 'interface', id };
    for (const [name, entity] of instance.exports) {
      if (entity.sort === 'type' && entity.type.k === 'named') {
        this.types.define(entity.type, owner, draft.types);
      } else if (entity.sort === 'func') {
        const funcName = parseFuncName(name).name;
        if (!draft.functions.has(funcName)) {
          draft.functions.set(funcName, this.func(name, entity.type, draft.types, offset));
        }
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
        fail(DecodeErrorCode.invalidIndex, offset, `function "${name}" refers to resource "${parsed.resource}", which is not defined`);
      }
      kind = { tag: parsed.kind, resource };
    }
    return { name: parsed.name, kind, params, result, async: type.async, docs: {}, stability: UNKNOWN };
  }
}

/** The resolved model of a component's imports and exports. */
export function toResolve(body: ComponentBody): Resolve {
  const builder = new ModelBuilder();
  for (const item of body.imports) {
    builder.item(item, builder.worldImports);
  }
  for (const item of body.exports) {
    builder.item(item, builder.worldExports);
  }
  return assemble({
    typeDefs: builder.types.typeDefs,
    packages: builder.packages,
    interfaces: builder.interfaces,
    worldImports: builder.worldImports,
    worldExports: builder.worldExports,
  });
}
