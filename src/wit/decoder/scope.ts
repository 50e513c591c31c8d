/**
 * Index spaces of one component, component type or instance type, chained to
 * the enclosing scopes for `outer` aliases. Lookups check bounds and kinds.
 */
import { DecodeErrorCode, fail } from './errors.js';
import { type CompT, type FuncT, type InstT, type Node, type TypeEntry, isNode, unname } from './types.js';

/** Deepest nesting of components and component/instance types accepted. */
export const MAX_SCOPE_DEPTH = 100;

/** State shared by one whole decode. */
export class DecodeContext {
  private nextResourceId = 0;

  /** A resource type distinct from every other one in this decode. */
  freshResource(): Node {
    return { k: 'resource', id: this.nextResourceId++, depth: 1, nodes: 1 };
  }
}

export class Scope {
  readonly parent: Scope | null;
  readonly depth: number;
  readonly types: TypeEntry[] = [];
  readonly funcs: FuncT[] = [];
  readonly instances: InstT[] = [];
  readonly components: CompT[] = [];

  constructor(parent: Scope | null, offset: number) {
    this.parent = parent;
    this.depth = parent === null ? 0 : parent.depth + 1;
    if (this.depth > MAX_SCOPE_DEPTH) {
      fail(
        DecodeErrorCode.tooDeep,
        offset,
        `components or component types nested deeper than ${MAX_SCOPE_DEPTH} levels`,
      );
    }
  }

  /** The scope `count` levels out (0 is this scope). */
  outer(count: number, offset: number): Scope {
    if (count === 0) {
      return this;
    }
    let scope = this.parent;
    for (let i = 1; i < count && scope !== null; i++) {
      scope = scope.parent;
    }
    if (scope === null) {
      fail(DecodeErrorCode.invalidIndex, offset, `outer alias count ${count} goes beyond the outermost component`);
    }
    return scope;
  }

  type(index: number, offset: number): TypeEntry {
    return at(this.types, index, 'type', offset);
  }

  /** A type index that must hold a value type. */
  valueType(index: number, offset: number): Node {
    const entry = this.type(index, offset);
    if (!isNode(entry)) {
      fail(DecodeErrorCode.invalidIndex, offset, `type index ${index} is a ${entry.k} type, not a value type`);
    }
    return entry;
  }

  /** A type index that must hold a resource (for `own` and `borrow`). */
  resourceType(index: number, offset: number): Node {
    const node = this.valueType(index, offset);
    if (unname(node).k !== 'resource') {
      fail(DecodeErrorCode.invalidIndex, offset, `type index ${index} is not a resource type`);
    }
    return node;
  }

  funcType(index: number, offset: number): FuncT {
    return this.typeOfKind(index, offset, 'func', 'a function');
  }

  instanceType(index: number, offset: number): InstT {
    return this.typeOfKind(index, offset, 'instance', 'an instance');
  }

  componentType(index: number, offset: number): CompT {
    return this.typeOfKind(index, offset, 'component', 'a component');
  }

  /** A type index that must hold a type of kind `k` (`what` names the kind in the error). */
  private typeOfKind<K extends TypeEntry['k']>(
    index: number,
    offset: number,
    k: K,
    what: string,
  ): Extract<TypeEntry, { k: K }> {
    const entry = this.type(index, offset);
    if (entry.k !== k) {
      fail(DecodeErrorCode.invalidIndex, offset, `type index ${index} is not ${what} type`);
    }
    return entry as Extract<TypeEntry, { k: K }>;
  }

  func(index: number, offset: number): FuncT {
    return at(this.funcs, index, 'function', offset);
  }

  instance(index: number, offset: number): InstT {
    return at(this.instances, index, 'instance', offset);
  }

  component(index: number, offset: number): CompT {
    return at(this.components, index, 'component', offset);
  }
}

function at<T>(items: readonly T[], index: number, what: string, offset: number): T {
  const item = items[index];
  if (item === undefined) {
    fail(DecodeErrorCode.invalidIndex, offset, `${what} index ${index} out of bounds (${items.length} defined)`);
  }
  return item;
}
