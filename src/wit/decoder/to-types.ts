/**
 * Turning the decoder's type nodes into typedefs and `Type`s of the WIT
 * model, in two passes. First every `named` node exported by an interface
 * (or the world) is declared: it gets a typedef id and its name. Then the
 * typedefs are filled in: a name for a type that is already named elsewhere
 * becomes an alias (a `use` in WIT), a resource is defined by the first name
 * given to it. Names that never reach an interface or the world are looked
 * through. Declaring everything first makes the result independent of the
 * order of the component's exports.
 */
import type { Node } from './types.js';
import type { Type, TypeDef, TypeDefKind, TypeId, TypeOwner } from '../model.js';

const UNKNOWN = { tag: 'unknown' } as const;

export class TypeConverter {
  readonly typeDefs: TypeDef[] = [];
  /** Typedef of each `named` node that was defined (or merged into an existing name). */
  private readonly namedIds = new Map<Node, TypeId>();
  /** Typedef that defines each resource. */
  private readonly resourceIds = new Map<number, TypeId>();
  /** Typedefs made for records, variants, enums and flags that have no name. */
  private readonly anonymousIds = new Map<Node, TypeId>();

  /** Declared typedefs still to fill in, with the node each one names. */
  private readonly pending: { readonly id: TypeId; readonly node: Node & { k: 'named' }; readonly owner: TypeOwner }[] =
    [];
  /** Types already converted, by node (the same node always gives the same `Type`). */
  private readonly converted = new Map<Node, Type>();

  /**
   * Declares `node` (a `named` node) as the type `node.name` of an interface
   * or the world, whose types are `scope`. If the scope already has that
   * name (an interface both imported and exported), `node` is merged into it.
   */
  declare(node: Node & { k: 'named' }, owner: TypeOwner, scope: Map<string, TypeId>): TypeId {
    const known = this.namedIds.get(node);
    if (known !== undefined) {
      return known;
    }
    const id = scope.get(node.name) ?? this.reserve(node.name, owner);
    if (!scope.has(node.name)) {
      scope.set(node.name, id);
      this.pending.push({ id, node, owner });
    }
    this.namedIds.set(node, id);
    if (node.target.k === 'resource' && !this.resourceIds.has(node.target.id)) {
      this.resourceIds.set(node.target.id, id);
    }
    return id;
  }

  /** Fills in every declared typedef (after all of them were declared). */
  fillDeclared(): void {
    for (const { id, node, owner } of this.pending.splice(0)) {
      this.fill(id, node.name, owner, this.namedKind(node.target, id));
    }
  }

  /** The model type of a value type node. */
  type(node: Node): Type {
    if (node.k === 'prim') {
      return { kind: 'primitive', name: node.name };
    }
    let type = this.converted.get(node);
    if (type === undefined) {
      type = this.convert(node);
      this.converted.set(node, type);
    }
    return type;
  }

  private convert(node: Node): Type {
    switch (node.k) {
      case 'named':
        return this.namedType(node);
      case 'resource':
      case 'own':
        return { kind: 'named', id: this.resource(node.k === 'own' ? node.resource : node) };
      case 'borrow':
        return { kind: 'borrow', resource: this.resource(node.resource) };
      case 'record':
      case 'variant':
      case 'enum':
      case 'flags':
        return { kind: 'named', id: this.anonymous(node, null) };
      default:
        return this.structural(node);
    }
  }

  private structural(node: Node): Type {
    switch (node.k) {
      case 'list':
        return node.size === undefined
          ? { kind: 'list', element: this.type(node.element) }
          : { kind: 'list', element: this.type(node.element), size: node.size };
      case 'map':
        return { kind: 'map', key: this.type(node.key), value: this.type(node.value) };
      case 'option':
        return { kind: 'option', inner: this.type(node.inner) };
      case 'result':
        return { kind: 'result', ok: this.optional(node.ok), err: this.optional(node.err) };
      case 'tuple':
        return { kind: 'tuple', items: node.items.map((item) => this.type(item)) };
      case 'future':
        return { kind: 'future', inner: this.optional(node.inner) };
      case 'stream':
        return { kind: 'stream', inner: this.optional(node.inner) };
      default:
        throw new Error(`a ${node.k} type is not structural`);
    }
  }

  private optional(node: Node | null): Type | null {
    return node === null ? null : this.type(node);
  }

  /** The typedef of the resource a handle refers to. */
  resource(node: Node): TypeId {
    const target = this.lookThrough(node);
    if (target.k === 'named') {
      return this.namedIds.get(target) as TypeId;
    }
    if (target.k !== 'resource') {
      return this.anonymous(target, null);
    }
    const known = this.resourceIds.get(target.id);
    if (known !== undefined) {
      return known;
    }
    const name = node.k === 'named' ? node.name : null;
    const id = this.reserve(name, { tag: 'none' });
    this.resourceIds.set(target.id, id);
    this.fill(id, name, { tag: 'none' }, { tag: 'resource' });
    return id;
  }

  /** Follows `named` nodes that were never defined in an interface or the world. */
  private lookThrough(node: Node): Node {
    let current = node;
    while (current.k === 'named' && !this.namedIds.has(current)) {
      current = current.target;
    }
    return current;
  }

  private namedType(node: Node & { k: 'named' }): Type {
    const target = this.lookThrough(node);
    if (target.k === 'named') {
      return { kind: 'named', id: this.namedIds.get(target) as TypeId };
    }
    if (target.k === 'record' || target.k === 'variant' || target.k === 'enum' || target.k === 'flags') {
      return { kind: 'named', id: this.anonymous(target, node.name) };
    }
    return target.k === 'resource' ? { kind: 'named', id: this.resource(node) } : this.type(target);
  }

  private namedKind(target: Node, id: TypeId): TypeDefKind {
    const inner = this.lookThrough(target);
    if (inner.k === 'named') {
      return { tag: 'alias', target: { kind: 'named', id: this.namedIds.get(inner) as TypeId } };
    }
    if (inner.k === 'resource') {
      const owner = this.resourceIds.get(inner.id);
      if (owner !== undefined && owner !== id) {
        return { tag: 'alias', target: { kind: 'named', id: owner } };
      }
      this.resourceIds.set(inner.id, id);
      return { tag: 'resource' };
    }
    return this.structureKind(inner) ?? { tag: 'alias', target: this.type(inner) };
  }

  private structureKind(node: Node): TypeDefKind | undefined {
    const docs = {};
    switch (node.k) {
      case 'record':
        return { tag: 'record', fields: node.fields.map((f) => ({ name: f.name, type: this.type(f.type), docs })) };
      case 'variant':
        return { tag: 'variant', cases: node.cases.map((c) => ({ name: c.name, type: this.optional(c.type), docs })) };
      case 'enum':
        return { tag: 'enum', cases: node.names.map((name) => ({ name, docs })) };
      case 'flags':
        return { tag: 'flags', flags: node.names.map((name) => ({ name, docs })) };
      default:
        return undefined;
    }
  }

  private anonymous(node: Node, name: string | null): TypeId {
    const known = this.anonymousIds.get(node);
    if (known !== undefined) {
      return known;
    }
    const id = this.reserve(name, { tag: 'none' });
    this.anonymousIds.set(node, id);
    this.fill(id, name, { tag: 'none' }, this.structureKind(node) ?? { tag: 'alias', target: this.type(node) });
    return id;
  }

  private reserve(name: string | null, owner: TypeOwner): TypeId {
    this.typeDefs.push({ name, owner, kind: { tag: 'resource' }, docs: {}, stability: UNKNOWN });
    return this.typeDefs.length - 1;
  }

  private fill(id: TypeId, name: string | null, owner: TypeOwner, kind: TypeDefKind): void {
    this.typeDefs[id] = { name, owner, kind, docs: {}, stability: UNKNOWN };
  }
}
