/**
 * fast-check arbitraries for the codec's property tests: random WIT
 * interfaces (typedefs of every kind built on each other, and a function
 * using them), and random values of any model type.
 */
import fc from 'fast-check';
import type { WitValue } from '../../../../src/wit/codec/index.js';
import type { Resolve, Type } from '../../../../src/wit/model.js';

const PRIMITIVES = [
  'bool',
  'u8',
  's8',
  'u16',
  's16',
  'u32',
  's32',
  'u64',
  's64',
  'f32',
  'f64',
  'char',
  'string',
] as const;
const KEY_PRIMITIVES = ['bool', 'u8', 's32', 'u64', 'char', 'string'] as const;

/** A WIT type expression over the primitives and the earlier typedef names. */
function typeExpr(names: readonly string[], depth: number): fc.Arbitrary<string> {
  const leaf =
    names.length === 0
      ? fc.constantFrom(...PRIMITIVES)
      : fc.oneof(fc.constantFrom(...PRIMITIVES), fc.constantFrom(...names));
  if (depth === 0) {
    return leaf;
  }
  const inner = typeExpr(names, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    inner.map((t) => `list<${t}>`),
    fc.tuple(inner, fc.integer({ min: 1, max: 3 })).map(([t, n]) => `list<${t}, ${n}>`),
    inner.map((t) => `option<${t}>`),
    fc
      .tuple(fc.option(inner), fc.option(inner))
      .map(([ok, err]) => (err === null ? (ok === null ? 'result' : `result<${ok}>`) : `result<${ok ?? '_'}, ${err}>`)),
    fc.array(inner, { minLength: 1, maxLength: 3 }).map((items) => `tuple<${items.join(', ')}>`),
    fc.tuple(fc.constantFrom(...KEY_PRIMITIVES), inner).map(([k, v]) => `map<${k}, ${v}>`),
  );
}

/** Case and field names, some with upper-case words to exercise the name conversions. */
function label(prefix: string, i: number): string {
  return i % 3 === 2 ? `${prefix}${i}-HTTP-x` : `${prefix}${i}-name`;
}

function typeDef(index: number, names: readonly string[]): fc.Arbitrary<string> {
  const name = `t${index}`;
  const expr = typeExpr(names, 2);
  return fc.oneof(
    fc
      .array(expr, { minLength: 1, maxLength: 4 })
      .map((types) => `record ${name} { ${types.map((t, i) => `${label('f', i)}: ${t}`).join(', ')} }`),
    fc
      .array(fc.option(expr), { minLength: 1, maxLength: 4 })
      .map(
        (cases) =>
          `variant ${name} { ${cases.map((t, i) => (t === null ? label('c', i) : `${label('c', i)}(${t})`)).join(', ')} }`,
      ),
    fc
      .integer({ min: 1, max: 5 })
      .map((n) => `enum ${name} { ${Array.from({ length: n }, (_, i) => label('e', i)).join(', ')} }`),
    fc
      .integer({ min: 1, max: 5 })
      .map((n) => `flags ${name} { ${Array.from({ length: n }, (_, i) => label('g', i)).join(', ')} }`),
    expr.map((t) => `type ${name} = ${t};`),
  );
}

/** The body of an interface: up to six typedefs and `f: func(...)` over them. */
export const interfaceBody: fc.Arbitrary<string> = fc.integer({ min: 0, max: 6 }).chain((count) => {
  const names = Array.from({ length: count }, (_, i) => `t${i}`);
  const defs = fc.tuple(...names.map((_, i) => typeDef(i, names.slice(0, i))));
  const params = fc.array(typeExpr(names, 2), { minLength: 1, maxLength: 4 });
  return fc.tuple(defs, params, fc.option(typeExpr(names, 2))).map(([d, p, r]) => {
    const signature = `f: func(${p.map((t, i) => `p${i}: ${t}`).join(', ')})${r === null ? '' : ` -> ${r}`};`;
    return [...d, signature].join('\n');
  });
});

const noNegativeZero = (x: number): number => (Object.is(x, -0) ? 0 : x);

function primitiveValue(name: string): fc.Arbitrary<WitValue> {
  const ranges: Record<string, [number, number]> = {
    u8: [0, 255],
    s8: [-128, 127],
    u16: [0, 65535],
    s16: [-32768, 32767],
    u32: [0, 4294967295],
    s32: [-2147483648, 2147483647],
  };
  const range = ranges[name];
  if (range !== undefined) {
    return fc.integer({ min: range[0], max: range[1] });
  }
  switch (name) {
    case 'bool':
      return fc.boolean();
    case 'u64':
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 's64':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'f32':
      return fc.float().map(noNegativeZero);
    case 'f64':
      return fc.double().map(noNegativeZero);
    case 'char':
      return fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
    default:
      return fc.string({ unit: 'binary', maxLength: 8 });
  }
}

function keyId(value: WitValue): string {
  return typeof value === 'bigint' ? `${value}n` : JSON.stringify(value);
}

/** Random values of a model type. */
export function valueOf(resolve: Resolve, type: Type): fc.Arbitrary<WitValue> {
  const of = (t: Type): fc.Arbitrary<WitValue> => valueOf(resolve, t);
  switch (type.kind) {
    case 'primitive':
      return primitiveValue(type.name);
    case 'list':
      return fc.array(
        of(type.element),
        type.size === undefined ? { maxLength: 3 } : { minLength: type.size, maxLength: type.size },
      );
    case 'option':
      return fc.option(
        of(type.inner).map((some) => ({ some })),
        { nil: null },
      );
    case 'result':
      return fc.oneof(
        (type.ok === null ? fc.constant(undefined) : of(type.ok)).map((ok) => ({ ok })),
        (type.err === null ? fc.constant(undefined) : of(type.err)).map((err) => ({ err })),
      );
    case 'tuple':
      return fc.tuple(...type.items.map(of));
    case 'map':
      return fc.uniqueArray(fc.tuple(of(type.key), of(type.value)), {
        maxLength: 3,
        selector: (pair) => keyId(pair[0]),
      });
    case 'named':
      return namedValue(resolve, type.id);
    default:
      throw new Error(`no values of ${type.kind}`);
  }
}

function namedValue(resolve: Resolve, id: number): fc.Arbitrary<WitValue> {
  const def = resolve.types[id];
  const kind = def?.kind;
  switch (kind?.tag) {
    case 'record':
      return fc.record(Object.fromEntries(kind.fields.map((f) => [f.name, valueOf(resolve, f.type)])));
    case 'variant':
      return fc.oneof(
        ...kind.cases.map((c) =>
          c.type === null
            ? fc.constant({ case: c.name })
            : valueOf(resolve, c.type).map((value) => ({ case: c.name, value })),
        ),
      );
    case 'enum':
      return fc.constantFrom(...kind.cases.map((c) => c.name));
    case 'flags':
      return fc.subarray(kind.flags.map((f) => f.name));
    case 'alias':
      return valueOf(resolve, kind.target);
    default:
      throw new Error(`no values of type ${id}`);
  }
}
