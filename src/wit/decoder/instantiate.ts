/**
 * The type of an instance created by instantiating a component: the
 * component's export types with every imported type replaced by the type
 * passed for it (so a re-exported resource or type keeps the identity of the
 * argument, as the component model's validation does).
 */
import { DecodeErrorCode, fail } from './errors.js';
import type { DecodeContext } from './scope.js';
import type { CaseNode, CompT, Entity, FuncT, InstT, Label, Node, TypeEntry } from './types.js';
import { childrenOf, depthOf, entitiesDepth, isNode, measure } from './types.js';

type Substitution = Map<Node, Node>;

/** Records that the types inside `imported` are provided by the matching ones of `arg`. */
function bind(imported: Entity, arg: Entity, subst: Substitution): void {
  if (imported.sort === 'type' && arg.sort === 'type') {
    if (isNode(imported.type) && isNode(arg.type)) {
      subst.set(imported.type, arg.type);
    }
    return;
  }
  if (imported.sort === 'instance' && arg.sort === 'instance') {
    for (const [name, entity] of imported.type.exports) {
      const provided = arg.type.exports.get(name);
      if (provided !== undefined) {
        bind(entity, provided, subst);
      }
    }
  }
}

class Rewriter {
  private readonly memo = new Map<object, object>();

  /**
   * @param fresh - `named` nodes to copy into new identities (resources they
   *   name become new resources), for importing an instance type
   */
  constructor(
    private readonly subst: Substitution,
    private readonly offset: number,
    private readonly fresh?: { readonly nodes: ReadonlySet<Node>; readonly ctx: DecodeContext },
  ) {}

  node(node: Node): Node {
    const replaced = this.subst.get(node) ?? (this.memo.get(node) as Node | undefined);
    if (replaced !== undefined) {
      return replaced;
    }
    const rebuilt = this.rebuild(node);
    // A substituted type may be deeper than the type it replaces: recompute.
    const result = rebuilt === node ? node : { ...rebuilt, ...measure(childrenOf(rebuilt), this.offset) };
    this.memo.set(node, result);
    return result;
  }

  private opt(node: Node | null): Node | null {
    return node === null ? null : this.node(node);
  }

  private rebuild(node: Node): Node {
    switch (node.k) {
      case 'prim':
      case 'flags':
      case 'enum':
      case 'resource':
        return node;
      case 'named': {
        if (this.fresh?.nodes.has(node) === true) {
          const target = node.target.k === 'resource' ? this.fresh.ctx.freshResource() : this.node(node.target);
          return { ...node, target };
        }
        const target = this.node(node.target);
        return target === node.target ? node : { ...node, target };
      }
      case 'record': {
        const fields = this.labels(node.fields);
        return fields === node.fields ? node : { ...node, fields };
      }
      case 'variant': {
        const cases = this.cases(node.cases);
        return cases === node.cases ? node : { ...node, cases };
      }
      case 'tuple': {
        const items = node.items.map((item) => this.node(item));
        return items.every((item, i) => item === node.items[i]) ? node : { ...node, items };
      }
      default:
        return this.rebuildWrapper(node);
    }
  }

  private rebuildWrapper(node: Node): Node {
    switch (node.k) {
      case 'list': {
        const element = this.node(node.element);
        return element === node.element ? node : { ...node, element };
      }
      case 'map': {
        const key = this.node(node.key);
        const value = this.node(node.value);
        return key === node.key && value === node.value ? node : { ...node, key, value };
      }
      case 'option': {
        const inner = this.node(node.inner);
        return inner === node.inner ? node : { ...node, inner };
      }
      case 'result': {
        const ok = this.opt(node.ok);
        const err = this.opt(node.err);
        return ok === node.ok && err === node.err ? node : { ...node, ok, err };
      }
      case 'own':
      case 'borrow': {
        const resource = this.node(node.resource);
        return resource === node.resource ? node : { ...node, resource };
      }
      case 'future':
      case 'stream': {
        const inner = this.opt(node.inner);
        return inner === node.inner ? node : { ...node, inner };
      }
      default:
        return node;
    }
  }

  private labels(labels: readonly Label[]): readonly Label[] {
    const out = labels.map((label) => ({ name: label.name, type: this.node(label.type) }));
    return out.every((label, i) => label.type === labels[i]?.type) ? labels : out;
  }

  private cases(cases: readonly CaseNode[]): readonly CaseNode[] {
    const out = cases.map((c) => ({ name: c.name, type: this.opt(c.type) }));
    return out.every((c, i) => c.type === cases[i]?.type) ? cases : out;
  }

  func(func: FuncT): FuncT {
    const params = this.labels(func.params);
    const result = this.opt(func.result);
    if (params === func.params && result === func.result) {
      return func;
    }
    return { ...func, params, result, depth: depthOf([...params.map((p) => p.type), result], this.offset) };
  }

  entry(entry: TypeEntry): TypeEntry {
    if (isNode(entry)) {
      return this.node(entry);
    }
    switch (entry.k) {
      case 'func':
        return this.func(entry);
      case 'instance':
        return this.instance(entry);
      default: {
        const imports = this.entities(entry.imports);
        const exports = this.entities(entry.exports);
        return { ...entry, imports, exports, depth: entitiesDepth([imports, exports], this.offset) };
      }
    }
  }

  instance(inst: InstT): InstT {
    const cached = this.memo.get(inst) as InstT | undefined;
    if (cached !== undefined) {
      return cached;
    }
    const exports = this.entities(inst.exports);
    const result: InstT = { ...inst, exports, depth: entitiesDepth([exports], this.offset) };
    this.memo.set(inst, result);
    return result;
  }

  entities(map: ReadonlyMap<string, Entity>): Map<string, Entity> {
    const out = new Map<string, Entity>();
    for (const [name, entity] of map) {
      out.set(name, this.entity(entity));
    }
    return out;
  }

  private entity(entity: Entity): Entity {
    switch (entity.sort) {
      case 'func':
        return { sort: 'func', type: this.func(entity.type) };
      case 'type':
        return { sort: 'type', type: this.entry(entity.type) };
      case 'instance':
        return { sort: 'instance', type: this.instance(entity.type) };
      case 'component':
        return { sort: 'component', type: this.entry(entity.type) as CompT };
      default:
        return entity;
    }
  }
}

/** The instance type of `instantiate component (with name arg)*`. */
export function instantiate(component: CompT, args: ReadonlyMap<string, Entity>, offset: number): InstT {
  const subst: Substitution = new Map();
  for (const [name, imported] of component.imports) {
    const arg = args.get(name);
    if (arg === undefined) {
      fail(DecodeErrorCode.invalidIndex, offset, `instantiation is missing the argument "${name}"`);
    }
    if (arg.sort !== imported.sort && !(imported.sort === 'module' && arg.sort === 'module')) {
      fail(
        DecodeErrorCode.invalidIndex,
        offset,
        `argument "${name}" is a ${arg.sort}, the component imports a ${imported.sort}`,
      );
    }
    bind(imported, arg, subst);
  }
  const exports = new Rewriter(subst, offset).entities(component.exports);
  return { k: 'instance', exports, depth: entitiesDepth([exports], offset) };
}

/**
 * A copy of an instance type for one import: the types it exports get new
 * identities (and its resources become new resources), so two imports of the
 * same instance type do not share types.
 */
export function importInstance(inst: InstT, ctx: DecodeContext, offset: number): InstT {
  const nodes = new Set<Node>();
  for (const entity of inst.exports.values()) {
    if (entity.sort === 'type' && entity.type.k === 'named') {
      nodes.add(entity.type);
    }
  }
  return new Rewriter(new Map(), offset, { nodes, ctx }).instance(inst);
}
