/**
 * Component bodies of the oracle's WAT: imports, exports, instances (from
 * instantiation or inline exports), nested components, lifted functions.
 */
import type { SExpr } from './sexpr.js';
import {
  Evaluator,
  type OracleFunc,
  type OracleItem,
  type OracleWorld,
  funcOf,
  lazyFunc,
  lazyInstance,
  parseSExprs,
  str,
  typeRefOf,
} from './wat-oracle.js';
import {
  type ComponentSlot,
  type FuncSlot,
  type InstanceSlot,
  type Item,
  type Space,
  WatScope,
  afterId,
  head,
  plain,
} from './wat-scope.js';

class ComponentEvaluator extends Evaluator {
  readonly imports: [string, Item][] = [];
  readonly exports: [string, Item][] = [];

  body(items: readonly SExpr[]): void {
    for (const item of items) {
      const parts = plain(item);
      switch (head(item)) {
        case 'type':
          this.defineType(parts);
          break;
        case 'alias':
          this.alias(parts);
          break;
        case 'import':
          this.imports.push([str(parts[1]), this.declared(str(parts[1]), parts[2] as SExpr)]);
          break;
        case 'export':
          this.exportItem(parts);
          break;
        case 'instance':
          this.instance(parts);
          break;
        case 'component':
          this.component(parts);
          break;
        case 'func':
          this.scope.push('func', this.scope.funcs, { scope: this.scope, ref: typeRefOf(item) as SExpr }, parts);
          break;
        default:
          break; // core items, canon built-ins, start
      }
    }
  }

  /** The item of a sort reference like `(func 3)` or `(instance $i)`. */
  private sortRef(ref: SExpr): Item {
    const s = this.scope;
    const parts = plain(ref);
    const space = head(ref) as Space;
    if (space === 'func') {
      return { sort: 'func', func: s.funcs[s.index('func', parts[1])] as FuncSlot };
    }
    if (space === 'instance') {
      return { sort: 'instance', instance: s.instances[s.index('instance', parts[1])] as InstanceSlot };
    }
    return { sort: space === 'type' ? 'type' : space === 'component' ? 'component' : 'other' };
  }

  private exportItem(parts: SExpr[]): void {
    const [nameExpr, ref, ascription] = afterId(parts) as [SExpr, SExpr, SExpr | undefined];
    const name = str(nameExpr);
    const s = this.scope;
    let item = this.sortRef(ref);
    if (item.sort === 'func') {
      const func = ascription === undefined ? item.func : { scope: s, ref: typeRefOf(ascription) as SExpr };
      item = { sort: 'func', func };
      s.push('func', s.funcs, func, parts);
    } else if (item.sort === 'instance') {
      const instance =
        ascription === undefined
          ? item.instance
          : lazyInstance(() => Evaluator.typeExports(s.type(typeRefOf(ascription))));
      item = { sort: 'instance', instance };
      s.push('instance', s.instances, instance, parts);
    } else if (head(ref) === 'type') {
      s.push('type', s.types, { k: 'named', name }, parts);
    } else if (head(ref) === 'component') {
      s.push('component', s.components, s.components[s.index('component', plain(ref)[1])] as ComponentSlot, parts);
    }
    this.exports.push([name, item]);
  }

  private instance(parts: SExpr[]): void {
    const s = this.scope;
    const rest = afterId(parts);
    const first = rest[0];
    let instance: InstanceSlot;
    if (head(first) === 'instantiate') {
      const args = plain(first as SExpr);
      const component = s.components[s.index('component', args[1])] as ComponentSlot;
      instance = lazyInstance(() => component.exports());
    } else {
      const exports = rest
        .filter((e) => head(e) === 'export')
        .map((e) => [str(plain(e)[1]), plain(e)[2] as SExpr] as const);
      instance = lazyInstance(() => new Map(exports.map(([name, ref]) => [name, this.sortRef(ref)])));
    }
    s.push('instance', s.instances, instance, parts);
  }

  private component(parts: SExpr[]): void {
    const s = this.scope;
    const body = afterId(parts);
    let cached: Map<string, Item> | undefined;
    const slot: ComponentSlot = {
      exports: () => {
        if (cached === undefined) {
          const inner = new ComponentEvaluator(new WatScope(s));
          inner.body(body);
          cached = new Map(inner.exports);
        }
        return cached;
      },
    };
    s.push('component', s.components, slot, parts);
  }
}

function oracleItem(item: Item): OracleItem {
  if (item.sort === 'func') {
    return { kind: 'func', func: funcOf(item.func) };
  }
  if (item.sort === 'instance') {
    const funcs = new Map<string, OracleFunc>();
    for (const [name, inner] of item.instance.exports()) {
      if (inner.sort === 'func') {
        funcs.set(name, funcOf(inner.func));
      }
    }
    return { kind: 'instance', funcs };
  }
  return { kind: 'other' };
}

/** Function signatures of every import and export of the component printed in `wat`. */
export function oracleWorld(wat: string): OracleWorld {
  const root = parseSExprs(wat).find((e) => head(e) === 'component');
  if (root === undefined) {
    throw new Error('oracle: no component in the WAT');
  }
  const evaluator = new ComponentEvaluator(new WatScope(null));
  evaluator.body(afterId(plain(root)));
  return {
    imports: new Map(evaluator.imports.map(([name, item]) => [name, oracleItem(item)])),
    exports: new Map(evaluator.exports.map(([name, item]) => [name, oracleItem(item)])),
  };
}

export { lazyFunc };
