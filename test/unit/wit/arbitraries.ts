/**
 * fast-check generators of valid WIT: type expressions, and whole packages
 * (interfaces with every kind of type, `use`s, resources, functions, worlds,
 * gates and docs) rendered to source text.
 */
import fc from 'fast-check';

const PRIMITIVES = [
  'bool',
  's8',
  'u8',
  's16',
  'u16',
  's32',
  'u32',
  's64',
  'u64',
  'f32',
  'f64',
  'char',
  'string',
] as const;
const MAP_KEYS = ['bool', 'u8', 'u32', 's64', 'char', 'string'] as const;
const WORDS = ['a', 'foo', 'bar-baz', 'x1', 'HTTP', 'type', 'record', 'list', 'result', 'own', 'use', 'world'] as const;
const KEYWORDS = new Set(['type', 'record', 'list', 'result', 'own', 'use', 'world']);

/** A type expression; `ref` picks the k-th type in scope (a primitive when none is). */
export type TypeExpr =
  | { readonly t: 'prim'; readonly name: string }
  | { readonly t: 'ref'; readonly k: number }
  | { readonly t: 'list'; readonly e: TypeExpr; readonly size: number | null }
  | { readonly t: 'option'; readonly e: TypeExpr }
  | { readonly t: 'result'; readonly ok: TypeExpr | null; readonly err: TypeExpr | null }
  | { readonly t: 'tuple'; readonly items: readonly TypeExpr[] }
  | { readonly t: 'future' | 'stream'; readonly e: TypeExpr | null }
  | { readonly t: 'map'; readonly key: string; readonly v: TypeExpr };

export const typeExpr: fc.Arbitrary<TypeExpr> = fc.letrec<{ type: TypeExpr }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...PRIMITIVES).map((name) => ({ t: 'prim' as const, name })),
    fc.nat(20).map((k) => ({ t: 'ref' as const, k })),
    fc.record({
      t: fc.constant('list' as const),
      e: tie('type'),
      size: fc.option(fc.integer({ min: 1, max: 64 }), { nil: null }),
    }),
    fc.record({ t: fc.constant('option' as const), e: tie('type') }),
    fc.record({
      t: fc.constant('result' as const),
      ok: fc.option(tie('type'), { nil: null }),
      err: fc.option(tie('type'), { nil: null }),
    }),
    fc.record({ t: fc.constant('tuple' as const), items: fc.array(tie('type'), { maxLength: 3 }) }),
    fc.record({ t: fc.constantFrom('future' as const, 'stream' as const), e: fc.option(tie('type'), { nil: null }) }),
    fc.record({ t: fc.constant('map' as const), key: fc.constantFrom(...MAP_KEYS), v: tie('type') }),
  ),
})).type;

/** Writes a type expression; `scope` are the type names it may refer to (already escaped). */
export function renderType(expr: TypeExpr, scope: readonly string[]): string {
  const r = (e: TypeExpr): string => renderType(e, scope);
  switch (expr.t) {
    case 'prim':
      return expr.name;
    case 'ref':
      return scope.length === 0 ? 'u32' : (scope[expr.k % scope.length] as string);
    case 'list':
      return expr.size === null ? `list<${r(expr.e)}>` : `list<${r(expr.e)}, ${expr.size}>`;
    case 'option':
      return `option<${r(expr.e)}>`;
    case 'result':
      if (expr.ok === null && expr.err === null) {
        return 'result';
      }
      if (expr.err === null) {
        return `result<${r(expr.ok as TypeExpr)}>`;
      }
      return `result<${expr.ok === null ? '_' : r(expr.ok)}, ${r(expr.err)}>`;
    case 'tuple':
      return `tuple<${expr.items.map(r).join(', ')}>`;
    case 'future':
    case 'stream':
      return expr.e === null ? expr.t : `${expr.t}<${r(expr.e)}>`;
    case 'map':
      return `map<${expr.key}, ${r(expr.v)}>`;
  }
}

const word = fc.constantFrom(...WORDS);
const docs = fc.option(fc.constantFrom('Short doc.', 'Two\nlines.', 'With `code` and * stars.'), { nil: null });
const gate = fc.option(
  fc.oneof(
    fc.constant('@since(version = 1.0.0)'),
    fc.constant('@unstable(feature = shiny)'),
    fc.constant('@since(version = 0.9.0)\n@deprecated(version = 1.0.0)'),
  ),
  {
    nil: null,
    freq: 3,
  },
);

/** A name made unique by its index; the first name may be a `%`-escaped keyword. */
function name(w: string, index: number): string {
  return index === 0 && KEYWORDS.has(w) ? `%${w}` : `${w.toLowerCase()}-n${index}`;
}

interface TypeDefSpec {
  readonly kind: 'record' | 'variant' | 'enum' | 'flags' | 'alias' | 'resource';
  readonly word: string;
  readonly members: readonly { readonly word: string; readonly type: TypeExpr | null }[];
  readonly target: TypeExpr;
  readonly docs: string | null;
  readonly gate: string | null;
}

interface FuncSpec {
  readonly word: string;
  readonly async: boolean;
  readonly params: readonly { readonly word: string; readonly type: TypeExpr; readonly borrow: boolean }[];
  readonly result: TypeExpr | null;
  readonly docs: string | null;
  readonly gate: string | null;
}

interface InterfaceSpec {
  readonly word: string;
  readonly types: readonly TypeDefSpec[];
  readonly funcs: readonly FuncSpec[];
  readonly methods: readonly FuncSpec[];
  readonly uses: readonly { readonly from: number; readonly k: number; readonly rename: boolean }[];
  readonly docs: string | null;
  readonly gate: string | null;
}

const typeDef: fc.Arbitrary<TypeDefSpec> = fc.record({
  kind: fc.constantFrom(
    'record' as const,
    'variant' as const,
    'enum' as const,
    'flags' as const,
    'alias' as const,
    'resource' as const,
  ),
  word,
  members: fc.array(fc.record({ word, type: fc.option(typeExpr, { nil: null }) }), { minLength: 1, maxLength: 4 }),
  target: typeExpr,
  docs,
  gate,
});

const funcSpec: fc.Arbitrary<FuncSpec> = fc.record({
  word,
  async: fc.boolean(),
  params: fc.array(fc.record({ word, type: typeExpr, borrow: fc.boolean() }), { maxLength: 3 }),
  result: fc.option(typeExpr, { nil: null }),
  docs,
  gate,
});

const interfaceSpec: fc.Arbitrary<InterfaceSpec> = fc.record({
  word,
  types: fc.array(typeDef, { maxLength: 5 }),
  funcs: fc.array(funcSpec, { maxLength: 3 }),
  methods: fc.array(funcSpec, { maxLength: 2 }),
  uses: fc.array(fc.record({ from: fc.nat(), k: fc.nat(), rename: fc.boolean() }), { maxLength: 2 }),
  docs,
  gate,
});

export interface PackageSpec {
  readonly namespace: string;
  readonly interfaces: readonly InterfaceSpec[];
  readonly world: {
    readonly imports: readonly number[];
    readonly exports: readonly number[];
    readonly funcs: readonly FuncSpec[];
  } | null;
}

export const packageSpec: fc.Arbitrary<PackageSpec> = fc.record({
  namespace: fc.constantFrom('gen', 'my-ns', 'x'),
  interfaces: fc.array(interfaceSpec, { minLength: 1, maxLength: 4 }),
  world: fc.option(
    fc.record({
      imports: fc.array(fc.nat(), { maxLength: 3 }),
      exports: fc.array(fc.nat(), { maxLength: 3 }),
      funcs: fc.array(funcSpec, { maxLength: 2 }),
    }),
    { nil: null },
  ),
});

function docLines(text: string | null, indent: string): string[] {
  return text === null ? [] : text.split('\n').map((line) => `${indent}/// ${line}`);
}

function gateLines(text: string | null, indent: string): string[] {
  return text === null ? [] : text.split('\n').map((line) => `${indent}${line}`);
}

function renderParams(spec: FuncSpec, scope: readonly string[], resources: readonly string[]): string {
  return spec.params
    .map((p, i) => {
      const type =
        p.borrow && resources.length > 0
          ? `borrow<${resources[i % resources.length] as string}>`
          : renderType(p.type, scope);
      return `${name(p.word, i + 1)}-p: ${type}`;
    })
    .join(', ');
}

function renderFunc(
  spec: FuncSpec,
  fname: string,
  scope: readonly string[],
  resources: readonly string[],
  indent: string,
  prefix = '',
  isStatic = false,
): string[] {
  const result = spec.result === null ? '' : ` -> ${renderType(spec.result, scope)}`;
  return [
    ...docLines(spec.docs, indent),
    ...gateLines(spec.gate, indent),
    `${indent}${prefix}${fname}: ${isStatic ? 'static ' : ''}${spec.async ? 'async ' : ''}func(${renderParams(spec, scope, resources)})${result};`,
  ];
}

function renderTypeDef(
  def: TypeDefSpec,
  tname: string,
  scope: readonly string[],
  methods: readonly FuncSpec[],
  resources: readonly string[],
): string[] {
  const head = [...docLines(def.docs, '  '), ...gateLines(def.gate, '  ')];
  const members = (payload: 'field' | 'case' | 'none'): string[] =>
    def.members.map((m, i) => {
      const mname = `${m.word.toLowerCase()}-m${i}`;
      if (payload === 'field') {
        return `    ${mname}: ${renderType(m.type ?? { t: 'prim', name: 'u8' }, scope)},`;
      }
      return payload === 'case' && m.type !== null ? `    ${mname}(${renderType(m.type, scope)}),` : `    ${mname},`;
    });
  switch (def.kind) {
    case 'record':
      return [...head, `  record ${tname} {`, ...members('field'), '  }'];
    case 'variant':
      return [...head, `  variant ${tname} {`, ...members('case'), '  }'];
    case 'enum':
    case 'flags':
      return [...head, `  ${def.kind} ${tname} {`, ...members('none'), '  }'];
    case 'alias':
      return [...head, `  type ${tname} = ${renderType(def.target, scope)};`];
    case 'resource': {
      if (methods.length === 0) {
        return [...head, `  resource ${tname};`];
      }
      const body = methods.flatMap((m, i) =>
        i === 0 && m.params.length > 0
          ? [`    constructor(${renderParams(m, scope, resources)});`]
          : renderFunc(m, `${m.word.toLowerCase()}-r${i}`, scope, resources, '    ', '', i % 2 === 0),
      );
      return [...head, `  resource ${tname} {`, ...body, '  }'];
    }
  }
}

/** Renders a generated package as WIT source (`package <ns>:pkg@1.0.0;`). */
export function renderPackage(spec: PackageSpec): string {
  const lines = [`package ${spec.namespace}:pkg@1.0.0;`, ''];
  const ifaceNames = spec.interfaces.map((i, idx) => name(i.word, idx));
  const typeNames: string[][] = [];
  const usesOf: Set<number>[] = [];
  spec.interfaces.forEach((iface, idx) => {
    const uses = new Set<number>();
    usesOf.push(uses);
    const ifaceName = ifaceNames[idx] as string;
    const scope: string[] = [];
    const resources: string[] = [];
    const body: string[] = [];
    if (idx > 0) {
      iface.uses.forEach((use, u) => {
        const from = use.from % idx;
        const available = typeNames[from] ?? [];
        if (available.length > 0) {
          const target = available[use.k % available.length] as string;
          const local = use.rename ? `used-u${u}` : target;
          if (!scope.includes(local)) {
            body.push(`  use ${ifaceNames[from] as string}.{${use.rename ? `${target} as ${local}` : target}};`);
            scope.push(local);
            uses.add(from);
          }
        }
      });
    }
    const defined: string[] = [];
    iface.types.forEach((def, t) => {
      const tname = name(def.word, t);
      if (scope.includes(tname)) {
        return;
      }
      body.push(...renderTypeDef(def, tname, [...scope], resources.length === 0 ? iface.methods : [], resources));
      if (def.kind === 'resource') {
        resources.push(tname);
      }
      scope.push(tname);
      defined.push(tname);
    });
    iface.funcs.forEach((f, i) => body.push(...renderFunc(f, `${f.word.toLowerCase()}-f${i}`, scope, resources, '  ')));
    typeNames.push([...defined]);
    lines.push(...docLines(iface.docs, ''), ...gateLines(iface.gate, ''), `interface ${ifaceName} {`, ...body, '}', '');
  });
  if (spec.world !== null) {
    const count = spec.interfaces.length;
    const imports = [...new Set(spec.world.imports.map((i) => i % count))];
    const exports = validExports([...new Set(spec.world.exports.map((i) => i % count))], usesOf);
    lines.push('world w {');
    imports.forEach((i) => lines.push(`  import ${ifaceNames[i] as string};`));
    exports.forEach((i) => lines.push(`  export ${ifaceNames[i] as string};`));
    spec.world.funcs.forEach((f, i) =>
      lines.push(...renderFunc(f, `${f.word.toLowerCase()}-wf${i}`, [], [], '  ', 'export ')),
    );
    lines.push('}');
  }
  return lines.join('\n');
}

/**
 * The exports plus what keeps them valid: an interface an export uses that
 * is not exported is imported, and an imported interface may not use an
 * exported one, so such an interface is exported too.
 */
function validExports(exports: readonly number[], usesOf: readonly ReadonlySet<number>[]): number[] {
  const result = [...exports];
  const reaches = (from: number, seen = new Set<number>()): boolean =>
    [...(usesOf[from] ?? [])].some(
      (dep) => result.includes(dep) || (!seen.has(dep) && (seen.add(dep), reaches(dep, seen))),
    );
  for (let changed = true; changed;) {
    changed = false;
    for (const x of [...result]) {
      for (const y of usesOf[x] ?? []) {
        if (!result.includes(y) && reaches(y)) {
          result.push(y);
          changed = true;
        }
      }
    }
  }
  return result;
}
