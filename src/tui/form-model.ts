/**
 * A submit form generated from WIT types: one node per value, edited row by row, turned into
 * the JSON encoding of WIT values (docs/wit-json.md) and validated with the WIT codec before it
 * is sent. Numbers, strings and chars are typed; bools and options toggle; enums, variants and
 * results are a choice of cases; records and tuples are field by field; lists grow and shrink;
 * flags toggle one by one. Any node can be switched to JSON entry, the fallback for every type
 * (and the only entry for maps and resources).
 */
import { jsonToValue, ValueError } from '../wit/codec/index.js';
import type { Resolve, Type, TypeDef } from '../wit/model.js';

export type FormNode =
  | { readonly kind: 'text'; readonly type: Type; readonly prim: string; readonly text: string; readonly json?: string }
  | { readonly kind: 'bool'; readonly type: Type; readonly value: boolean; readonly json?: string }
  | {
      readonly kind: 'choice';
      readonly type: Type;
      /** WIT case names; `payloads[i]` is the form of case i's payload (null: none). */
      readonly cases: readonly string[];
      readonly index: number;
      readonly payloads: readonly (FormNode | null)[];
      readonly json?: string;
    }
  | {
      readonly kind: 'option';
      readonly type: Type;
      readonly some: boolean;
      readonly inner: FormNode;
      readonly json?: string;
    }
  | {
      readonly kind: 'fields';
      readonly type: Type;
      readonly names: readonly string[];
      readonly fields: readonly FormNode[];
      readonly tuple: boolean;
      readonly json?: string;
    }
  | {
      readonly kind: 'list';
      readonly type: Type;
      readonly element: Type;
      readonly items: readonly FormNode[];
      readonly json?: string;
    }
  | {
      readonly kind: 'flags';
      readonly type: Type;
      readonly names: readonly string[];
      readonly set: readonly boolean[];
      readonly json?: string;
    }
  | { readonly kind: 'json'; readonly type: Type; readonly json: string };

/** A path from a root node: child indexes (fields, list items, the chosen payload, an option's inner). */
export type NodePath = readonly number[];

/** One row of the form: a node, or one flag of a flags node. */
export interface FormRow {
  readonly path: NodePath;
  readonly depth: number;
  readonly label: string;
  readonly node: FormNode;
  /** Set for the row of one flag. */
  readonly flag?: number;
}

const snake = (name: string): string => name.replace(/-/g, '_').toLowerCase();

function definition(resolve: Resolve, type: Type): TypeDef | undefined {
  return type.kind === 'named' ? resolve.types[type.id] : undefined;
}

/** The empty form of a type. */
export function buildNode(resolve: Resolve, type: Type): FormNode {
  const def = definition(resolve, type);
  if (def !== undefined) {
    switch (def.kind.tag) {
      case 'alias':
        return { ...buildNode(resolve, def.kind.target), type };
      case 'record':
        return {
          kind: 'fields',
          type,
          names: def.kind.fields.map((f) => f.name),
          fields: def.kind.fields.map((f) => buildNode(resolve, f.type)),
          tuple: false,
        };
      case 'variant':
        return {
          kind: 'choice',
          type,
          cases: def.kind.cases.map((c) => c.name),
          index: 0,
          payloads: def.kind.cases.map((c) => (c.type === null ? null : buildNode(resolve, c.type))),
        };
      case 'enum':
        return {
          kind: 'choice',
          type,
          cases: def.kind.cases.map((c) => c.name),
          index: 0,
          payloads: def.kind.cases.map(() => null),
        };
      case 'flags':
        return { kind: 'flags', type, names: def.kind.flags.map((f) => f.name), set: def.kind.flags.map(() => false) };
      case 'resource':
        return { kind: 'json', type, json: '' };
    }
  }
  switch (type.kind) {
    case 'primitive':
      return type.name === 'bool'
        ? { kind: 'bool', type, value: false }
        : { kind: 'text', type, prim: type.name, text: '' };
    case 'option':
      return { kind: 'option', type, some: false, inner: buildNode(resolve, type.inner) };
    case 'result':
      return {
        kind: 'choice',
        type,
        cases: ['ok', 'err'],
        index: 0,
        payloads: [type.ok, type.err].map((t) => (t === null ? null : buildNode(resolve, t))),
      };
    case 'tuple':
      return {
        kind: 'fields',
        type,
        names: type.items.map((_, i) => String(i)),
        fields: type.items.map((t) => buildNode(resolve, t)),
        tuple: true,
      };
    case 'list':
      return { kind: 'list', type, element: type.element, items: [] };
    default:
      return { kind: 'json', type, json: '' };
  }
}

/** The children of a node as the form shows them, with their labels. */
function children(node: FormNode): [string, FormNode][] {
  if (node.json !== undefined && node.kind !== 'json') {
    return [];
  }
  switch (node.kind) {
    case 'fields':
      return node.fields.map((f, i) => [node.names[i] ?? String(i), f]);
    case 'list':
      return node.items.map((item, i) => [`[${i}]`, item]);
    case 'choice': {
      const payload = node.payloads[node.index];
      return payload == null ? [] : [[node.cases[node.index] ?? '', payload]];
    }
    case 'option':
      return node.some ? [['some', node.inner]] : [];
    default:
      return [];
  }
}

/** The index a child of `node` has in {@link NodePath}s (for a choice, the chosen case). */
function childIndex(node: FormNode, position: number): number {
  return node.kind === 'choice' ? node.index : position;
}

/** Every row of a form, depth first. */
export function formRows(labels: readonly string[], nodes: readonly FormNode[]): FormRow[] {
  const rows: FormRow[] = [];
  const visit = (node: FormNode, label: string, path: NodePath, depth: number): void => {
    rows.push({ path, depth, label, node });
    if (node.kind === 'flags' && node.json === undefined) {
      node.names.forEach((name, flag) => rows.push({ path, depth: depth + 1, label: name, node, flag }));
    }
    children(node).forEach(([childLabel, child], i) =>
      visit(child, childLabel, [...path, childIndex(node, i)], depth + 1),
    );
  };
  nodes.forEach((node, i) => visit(node, labels[i] ?? String(i), [i], 0));
  return rows;
}

function withChild(node: FormNode, index: number, child: FormNode): FormNode {
  switch (node.kind) {
    case 'fields':
      return { ...node, fields: node.fields.map((f, i) => (i === index ? child : f)) };
    case 'list':
      return { ...node, items: node.items.map((f, i) => (i === index ? child : f)) };
    case 'choice':
      return { ...node, payloads: node.payloads.map((p, i) => (i === index ? child : p)) };
    case 'option':
      return { ...node, inner: child };
    default:
      return node;
  }
}

function childAt(node: FormNode, index: number): FormNode | null {
  switch (node.kind) {
    case 'fields':
      return node.fields[index] ?? null;
    case 'list':
      return node.items[index] ?? null;
    case 'choice':
      return node.payloads[index] ?? null;
    case 'option':
      return node.inner;
    default:
      return null;
  }
}

/** Replaces the node at `path` with `update(node)`. */
export function updateAt(nodes: readonly FormNode[], path: NodePath, update: (node: FormNode) => FormNode): FormNode[] {
  const [head, ...rest] = path;
  return nodes.map((node, i) => (i === head ? updateNode(node, rest, update) : node));
}

function updateNode(node: FormNode, path: NodePath, update: (node: FormNode) => FormNode): FormNode {
  const [head, ...rest] = path;
  if (head === undefined) {
    return update(node);
  }
  const child = childAt(node, head);
  return child === null ? node : withChild(node, head, updateNode(child, rest, update));
}

/** The JSON a node stands for before it is switched to JSON entry (a starting point to edit). */
function jsonSeed(resolve: Resolve, node: FormNode): string {
  try {
    return JSON.stringify(nodeJson(resolve, node, '$'));
  } catch {
    return '';
  }
}

/** Switches a node to JSON entry and back. */
export function toggleJson(resolve: Resolve, node: FormNode): FormNode {
  if (node.kind === 'json') {
    return node;
  }
  if (node.json !== undefined) {
    const { json: _dropped, ...rest } = node;
    return rest;
  }
  return { ...node, json: jsonSeed(resolve, node) };
}

/** The node with one key applied; `null` when the key means nothing here. */
export function editNode(
  resolve: Resolve,
  node: FormNode,
  key: 'char' | 'backspace' | 'left' | 'right' | 'toggle' | 'add' | 'remove',
  text = '',
  flag?: number,
): FormNode | null {
  if (node.json !== undefined || node.kind === 'json') {
    const json = node.json ?? '';
    if (key === 'char') return { ...node, json: json + text };
    if (key === 'backspace') return { ...node, json: json.slice(0, -1) };
    return null;
  }
  switch (node.kind) {
    case 'text':
      if (key === 'char') return { ...node, text: node.text + text };
      if (key === 'backspace') return { ...node, text: node.text.slice(0, -1) };
      return null;
    case 'bool':
      return key === 'toggle' || key === 'left' || key === 'right' ? { ...node, value: !node.value } : null;
    case 'choice': {
      const step = key === 'right' || key === 'toggle' ? 1 : key === 'left' ? -1 : 0;
      return step === 0 ? null : { ...node, index: (node.index + step + node.cases.length) % node.cases.length };
    }
    case 'option':
      return key === 'toggle' ? { ...node, some: !node.some } : null;
    case 'list':
      if (key === 'add') return { ...node, items: [...node.items, buildNode(resolve, node.element)] };
      if (key === 'remove') return { ...node, items: node.items.slice(0, -1) };
      return null;
    case 'flags':
      return key === 'toggle' && flag !== undefined
        ? { ...node, set: node.set.map((s, i) => (i === flag ? !s : s)) }
        : null;
    default:
      return null;
  }
}

/** A value that cannot be turned into JSON, with the JSON path of the bad field. */
export class FormError extends Error {
  override name = 'FormError';
}

const INTEGER = /^-?\d+$/;

function textJson(node: Extract<FormNode, { kind: 'text' }>, path: string): unknown {
  if (node.prim === 'string' || node.prim === 'char') {
    return node.text;
  }
  const text = node.text.trim();
  if (node.prim === 'f32' || node.prim === 'f64') {
    if (text === 'NaN' || text === 'Infinity' || text === '-Infinity') return text;
    const n = Number(text);
    if (text === '' || Number.isNaN(n)) throw new FormError(`${path}: expected a number (${node.prim}), got "${text}"`);
    return n;
  }
  if (!INTEGER.test(text)) {
    throw new FormError(`${path}: expected an integer (${node.prim}), got "${text}"`);
  }
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

/** The JSON encoding of the node's value. Throws {@link FormError} with the path of a bad field. */
export function nodeJson(resolve: Resolve, node: FormNode, path: string): unknown {
  if (node.json !== undefined) {
    try {
      return JSON.parse(node.json) as unknown;
    } catch (error: unknown) {
      throw new FormError(`${path}: invalid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  switch (node.kind) {
    case 'text':
      return textJson(node, path);
    case 'bool':
      return node.value;
    case 'choice': {
      const name = snake(node.cases[node.index] ?? '');
      const payload = node.payloads[node.index];
      const isEnumLike = node.payloads.every((p) => p === null) && definition(resolve, node.type)?.kind.tag === 'enum';
      if (isEnumLike) return name;
      if (node.type.kind === 'result' || resultAlias(resolve, node.type)) {
        return { [name]: payload == null ? null : nodeJson(resolve, payload, `${path}.${name}`) };
      }
      return payload == null ? name : { [name]: nodeJson(resolve, payload, `${path}.${name}`) };
    }
    case 'option':
      return node.some ? optionSome(resolve, node.inner, nodeJson(resolve, node.inner, `${path}.some`)) : null;
    case 'fields':
      if (node.tuple) return node.fields.map((f, i) => nodeJson(resolve, f, `${path}[${i}]`));
      return Object.fromEntries(
        node.fields.map((f, i) => [
          snake(node.names[i] ?? ''),
          nodeJson(resolve, f, `${path}.${snake(node.names[i] ?? '')}`),
        ]),
      );
    case 'list':
      return node.items.map((item, i) => nodeJson(resolve, item, `${path}[${i}]`));
    case 'flags':
      return node.names.filter((_, i) => node.set[i] === true).map(snake);
    case 'json':
      return undefined;
  }
}

function resultAlias(resolve: Resolve, type: Type): boolean {
  let def = definition(resolve, type);
  while (def?.kind.tag === 'alias') {
    if (def.kind.target.kind === 'result') return true;
    def = definition(resolve, def.kind.target);
  }
  return false;
}

/** `some(v)` of an option whose payload can itself be `null` is written `{"some": v}`. */
function optionSome(resolve: Resolve, inner: FormNode, json: unknown): unknown {
  const innerIsOption = inner.type.kind === 'option' || (inner.kind === 'option' && inner.json === undefined);
  return innerIsOption ? { some: json } : json;
}

/**
 * The parameters as a JSON array, validated against their WIT types with the codec. Throws
 * {@link FormError} with the path and message of the first bad value.
 */
export function formParams(resolve: Resolve, types: readonly Type[], nodes: readonly FormNode[]): unknown[] {
  return nodes.map((node, i) => {
    const type = types[i] as Type;
    const json = nodeJson(resolve, node, `params[${i}]`);
    try {
      jsonToValue(resolve, type, json, `params[${i}]`);
    } catch (error: unknown) {
      if (error instanceof ValueError) throw new FormError(error.message);
      throw error;
    }
    return json;
  });
}

/** How a node's row shows its value. */
export function rowValue(row: FormRow): string {
  const node = row.node;
  if (row.flag !== undefined && node.kind === 'flags') {
    return node.set[row.flag] === true ? '[x]' : '[ ]';
  }
  if (node.json !== undefined || node.kind === 'json') {
    return `json: ${node.json ?? ''}`;
  }
  switch (node.kind) {
    case 'text':
      return node.prim === 'string' || node.prim === 'char' ? `"${node.text}"` : node.text;
    case 'bool':
      return node.value ? 'true' : 'false';
    case 'choice':
      return `‹ ${node.cases[node.index] ?? ''} ›`;
    case 'option':
      return node.some ? 'some' : 'none';
    case 'fields':
      return node.tuple ? 'tuple' : 'record';
    case 'list':
      return `${node.items.length} item${node.items.length === 1 ? '' : 's'} (+ add, - remove)`;
    case 'flags':
      return 'flags';
  }
}

/** Which keys a row takes, for the help line under the form. */
export function rowHint(row: FormRow): string {
  const node = row.node;
  if (row.flag !== undefined) return 'space: toggle';
  if (node.json !== undefined || node.kind === 'json') return 'type JSON · ctrl+e: back to the form';
  switch (node.kind) {
    case 'text':
      return `type a ${node.prim} · ctrl+e: JSON`;
    case 'bool':
      return 'space: toggle · ctrl+e: JSON';
    case 'choice':
      return '←/→: choose the case · ctrl+e: JSON';
    case 'option':
      return 'space: none / some · ctrl+e: JSON';
    case 'list':
      return '+: add an item · -: remove the last · ctrl+e: JSON';
    default:
      return 'ctrl+e: JSON';
  }
}
