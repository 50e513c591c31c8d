/**
 * Structural comparison of two models by names, not ids: packages, interfaces,
 * worlds, types and functions are matched by name and compared field by field.
 * Source positions and docs are ignored; the order of named items (map entries)
 * does not matter, the order of fields, cases, flags and parameters does.
 */
import {
  formatPackageName,
  interfaceFullName,
  type Func,
  type Interface,
  type InterfaceId,
  type Resolve,
  type Stability,
  type Type,
  type TypeDef,
  type TypeId,
  type World,
  type WorldItem,
} from './model.js';

export interface DiffOptions {
  /** Do not compare `@since`/`@unstable`/`@deprecated` (a component binary carries none). */
  readonly ignoreStability?: boolean;
  /** Do not compare the `include`s kept on worlds (a component binary carries none). */
  readonly ignoreIncludes?: boolean;
  /** Compare only these packages (`ns:pkg@version`); the others may differ or be missing. */
  readonly packages?: readonly string[];
}

/** The differences between `a` and `b`, each naming the first differing path; empty when equal. */
export function modelDiff(a: Resolve, b: Resolve, options: DiffOptions = {}): string[] {
  const cmp = new Comparer(a, b, options);
  const only = options.packages === undefined ? undefined : new Set(options.packages);
  const named = (r: Resolve): Map<string, number> =>
    new Map(
      r.packages
        .map((p, id) => [formatPackageName(p.name), id] as [string, number])
        .filter(([name]) => only === undefined || only.has(name)),
    );
  const pa = named(a);
  const pb = named(b);
  cmp.keys('', 'package', pa, pb, (name, ia, ib) => {
    const x = a.packages[ia];
    const y = b.packages[ib];
    if (x === undefined || y === undefined) {
      return;
    }
    cmp.keys(name, 'interface', x.interfaces, y.interfaces, (n, i, j) => cmp.iface(`${name}/${n}`, i, j));
    cmp.keys(name, 'world', x.worlds, y.worlds, (n, i, j) => cmp.world(`${name}/${n}`, i, j));
  });
  return cmp.diffs;
}

class Comparer {
  readonly diffs: string[] = [];
  private readonly pathsA: Map<InterfaceId, string>;
  private readonly pathsB: Map<InterfaceId, string>;

  constructor(
    private readonly a: Resolve,
    private readonly b: Resolve,
    private readonly options: DiffOptions,
  ) {
    this.pathsA = inlinePaths(a);
    this.pathsB = inlinePaths(b);
  }

  keys<K, V>(
    path: string,
    what: string,
    x: ReadonlyMap<K, V>,
    y: ReadonlyMap<K, V>,
    each: (key: K, a: V, b: V) => void,
  ): void {
    for (const [key, value] of x) {
      const other = y.get(key);
      if (other === undefined) {
        this.diffs.push(`${at(path)}${what} \`${String(key)}\` is only in the first model`);
      } else {
        each(key, value, other);
      }
    }
    for (const key of y.keys()) {
      if (!x.has(key)) {
        this.diffs.push(`${at(path)}${what} \`${String(key)}\` is only in the second model`);
      }
    }
  }

  iface(path: string, ia: InterfaceId, ib: InterfaceId): void {
    const x = this.a.interfaces[ia] as Interface;
    const y = this.b.interfaces[ib] as Interface;
    this.stability(path, x.stability, y.stability);
    this.keys(path, 'type', x.types, y.types, (name, ta, tb) => this.typeDef(`${path}: type \`${name}\``, ta, tb));
    this.keys(path, 'function', x.functions, y.functions, (name, fa, fb) =>
      this.func(`${path}: function \`${name}\``, fa, fb),
    );
  }

  world(path: string, wa: number, wb: number): void {
    const x = this.a.worlds[wa] as World;
    const y = this.b.worlds[wb] as World;
    this.stability(path, x.stability, y.stability);
    this.keys(path, 'import', x.imports, y.imports, (key, ia, ib) => this.item(`${path}: import \`${key}\``, ia, ib));
    this.keys(path, 'export', x.exports, y.exports, (key, ia, ib) => this.item(`${path}: export \`${key}\``, ia, ib));
    if (this.options.ignoreIncludes !== true) {
      const ix = x.includes.map((i) =>
        JSON.stringify([
          this.worldName(this.a, i.world),
          i.with,
          this.options.ignoreStability === true ? null : i.stability,
        ]),
      );
      const iy = y.includes.map((i) =>
        JSON.stringify([
          this.worldName(this.b, i.world),
          i.with,
          this.options.ignoreStability === true ? null : i.stability,
        ]),
      );
      this.same(`${path}: includes`, ix.join('; '), iy.join('; '));
    }
  }

  private worldName(resolve: Resolve, id: number): string {
    const world = resolve.worlds[id];
    const pkg = world === undefined ? undefined : resolve.packages[world.package];
    return pkg === undefined || world === undefined ? `?${id}` : `${formatPackageName(pkg.name)}/${world.name}`;
  }

  private item(path: string, x: WorldItem, y: WorldItem): void {
    if (x.tag !== y.tag) {
      this.diffs.push(`${path}: ${x.tag} vs ${y.tag}`);
      return;
    }
    if (x.tag === 'function' && y.tag === 'function') {
      this.func(path, x.func, y.func);
    } else if (x.tag === 'type' && y.tag === 'type') {
      this.same(path, this.typeRef(this.a, x.id), this.typeRef(this.b, y.id));
    } else if (x.tag === 'interface' && y.tag === 'interface') {
      this.stability(path, x.stability, y.stability);
      this.same(`${path}: named`, String(x.named), String(y.named));
      const anonymous = this.a.interfaces[x.id]?.name === null && this.b.interfaces[y.id]?.name === null;
      if (anonymous) {
        this.iface(path, x.id, y.id);
      } else {
        this.same(
          `${path}: interface`,
          this.ifaceName(this.a, x.id, this.pathsA),
          this.ifaceName(this.b, y.id, this.pathsB),
        );
      }
    }
  }

  private typeDef(path: string, ta: TypeId, tb: TypeId): void {
    const x = this.a.types[ta] as TypeDef;
    const y = this.b.types[tb] as TypeDef;
    this.stability(path, x.stability, y.stability);
    this.same(`${path}: kind`, x.kind.tag, y.kind.tag);
    if (x.kind.tag === 'record' && y.kind.tag === 'record') {
      this.list(`${path}: fields`, x.kind.fields, y.kind.fields, (p, f, g) => {
        this.same(`${p} name`, f.name, g.name);
        this.type(`${p} type`, f.type, g.type);
      });
    } else if (x.kind.tag === 'variant' && y.kind.tag === 'variant') {
      this.list(`${path}: cases`, x.kind.cases, y.kind.cases, (p, f, g) => {
        this.same(`${p} name`, f.name, g.name);
        this.optType(`${p} payload`, f.type, g.type);
      });
    } else if (x.kind.tag === 'enum' && y.kind.tag === 'enum') {
      this.same(`${path}: cases`, x.kind.cases.map((c) => c.name).join(','), y.kind.cases.map((c) => c.name).join(','));
    } else if (x.kind.tag === 'flags' && y.kind.tag === 'flags') {
      this.same(`${path}: flags`, x.kind.flags.map((c) => c.name).join(','), y.kind.flags.map((c) => c.name).join(','));
    } else if (x.kind.tag === 'alias' && y.kind.tag === 'alias') {
      this.type(`${path}: target`, x.kind.target, y.kind.target);
    }
  }

  func(path: string, x: Func, y: Func): void {
    this.stability(path, x.stability, y.stability);
    this.same(`${path}: kind`, x.kind.tag, y.kind.tag);
    this.same(`${path}: async`, String(x.async), String(y.async));
    this.list(`${path}: params`, x.params, y.params, (p, f, g) => {
      this.same(`${p} name`, f.name, g.name);
      this.type(`${p} type`, f.type, g.type);
    });
    this.optType(`${path}: result`, x.result, y.result);
  }

  private list<T>(path: string, x: readonly T[], y: readonly T[], each: (path: string, a: T, b: T) => void): void {
    if (x.length !== y.length) {
      this.diffs.push(`${path}: ${x.length} vs ${y.length} entries`);
      return;
    }
    x.forEach((item, i) => each(`${path} #${i + 1}`, item, y[i] as T));
  }

  private optType(path: string, x: Type | null, y: Type | null): void {
    if (x === null || y === null) {
      this.same(path, x === null ? 'none' : 'a type', y === null ? 'none' : 'a type');
      return;
    }
    this.type(path, x, y);
  }

  private type(path: string, x: Type, y: Type): void {
    this.same(
      path,
      describe(this.a, x, (id) => this.typeRef(this.a, id)),
      describe(this.b, y, (id) => this.typeRef(this.b, id)),
    );
  }

  /** A name-based identity of a type definition: `owner path#name`, or its structure when anonymous. */
  private typeRef(resolve: Resolve, id: TypeId): string {
    const def = resolve.types[id];
    if (def === undefined) {
      return `?${id}`;
    }
    if (def.name === null) {
      return def.kind.tag === 'alias'
        ? describe(resolve, def.kind.target, (t) => this.typeRef(resolve, t))
        : `anonymous ${def.kind.tag}`;
    }
    const paths = resolve === this.a ? this.pathsA : this.pathsB;
    if (def.owner.tag === 'interface') {
      return `${this.ifaceName(resolve, def.owner.id, paths)}#${def.name}`;
    }
    if (def.owner.tag === 'world') {
      return `${this.worldName(resolve, def.owner.id)}#${def.name}`;
    }
    return def.name;
  }

  private ifaceName(resolve: Resolve, id: InterfaceId, paths: ReadonlyMap<InterfaceId, string>): string {
    return resolve.interfaces[id]?.name === null ? (paths.get(id) ?? `?${id}`) : interfaceFullName(resolve, id);
  }

  private stability(path: string, x: Stability, y: Stability): void {
    if (this.options.ignoreStability !== true) {
      this.same(`${path}: gates`, JSON.stringify(x), JSON.stringify(y));
    }
  }

  private same(path: string, x: string, y: string): void {
    if (x !== y) {
      this.diffs.push(`${path}: ${x} vs ${y}`);
    }
  }
}

function at(path: string): string {
  return path === '' ? '' : `${path}: `;
}

/** Names inline interfaces by the world item that holds them. */
function inlinePaths(resolve: Resolve): Map<InterfaceId, string> {
  const paths = new Map<InterfaceId, string>();
  for (const world of resolve.worlds) {
    const pkg = resolve.packages[world.package];
    const base = `${pkg === undefined ? '?' : formatPackageName(pkg.name)}/${world.name}`;
    for (const [side, items] of [
      ['import', world.imports],
      ['export', world.exports],
    ] as const) {
      for (const [key, item] of items) {
        if (item.tag === 'interface' && resolve.interfaces[item.id]?.name === null && !paths.has(item.id)) {
          paths.set(item.id, `${base} ${side} ${key}`);
        }
      }
    }
  }
  return paths;
}

/** A type written with name-based identities for named definitions. */
function describe(resolve: Resolve, type: Type, ref: (id: TypeId) => string): string {
  const d = (t: Type | null): string => (t === null ? '_' : describe(resolve, t, ref));
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'named':
      return ref(type.id);
    case 'borrow':
      return `borrow<${ref(type.resource)}>`;
    case 'list':
      return type.size === undefined ? `list<${d(type.element)}>` : `list<${d(type.element)}, ${type.size}>`;
    case 'option':
      return `option<${d(type.inner)}>`;
    case 'result':
      return `result<${d(type.ok)}, ${d(type.err)}>`;
    case 'tuple':
      return `tuple<${type.items.map(d).join(', ')}>`;
    case 'future':
    case 'stream':
      return `${type.kind}<${d(type.inner)}>`;
    case 'map':
      return `map<${d(type.key)}, ${d(type.value)}>`;
  }
}
