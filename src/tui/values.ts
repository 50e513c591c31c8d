/**
 * Rendering JSON-encoded WIT values (docs/wit-json.md) by their WIT type: WIT-like text on one
 * line (`{street: "Main", zip: 1234}`, `some(5)`, `ok(55)`, `circle(3)`), or an indented tree of
 * lines when it does not fit. Without a type the JSON is shown as it is.
 */
import type { Resolve, Type, TypeDef } from '../wit/model.js';

/** One line of a value tree. */
export interface ValueLine {
  readonly depth: number;
  readonly text: string;
}

const snake = (name: string): string => name.replace(/-/g, '_').toLowerCase();

function definition(resolve: Resolve, type: Type): TypeDef | undefined {
  return type.kind === 'named' ? resolve.types[type.id] : undefined;
}

/** Follows aliases to the type that says how the value looks. */
function unalias(resolve: Resolve, type: Type): Type {
  let current = type;
  for (let def = definition(resolve, current); def?.kind.tag === 'alias'; def = definition(resolve, current)) {
    current = def.kind.target;
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The case name and payload of a variant-like JSON value (`"name"` or `{"name": payload}`). */
function caseOf(json: unknown): { name: string; payload: unknown } | null {
  if (typeof json === 'string') {
    return { name: json, payload: null };
  }
  if (isObject(json)) {
    const keys = Object.keys(json);
    if (keys.length === 1 && keys[0] !== undefined) {
      return { name: keys[0], payload: json[keys[0]] };
    }
  }
  return null;
}

function whatIsOption(resolve: Resolve, type: Type): boolean {
  return unalias(resolve, type).kind === 'option';
}

/** The value as one line of WIT-like text. */
export function inlineValue(resolve: Resolve | null, type: Type | null, json: unknown): string {
  if (resolve === null || type === null) {
    return JSON.stringify(json) ?? 'undefined';
  }
  const t = unalias(resolve, type);
  const def = definition(resolve, t);
  const inner = (ty: Type | null, value: unknown): string => inlineValue(resolve, ty, value);
  if (def !== undefined) {
    switch (def.kind.tag) {
      case 'record': {
        if (!isObject(json)) return JSON.stringify(json);
        const fields = def.kind.fields.map((f) => `${f.name}: ${inner(f.type, json[snake(f.name)])}`);
        return `{${fields.join(', ')}}`;
      }
      case 'variant': {
        const c = caseOf(json);
        if (c === null) return JSON.stringify(json);
        const wit = def.kind.cases.find((k) => snake(k.name) === c.name);
        return wit?.type == null ? (wit?.name ?? c.name) : `${wit.name}(${inner(wit.type, c.payload)})`;
      }
      case 'enum':
        return def.kind.cases.find((k) => snake(k.name) === json)?.name ?? JSON.stringify(json);
      case 'flags':
        return Array.isArray(json)
          ? `{${json.map((f) => String(f).replace(/_/g, '-')).join(', ')}}`
          : JSON.stringify(json);
      default:
        return JSON.stringify(json);
    }
  }
  switch (t.kind) {
    case 'primitive':
      return t.name === 'string' || t.name === 'char' ? JSON.stringify(json) : String(json);
    case 'list':
      return Array.isArray(json) ? `[${json.map((item) => inner(t.element, item)).join(', ')}]` : JSON.stringify(json);
    case 'tuple':
      return Array.isArray(json) ? `(${t.items.map((ty, i) => inner(ty, json[i])).join(', ')})` : JSON.stringify(json);
    case 'option': {
      if (json === null) return 'none';
      const wrapped = whatIsOption(resolve, t.inner) && isObject(json) && 'some' in json;
      return `some(${inner(t.inner, wrapped ? json['some'] : json)})`;
    }
    case 'result': {
      const c = caseOf(json);
      if (c === null || (c.name !== 'ok' && c.name !== 'err')) return JSON.stringify(json);
      const payloadType = c.name === 'ok' ? t.ok : t.err;
      return payloadType === null ? c.name : `${c.name}(${inner(payloadType, c.payload)})`;
    }
    case 'map':
      return Array.isArray(json)
        ? `{${json.map((pair) => (Array.isArray(pair) ? `${inner(t.key, pair[0])}: ${inner(t.value, pair[1])}` : '?')).join(', ')}}`
        : JSON.stringify(json);
    default:
      return JSON.stringify(json);
  }
}

/** Children of a value that is shown as a tree: `[label, type, json]`. */
function childrenOf(resolve: Resolve, type: Type, json: unknown): [string, Type | null, unknown][] | null {
  const t = unalias(resolve, type);
  const def = definition(resolve, t);
  if (def?.kind.tag === 'record' && isObject(json)) {
    return def.kind.fields.map((f) => [f.name, f.type, json[snake(f.name)]]);
  }
  if (def?.kind.tag === 'variant') {
    const c = caseOf(json);
    const wit = def.kind.cases.find((k) => snake(k.name) === c?.name);
    return wit?.type == null || c === null ? null : [[wit.name, wit.type, c.payload]];
  }
  if ((t.kind === 'list' || t.kind === 'tuple') && Array.isArray(json)) {
    return json.map((item, i) => [`[${i}]`, t.kind === 'list' ? t.element : (t.items[i] ?? null), item]);
  }
  if (t.kind === 'result') {
    const c = caseOf(json);
    const payloadType = c?.name === 'ok' ? t.ok : c?.name === 'err' ? t.err : null;
    return c === null || payloadType === null ? null : [[c.name, payloadType, c.payload]];
  }
  if (t.kind === 'option' && json !== null) {
    const wrapped = whatIsOption(resolve, t.inner) && isObject(json) && 'some' in json;
    return [['some', t.inner, wrapped ? json['some'] : json]];
  }
  return null;
}

/**
 * The value as lines no wider than `width` where possible: one line when it fits, otherwise
 * a tree with one child per line (record fields, list items, a variant's or result's payload).
 */
export function valueLines(
  resolve: Resolve | null,
  type: Type | null,
  json: unknown,
  width: number,
  label = '',
  depth = 0,
): ValueLine[] {
  const prefix = label === '' ? '' : `${label}: `;
  const inline = inlineValue(resolve, type, json);
  const room = width - depth * 2;
  const children = resolve === null || type === null ? null : childrenOf(resolve, type, json);
  if (prefix.length + inline.length <= room || children === null || children.length === 0) {
    return [{ depth, text: prefix + inline }];
  }
  const head = resolve !== null && type !== null ? headOf(resolve, type, json) : '';
  return [
    { depth, text: `${prefix}${head}` },
    ...children.flatMap(([name, ty, value]) => valueLines(resolve, ty, value, width, name, depth + 1)),
  ];
}

function headOf(resolve: Resolve, type: Type, json: unknown): string {
  const t = unalias(resolve, type);
  const def = definition(resolve, t);
  if (def !== undefined) {
    return def.kind.tag === 'variant' ? `${def.name ?? 'variant'}` : (def.name ?? def.kind.tag);
  }
  if (t.kind === 'list') return `list (${Array.isArray(json) ? json.length : 0} items)`;
  return t.kind;
}
