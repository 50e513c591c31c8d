/**
 * The decoder's oracle: reads the WAT that jco's `print` writes for a
 * component (core modules stripped) and lists, for every import and export
 * of the component, the signatures of its functions in WIT syntax: parameter
 * names, parameter types and the result type, with types named as the
 * component's type section names them. Written independently of the decoder
 * (text in, strings out) so that the two can be compared.
 */
import { type SExpr, parseSExprs } from './sexpr.js';
import {
  type FuncSlot,
  type InstanceSlot,
  type Item,
  PRIMITIVES,
  type Space,
  type TypeSlot,
  WatScope,
  afterId,
  head,
  plain,
} from './wat-scope.js';

export interface OracleFunc {
  readonly async: boolean;
  readonly params: readonly (readonly [string, string])[];
  readonly result: string | null;
}

export type OracleItem =
  | { readonly kind: 'instance'; readonly funcs: Map<string, OracleFunc> }
  | { readonly kind: 'func'; readonly func: OracleFunc }
  | { readonly kind: 'other' };

export interface OracleWorld {
  readonly imports: Map<string, OracleItem>;
  readonly exports: Map<string, OracleItem>;
}

const str = (expr: SExpr | undefined): string => (expr?.t === 'str' ? expr.value : '');
const num = (expr: SExpr | undefined): number => Number(expr?.t === 'atom' ? expr.value : NaN);

/** WIT text of a type reference (a primitive or a type index) in `scope`. */
export function formatRef(ref: SExpr | undefined, scope: WatScope): string {
  if (ref?.t === 'atom' && PRIMITIVES.has(ref.value)) {
    return ref.value;
  }
  return formatSlot(scope.type(ref));
}

function formatSlot(slot: TypeSlot): string {
  return slot.k === 'def' ? formatDef(slot.expr, slot.scope) : slot.name;
}

function formatDef(expr: SExpr, scope: WatScope): string {
  if (expr.t === 'atom') {
    return expr.value;
  }
  const [, ...args] = plain(expr);
  const f = (e: SExpr | undefined): string => formatRef(e, scope);
  switch (head(expr)) {
    case 'list':
      return args.length === 2 ? `list<${f(args[0])}, ${(args[1] as { value: string }).value}>` : `list<${f(args[0])}>`;
    case 'option':
      return `option<${f(args[0])}>`;
    case 'tuple':
      return `tuple<${args.map(f).join(', ')}>`;
    case 'own':
      return f(args[0]);
    case 'borrow':
      return `borrow<${f(args[0])}>`;
    case 'map':
      return `map<${f(args[0])}, ${f(args[1])}>`;
    case 'stream':
    case 'future':
      return args.length === 0 ? `${head(expr)}` : `${head(expr)}<${f(args[0])}>`;
    case 'result':
      return formatResult(args, scope);
    default:
      return `<anonymous ${head(expr)}>`;
  }
}

function formatResult(args: SExpr[], scope: WatScope): string {
  const errExpr = args.find((a) => head(a) === 'error');
  const ok = args.find((a) => head(a) !== 'error');
  const okText = ok === undefined ? '_' : formatRef(ok, scope);
  if (errExpr === undefined) {
    return ok === undefined ? 'result' : `result<${okText}>`;
  }
  return `result<${okText}, ${formatRef(plain(errExpr)[1], scope)}>`;
}

function funcOf(slot: FuncSlot): OracleFunc {
  const typeSlot = slot.scope.type(slot.ref);
  if (typeSlot.k !== 'def' || head(typeSlot.expr) !== 'func') {
    throw new Error('oracle: function type is not a func');
  }
  const items = plain(typeSlot.expr);
  const params: [string, string][] = [];
  let result: string | null = null;
  for (const item of items) {
    if (head(item) === 'param') {
      const [, name, type] = plain(item);
      params.push([str(name), formatRef(type, typeSlot.scope)]);
    } else if (head(item) === 'result') {
      result = formatRef(plain(item)[1], typeSlot.scope);
    }
  }
  const isAsync = items.some((item) => item.t === 'atom' && item.value === 'async');
  return { async: isAsync, params, result };
}

/** The `(type T)` reference inside a descriptor such as `(func (type 3))`. */
function typeRefOf(desc: SExpr): SExpr | undefined {
  const typeUse = plain(desc).find((item) => head(item) === 'type');
  return typeUse === undefined ? undefined : plain(typeUse)[1];
}

class Evaluator {
  constructor(readonly scope: WatScope) {}

  /** Exports of an instance or component type definition. */
  static typeExports(slot: TypeSlot): Map<string, Item> {
    if (slot.k !== 'def') {
      throw new Error('oracle: not an instance type');
    }
    const inner = new Evaluator(new WatScope(slot.scope));
    const exports = new Map<string, Item>();
    for (const decl of plain(slot.expr).slice(1)) {
      const entry = inner.declaration(decl);
      if (entry !== undefined && head(decl) === 'export') {
        exports.set(entry[0], entry[1]);
      }
    }
    return exports;
  }

  /** A `(type ...)`, `(alias ...)`, `(import ...)` or `(export ...)` inside a type; returns the import/export. */
  declaration(decl: SExpr): [string, Item] | undefined {
    const items = plain(decl);
    switch (head(decl)) {
      case 'type':
        this.defineType(items);
        return undefined;
      case 'alias':
        this.alias(items);
        return undefined;
      case 'import':
      case 'export':
        return [str(items[1]), this.declared(str(items[1]), items[2] as SExpr)];
      default:
        return undefined;
    }
  }

  defineType(items: SExpr[]): void {
    const def = afterId(items)[0] as SExpr;
    const slot: TypeSlot =
      def.t === 'atom' && PRIMITIVES.has(def.value)
        ? { k: 'prim', name: def.value }
        : { k: 'def', expr: def, scope: this.scope };
    this.scope.push('type', this.scope.types, slot, items);
  }

  /** The item a declaration `(func (type T))` / `(type (eq T))` / `(instance (type T))` introduces. */
  declared(name: string, desc: SExpr): Item {
    const items = plain(desc);
    const s = this.scope;
    switch (head(desc)) {
      case 'func': {
        const func: FuncSlot = { scope: s, ref: typeRefOf(desc) as SExpr };
        s.push('func', s.funcs, func, items);
        return { sort: 'func', func };
      }
      case 'type':
        s.push('type', s.types, { k: 'named', name }, items);
        return { sort: 'type' };
      case 'instance': {
        const ref = typeRefOf(desc);
        const slot: TypeSlot = ref === undefined ? { k: 'def', expr: desc, scope: s } : s.type(ref);
        const instance = lazyInstance(() => Evaluator.typeExports(slot));
        s.push('instance', s.instances, instance, items);
        return { sort: 'instance', instance };
      }
      case 'component':
        s.push('component', s.components, { exports: () => new Map() }, items);
        return { sort: 'component' };
      default:
        return { sort: 'other' };
    }
  }

  alias(items: SExpr[]): void {
    const s = this.scope;
    const target = items[items.length - 1] as SExpr;
    const space = head(target) as Space;
    const targetItems = plain(target);
    const kind = items[1]?.t === 'atom' ? items[1].value : '';
    if (kind === 'outer') {
      const outer = s.outer(num(items[2]));
      const index = outer.index(space, items[3]);
      const list = { type: 'types', func: 'funcs', instance: 'instances', component: 'components' } as const;
      const value = (outer[list[space]] as unknown[])[index];
      s.push(space, s[list[space]], value, targetItems);
      return;
    }
    if (kind !== 'export') {
      return; // core export aliases
    }
    const instance = s.instances[s.index('instance', items[2])] as InstanceSlot;
    const exportName = str(items[3]);
    if (space === 'type') {
      s.push('type', s.types, { k: 'named', name: exportName }, targetItems);
    } else if (space === 'func') {
      s.push(
        'func',
        s.funcs,
        lazyFunc(() => exportedFunc(instance, exportName)),
        targetItems,
      );
    } else if (space === 'instance') {
      s.push(
        'instance',
        s.instances,
        lazyInstance(() => exportedInstance(instance, exportName).exports()),
        targetItems,
      );
    } else if (space === 'component') {
      s.push('component', s.components, { exports: () => new Map() }, targetItems);
    }
  }
}

function lazyInstance(compute: () => Map<string, Item>): InstanceSlot {
  let cached: Map<string, Item> | undefined;
  return { exports: () => (cached ??= compute()) };
}

function lazyFunc(compute: () => FuncSlot): FuncSlot {
  let cached: FuncSlot | undefined;
  const get = (): FuncSlot => (cached ??= compute());
  return {
    get scope() {
      return get().scope;
    },
    get ref() {
      return get().ref;
    },
  };
}

function exportedFunc(instance: InstanceSlot, name: string): FuncSlot {
  const item = instance.exports().get(name);
  if (item?.sort !== 'func') {
    throw new Error(`oracle: instance has no function export ${name}`);
  }
  return item.func;
}

function exportedInstance(instance: InstanceSlot, name: string): InstanceSlot {
  const item = instance.exports().get(name);
  if (item?.sort !== 'instance') {
    throw new Error(`oracle: instance has no instance export ${name}`);
  }
  return item.instance;
}

export { Evaluator, funcOf, lazyFunc, lazyInstance, parseSExprs, typeRefOf, str, num };
