/**
 * The JS representation jco 1.35's generated bindings take and return (as
 * read from transpiled glue; the integration tests call real exports):
 * BigInt for 64-bit integers, typed arrays for lists of numbers, camelCase
 * record fields and flags, kebab-case enum and variant cases, `{tag, val}`
 * variants and results, `undefined`-or-value options except where the
 * payload can itself be `undefined`, `Map` for maps.
 */
import { describe, expect, test } from 'vitest';
import { valueToJs } from '../../../../src/wit/codec/index.js';
import { errorOf, parseInterface } from './helpers.js';

const TYPES = parseInterface(`
  record rec { field-one: u8, DNS-name: string, x2-y: u64 }
  variant v { no-payload, with-payload(u32), HTTP-thing(string) }
  enum e { first-case, HTTP-OK }
  flags fl { flag-one, TLS-on }
  type bytes = list<u8>;
  shapes: func(a: rec, b: v, c: e, d: fl);
  lists: func(a: list<u8>, b: list<s64>, c: list<f32>, d: list<string>, e: list<u8, 2>, f: bytes, g: list<list<u16>>);
  options: func(a: option<u32>, b: option<option<u32>>, c: option<option<option<u32>>>, d: option<result<u32>>);
  results: func(a: result<u32, string>, b: result);
  maps: func(m: map<string, u64>);
  call: func(n: u32) -> result<string, e>;
  plain: func() -> option<u8>;
`);

describe("jco's JS representation of WIT values", () => {
  test('records and flags use camelCase keys, enums and variant tags keep the WIT names', () => {
    const codec = TYPES.codec('shapes');
    const values = codec.paramsFromJson([
      { field_one: 1, dns_name: 'a', x2_y: 5 },
      { http_thing: 'x' },
      'http_ok',
      ['tls_on'],
    ]);
    const js = codec.paramsToJs(values);
    expect(js).toEqual([
      { fieldOne: 1, dnsName: 'a', x2Y: 5n },
      { tag: 'HTTP-thing', val: 'x' },
      'HTTP-OK',
      { flagOne: false, tlsOn: true },
    ]);
    expect(codec.paramsFromJs(js)).toEqual(values);
    expect(
      codec.paramsToJs(
        codec.paramsFromJson([{ field_one: 1, dns_name: 'a', x2_y: 5 }, 'no_payload', 'first_case', []]),
      )[1],
    ).toEqual({ tag: 'no-payload' });
    expect(
      codec.paramsFromJs([{ fieldOne: 1, dnsName: 'a', x2Y: 5n }, { tag: 'no-payload' }, 'first-case', {}])[3],
    ).toEqual([]);
  });

  test('lists of numbers are typed arrays, other lists and fixed-size lists are arrays', () => {
    const codec = TYPES.codec('lists');
    const values = codec.paramsFromJson([[1, 2], [-1, '9223372036854775807'], [0.5], ['a'], [1, 2], [3], [[4]]]);
    const js = codec.paramsToJs(values);
    expect(js[0]).toBeInstanceOf(Uint8Array);
    expect(js[1]).toEqual(BigInt64Array.from([-1n, 9223372036854775807n]));
    expect(js[2]).toEqual(Float32Array.from([0.5]));
    expect(js[3]).toEqual(['a']);
    expect(Array.isArray(js[4])).toBe(true);
    expect(js[5]).toEqual(Uint8Array.from([3]));
    expect(js[6]).toEqual([Uint16Array.from([4])]);
    expect(codec.paramsFromJs(js)).toEqual(values);
    expect(codec.paramsFromJs([[1, 2], [-1n], [0.5], ['a'], [1, 2], Uint8Array.from([3]), [[4]]])[1]).toEqual([-1n]);
  });

  test('an option is undefined or the value, tagged only when its payload can itself be undefined', () => {
    const codec = TYPES.codec('options');
    const values = codec.paramsFromJson([null, { some: null }, { some: null }, { ok: 1 }]);
    expect(codec.paramsToJs(values)).toEqual([
      undefined,
      { tag: 'some', val: undefined },
      { tag: 'none' },
      { tag: 'ok', val: 1 },
    ]);
    const nested = codec.paramsFromJson([5, { some: 6 }, { some: { some: 7 } }, null]);
    expect(codec.paramsToJs(nested)).toEqual([5, { tag: 'some', val: 6 }, { tag: 'some', val: 7 }, undefined]);
    expect(codec.paramsFromJs([5, { tag: 'some', val: 6 }, { tag: 'some', val: 7 }, undefined])).toEqual(nested);
    expect(codec.paramsFromJs([null, { tag: 'none' }, undefined, undefined])).toEqual([null, null, null, null]);
    expect(errorOf(() => codec.paramsFromJs([null, 3, undefined, undefined]))).toBe(
      "params[1]: expected option<option<u32>> ({tag: 'none'} or {tag: 'some', val}), got 3",
    );
  });

  test('results are {tag, val} inside values, and maps are Maps', () => {
    const results = TYPES.codec('results');
    const values = results.paramsFromJson([{ err: 'bad' }, { ok: null }]);
    expect(results.paramsToJs(values)).toEqual([
      { tag: 'err', val: 'bad' },
      { tag: 'ok', val: undefined },
    ]);
    expect(results.paramsFromJs([{ tag: 'err', val: 'bad' }, { tag: 'ok' }])).toEqual(values);
    const maps = TYPES.codec('maps');
    const js = maps.paramsToJs(maps.paramsFromJson([[['a', 1]]]));
    expect(js[0]).toEqual(new Map([['a', 1n]]));
    expect(maps.paramsFromJs(js)).toEqual([[['a', 1n]]]);
  });

  test('64-bit integers must be BigInts and small integers numbers in range', () => {
    const codec = TYPES.codec('shapes');
    expect(
      errorOf(() =>
        codec.paramsFromJs([{ fieldOne: 1, dnsName: 'a', x2Y: 5 }, { tag: 'no-payload' }, 'first-case', {}]),
      ),
    ).toBe('params[0].x2Y: expected u64 (a bigint), got 5');
    expect(
      errorOf(() =>
        codec.paramsFromJs([{ fieldOne: 1.5, dnsName: 'a', x2Y: 5n }, { tag: 'no-payload' }, 'first-case', {}]),
      ),
    ).toBe('params[0].fieldOne: expected u8, got 1.5');
    expect(
      errorOf(() =>
        codec.paramsFromJs([{ fieldOne: 1, dnsName: 'a', x2Y: 5n }, { tag: 'no-payload' }, 'first-case', { tlsOn: 1 }]),
      ),
    ).toBe('params[3].tlsOn: expected bool, got 1');
  });

  test('an export returning a result returns the ok payload and throws the err payload; traps are rethrown', () => {
    const codec = TYPES.codec('call');
    expect(codec.resultFromJsCall({ returned: 'fine' })).toEqual({ ok: 'fine' });
    expect(codec.resultFromJsCall({ thrown: 'HTTP-OK' })).toEqual({ err: 'HTTP-OK' });
    expect(codec.resultFromJsCall({ thrown: Object.assign(new Error('wrapped'), { payload: 'first-case' }) })).toEqual({
      err: 'first-case',
    });
    const trap = new Error('unreachable');
    expect(() => codec.resultFromJsCall({ thrown: trap })).toThrow(trap);
    expect(errorOf(() => codec.resultFromJsCall({ thrown: 'nope' }))).toBe(
      'result.err: expected e (one of "first-case", "HTTP-OK"), got "nope"',
    );
    expect(codec.resultToJs({ err: 'HTTP-OK' })).toEqual({ tag: 'err', val: 'HTTP-OK' });
    const plain = TYPES.codec('plain');
    expect(plain.resultFromJsCall({ returned: undefined })).toBeNull();
    expect(() => plain.resultFromJsCall({ thrown: 'x' })).toThrow('x');
  });

  test('single values convert without a function', () => {
    expect(valueToJs(TYPES.resolve, TYPES.param('maps'), [['k', 2n]])).toEqual(new Map([['k', 2n]]));
  });
});
