/**
 * The decoder's own view of component-model types, before they become the
 * shared WIT model. Types are objects whose identity matters: a `named` node
 * is one exported (or imported) type name, a `resource` node is one resource.
 * Every type records its nesting depth so that deep inputs are rejected
 * before any recursive walk could exhaust the stack.
 */
import { DecodeErrorCode, fail } from './errors.js';
import type { Primitive } from '../model.js';

/** Deepest type nesting accepted (WIT in the wild stays under 20). */
export const MAX_TYPE_DEPTH = 200;

/**
 * Largest type accepted, counted as the nodes of the type written out as a
 * tree. Types can share parts, so a short binary can describe a type whose
 * written-out form is exponentially large; this bound keeps every walk of a
 * decoded type (printing it, converting values) proportionate.
 */
export const MAX_TYPE_SIZE = 100_000;

export interface Label {
  readonly name: string;
  readonly type: Node;
}

export interface CaseNode {
  readonly name: string;
  readonly type: Node | null;
}

/** A value type (or resource) known to the decoder. */
export type Node =
  | { readonly k: 'prim'; readonly name: Primitive; readonly depth: number; readonly nodes: number }
  | { readonly k: 'record'; readonly fields: readonly Label[]; readonly depth: number; readonly nodes: number }
  | { readonly k: 'variant'; readonly cases: readonly CaseNode[]; readonly depth: number; readonly nodes: number }
  | {
      readonly k: 'list';
      readonly element: Node;
      readonly size: number | undefined;
      readonly depth: number;
      readonly nodes: number;
    }
  | { readonly k: 'map'; readonly key: Node; readonly value: Node; readonly depth: number; readonly nodes: number }
  | { readonly k: 'tuple'; readonly items: readonly Node[]; readonly depth: number; readonly nodes: number }
  | { readonly k: 'flags'; readonly names: readonly string[]; readonly depth: number; readonly nodes: number }
  | { readonly k: 'enum'; readonly names: readonly string[]; readonly depth: number; readonly nodes: number }
  | { readonly k: 'option'; readonly inner: Node; readonly depth: number; readonly nodes: number }
  | {
      readonly k: 'result';
      readonly ok: Node | null;
      readonly err: Node | null;
      readonly depth: number;
      readonly nodes: number;
    }
  | { readonly k: 'own'; readonly resource: Node; readonly depth: number; readonly nodes: number }
  | { readonly k: 'borrow'; readonly resource: Node; readonly depth: number; readonly nodes: number }
  | { readonly k: 'future'; readonly inner: Node | null; readonly depth: number; readonly nodes: number }
  | { readonly k: 'stream'; readonly inner: Node | null; readonly depth: number; readonly nodes: number }
  /** One resource type; `id` is unique within a decode. */
  | { readonly k: 'resource'; readonly id: number; readonly depth: number; readonly nodes: number }
  /** A type given a name by an export or import (`(export "point" (type (eq 1)))`). */
  | {
      readonly k: 'named';
      readonly name: string;
      readonly target: Node;
      readonly depth: number;
      readonly nodes: number;
    };

export interface FuncT {
  readonly k: 'func';
  readonly params: readonly Label[];
  readonly result: Node | null;
  readonly async: boolean;
  readonly depth: number;
}

export interface InstT {
  readonly k: 'instance';
  readonly exports: ReadonlyMap<string, Entity>;
  readonly depth: number;
}

export interface CompT {
  readonly k: 'component';
  readonly imports: ReadonlyMap<string, Entity>;
  readonly exports: ReadonlyMap<string, Entity>;
  readonly depth: number;
}

/** What a type index can hold. */
export type TypeEntry = Node | FuncT | InstT | CompT;

/** The type of an imported, exported or aliased item. */
export type Entity =
  | { readonly sort: 'func'; readonly type: FuncT }
  | { readonly sort: 'type'; readonly type: TypeEntry }
  | { readonly sort: 'instance'; readonly type: InstT }
  | { readonly sort: 'component'; readonly type: CompT }
  | { readonly sort: 'module' }
  | { readonly sort: 'value' };

const PRIMS = new Map<Primitive, Node>();

/** The shared node of a primitive type. */
export function prim(name: Primitive): Node {
  let node = PRIMS.get(name);
  if (node === undefined) {
    node = { k: 'prim', name, depth: 1, nodes: 1 };
    PRIMS.set(name, node);
  }
  return node;
}

/** `1 + ` the deepest of `children`, failing past {@link MAX_TYPE_DEPTH}. */
export function depthOf(children: readonly ({ readonly depth: number } | null)[], offset: number): number {
  let max = 0;
  for (const child of children) {
    if (child !== null && child.depth > max) {
      max = child.depth;
    }
  }
  if (max + 1 > MAX_TYPE_DEPTH) {
    fail(DecodeErrorCode.tooDeep, offset, `types nested deeper than ${MAX_TYPE_DEPTH} levels`);
  }
  return max + 1;
}

/** Depth and size of a node built from `children`, failing past {@link MAX_TYPE_DEPTH} or {@link MAX_TYPE_SIZE}. */
export function measure(children: readonly (Node | null)[], offset: number): { depth: number; nodes: number } {
  let nodes = 1;
  for (const child of children) {
    nodes += child === null ? 0 : child.nodes;
  }
  if (nodes > MAX_TYPE_SIZE) {
    fail(DecodeErrorCode.tooDeep, offset, `a type larger than ${MAX_TYPE_SIZE} nodes when written out`);
  }
  return { depth: depthOf(children, offset), nodes };
}

/** Depth of an entity's type (0 for sorts without one). */
export function entityDepth(entity: Entity): number {
  return entity.sort === 'module' || entity.sort === 'value' ? 0 : entity.type.depth;
}

/** Depth of a set of entity maps (the imports and exports of a component or instance type). */
export function entitiesDepth(maps: readonly ReadonlyMap<string, Entity>[], offset: number): number {
  const children: { depth: number }[] = [];
  for (const map of maps) {
    for (const entity of map.values()) {
      children.push({ depth: entityDepth(entity) });
    }
  }
  return depthOf(children, offset);
}

/** Whether a type entry is a value type or resource (usable in a `valtype`). */
export function isNode(entry: TypeEntry): entry is Node {
  return entry.k !== 'func' && entry.k !== 'instance' && entry.k !== 'component';
}

/** Follows `named` nodes to the type they name. */
export function unname(node: Node): Node {
  let current = node;
  // Bounded: every `named` target is shallower than the node itself.
  while (current.k === 'named') {
    current = current.target;
  }
  return current;
}

/** The types a node is built from. */
export function childrenOf(node: Node): (Node | null)[] {
  switch (node.k) {
    case 'record':
      return node.fields.map((f) => f.type);
    case 'variant':
      return node.cases.map((c) => c.type);
    case 'tuple':
      return [...node.items];
    case 'list':
      return [node.element];
    case 'map':
      return [node.key, node.value];
    case 'option':
      return [node.inner];
    case 'result':
      return [node.ok, node.err];
    case 'own':
    case 'borrow':
      return [node.resource];
    case 'future':
    case 'stream':
      return [node.inner];
    case 'named':
      return [node.target];
    default:
      return [];
  }
}
