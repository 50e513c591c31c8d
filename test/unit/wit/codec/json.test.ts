/**
 * The JSON encoding of WIT values (docs/wit-json.md): what each type looks
 * like, and the errors for values that do not fit, with their paths.
 */
import { describe, expect, test } from 'vitest';
import { type ValueError, jsonToValue, valueToJson } from '../../../../src/wit/codec/index.js';
import { errorOf, parseInterface } from './helpers.js';

const TYPES = parseInterface(`
  record address { street: string, zip: u16, DNS-name: option<string> }
  variant shape { circle(u32), empty, named(address) }
  enum color { red, light-green }
  flags perms { read, write-all, exec }
  type id = u64;
  person: func(name: string, home: address);
  shapes: func(s: list<shape>, c: color, p: perms);
  numbers: func(a: u8, b: s8, c: u16, d: s16, e: u32, f: s32, g: u64, h: s64, i: f32, j: f64, k: id);
  texts: func(c: char, s: string, b: bool);
  options: func(a: option<u32>, b: option<option<u32>>, c: option<option<option<u32>>>);
  results: func(a: result<u32, string>, b: result, c: result<_, color>, d: result<option<u8>>);
  containers: func(a: list<u8>, b: tuple<u8, string>, c: list<u8, 3>, d: map<string, u32>);
  handles: func(f: future<u8>, s: stream<u8>, e: error-context);
  returns: func() -> result<address, string>;
  nothing: func();
`);

describe('JSON encoding of WIT values', () => {
  test('records are objects with snake_case keys', () => {
    const codec = TYPES.codec('person');
    const values = codec.paramsFromJson(['Ann', { street: 'Main', zip: 12345, dns_name: null }]);
    expect(values).toEqual(['Ann', { street: 'Main', zip: 12345, 'DNS-name': null }]);
    expect(codec.paramsToJson(values)).toEqual(['Ann', { street: 'Main', zip: 12345, dns_name: null }]);
  });

  test('the path and the expected type name the bad field', () => {
    const codec = TYPES.codec('person');
    expect(errorOf(() => codec.paramsFromJson(['Ann', { street: 'Main', zip: 'abc', dns_name: null }]))).toBe(
      'params[1].zip: expected u16, got "abc"',
    );
    expect(errorOf(() => codec.paramsFromJson(['Ann', { street: 'Main', zip: 70000, dns_name: null }]))).toBe(
      'params[1].zip: expected u16, got 70000 (out of range 0..65535)',
    );
    expect(errorOf(() => codec.paramsFromJson(['Ann', { street: 'Main', zip: 1.5, dns_name: null }]))).toBe(
      'params[1].zip: expected u16, got 1.5',
    );
  });

  test('unknown and missing record fields, and wrong parameter counts, are rejected', () => {
    const codec = TYPES.codec('person');
    expect(errorOf(() => codec.paramsFromJson(['Ann', { street: 'Main', zipp: 1, zip: 1, dns_name: null }]))).toBe(
      'params[1]: unknown field "zipp" in address (fields: "street", "zip", "dns_name")',
    );
    expect(errorOf(() => codec.paramsFromJson(['Ann', { street: 'Main', zip: 1 }]))).toBe(
      'params[1]: missing field "dns_name" of address',
    );
    expect(errorOf(() => codec.paramsFromJson(['Ann', { street: 'Main', zip: 1, dns_name: null }, 3]))).toBe(
      'params: expected 2 parameters (name, home), got 3',
    );
    expect(errorOf(() => codec.paramsFromJson({ name: 'Ann' }))).toBe('params: expected a JSON array of parameters');
    expect(errorOf(() => codec.paramsFromJson(['Ann', 5]))).toBe('params[1]: expected address (a JSON object), got 5');
  });

  test('variants are {"case": payload} or "case", enums snake_case strings, flags arrays of names', () => {
    const codec = TYPES.codec('shapes');
    const json = [
      [{ circle: 3 }, 'empty', { empty: null }, { named: { street: 's', zip: 1, dns_name: 'x' } }],
      'light_green',
      ['write_all', 'read'],
    ];
    const values = codec.paramsFromJson(json);
    expect(values).toEqual([
      [
        { case: 'circle', value: 3 },
        { case: 'empty' },
        { case: 'empty' },
        { case: 'named', value: { street: 's', zip: 1, 'DNS-name': { some: 'x' } } },
      ],
      'light-green',
      ['read', 'write-all'],
    ]);
    expect(codec.paramsToJson(values)).toEqual([
      [{ circle: 3 }, 'empty', 'empty', { named: { street: 's', zip: 1, dns_name: 'x' } }],
      'light_green',
      ['read', 'write_all'],
    ]);
  });

  test('wrong variant, enum and flag cases name the allowed ones', () => {
    const codec = TYPES.codec('shapes');
    expect(errorOf(() => codec.paramsFromJson([[{ square: 1 }], 'red', []]))).toBe(
      'params[0][0]: expected shape (one of "circle", "empty", "named"), got {"square":1}',
    );
    expect(errorOf(() => codec.paramsFromJson([['circle'], 'red', []]))).toBe(
      'params[0][0]: expected shape, got "circle" (case "circle" needs a payload: {"circle": value})',
    );
    expect(errorOf(() => codec.paramsFromJson([[{ empty: 1 }], 'red', []]))).toBe(
      'params[0][0].empty: expected null (case "empty" has no payload), got 1',
    );
    expect(errorOf(() => codec.paramsFromJson([[], 'blue', []]))).toBe(
      'params[1]: expected color (one of "red", "light_green"), got "blue"',
    );
    expect(errorOf(() => codec.paramsFromJson([[], 'red', ['read', 'read']]))).toBe(
      'params[2][1]: flag "read" is listed twice',
    );
    expect(errorOf(() => codec.paramsFromJson([[], 'red', ['all']]))).toBe(
      'params[2][0]: expected a flag of perms (one of "read", "write_all", "exec"), got "all"',
    );
  });

  test('integers are range-checked and 64-bit integers are numbers when safe, strings otherwise', () => {
    const codec = TYPES.codec('numbers');
    const values = codec.paramsFromJson([
      255,
      -128,
      65535,
      -32768,
      4294967295,
      -2147483648,
      '18446744073709551615',
      '-9223372036854775808',
      1.5,
      0.1,
      42,
    ]);
    expect(values).toEqual([
      255,
      -128,
      65535,
      -32768,
      4294967295,
      -2147483648,
      18446744073709551615n,
      -9223372036854775808n,
      1.5,
      0.1,
      42n,
    ]);
    expect(codec.paramsToJson(values)).toEqual([
      255,
      -128,
      65535,
      -32768,
      4294967295,
      -2147483648,
      '18446744073709551615',
      '-9223372036854775808',
      1.5,
      0.1,
      42,
    ]);
    expect(errorOf(() => codec.paramsFromJson([256, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe(
      'params[0]: expected u8, got 256 (out of range 0..255)',
    );
    expect(errorOf(() => codec.paramsFromJson([0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0]))).toBe(
      'params[6]: expected u64, got -1 (out of range 0..18446744073709551615)',
    );
    expect(errorOf(() => codec.paramsFromJson([0, 0, 0, 0, 0, 0, 2 ** 60, 0, 0, 0, 0]))).toContain(
      'not a safe integer: write large values as decimal strings',
    );
    expect(errorOf(() => codec.paramsFromJson([0, 0, 0, 0, 0, 0, '12a', 0, 0, 0, 0]))).toBe(
      'params[6]: expected u64 (an integer or a decimal string), got "12a"',
    );
  });

  test('floats are numbers, with NaN and the infinities as strings, and f32 values are rounded to f32', () => {
    const codec = TYPES.codec('numbers');
    const values = codec.paramsFromJson([0, 0, 0, 0, 0, 0, 0, 0, 'NaN', '-Infinity', 0]);
    expect(values[8]).toBeNaN();
    expect(values[9]).toBe(-Infinity);
    expect(codec.paramsToJson(values).slice(8, 10)).toEqual(['NaN', '-Infinity']);
    expect(codec.paramsFromJson([0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.1, 0])[8]).toBe(Math.fround(0.1));
    expect(errorOf(() => codec.paramsFromJson([0, 0, 0, 0, 0, 0, 0, 0, 1e39, 0, 0]))).toBe(
      'params[8]: expected f32, got 1e+39 (out of the f32 range)',
    );
  });

  test('chars are one code point and strings must be valid Unicode', () => {
    const codec = TYPES.codec('texts');
    expect(codec.paramsFromJson(['😀', 'ok', true])).toEqual(['😀', 'ok', true]);
    expect(errorOf(() => codec.paramsFromJson(['ab', '', true]))).toBe(
      'params[0]: expected char, got "ab" (2 characters)',
    );
    expect(errorOf(() => codec.paramsFromJson(['a', '\uD800x', true]))).toContain('params[1]: expected string, got');
    expect(errorOf(() => codec.paramsFromJson(['a', '', 'true']))).toBe('params[2]: expected bool, got "true"');
  });

  test('options are null or the value, and nested options wrap the inner ones in {"some": ..}', () => {
    const codec = TYPES.codec('options');
    const cases: [unknown[], unknown[]][] = [
      [
        [null, null, null],
        [null, null, null],
      ],
      [
        [1, { some: null }, { some: { some: null } }],
        [{ some: 1 }, { some: null }, { some: { some: null } }],
      ],
      [
        [2, { some: 3 }, { some: { some: 4 } }],
        [{ some: 2 }, { some: { some: 3 } }, { some: { some: { some: 4 } } }],
      ],
    ];
    for (const [json, values] of cases) {
      expect(codec.paramsFromJson(json)).toEqual(values);
      expect(codec.paramsToJson(codec.paramsFromJson(json))).toEqual(json);
    }
    expect(errorOf(() => codec.paramsFromJson([null, 3, null]))).toBe(
      'params[1]: expected option<option<u32>> (null or {"some": value}), got 3',
    );
  });

  test('results are {"ok": value} or {"err": value}, with null for no payload', () => {
    const codec = TYPES.codec('results');
    const json = [{ ok: 1 }, { err: null }, { err: 'red' }, { ok: null }];
    const values = codec.paramsFromJson(json);
    expect(values).toEqual([{ ok: 1 }, { err: undefined }, { err: 'red' }, { ok: null }]);
    expect(codec.paramsToJson(values)).toEqual(json);
    expect(errorOf(() => codec.paramsFromJson([{ ok: 1, err: 'x' }, { ok: null }, { ok: null }, { ok: null }]))).toBe(
      'params[0]: expected result<u32, string> ({"ok": value} or {"err": value}), got {"ok":1,"err":"x"}',
    );
    expect(errorOf(() => codec.paramsFromJson([{ err: 1 }, { ok: null }, { ok: null }, { ok: null }]))).toBe(
      'params[0].err: expected string, got 1',
    );
  });

  test('lists, tuples, fixed-size lists and maps are arrays', () => {
    const codec = TYPES.codec('containers');
    const json = [
      [1, 2],
      [3, 'x'],
      [4, 5, 6],
      [
        ['a', 1],
        ['b', 2],
      ],
    ];
    const values = codec.paramsFromJson(json);
    expect(values).toEqual([
      [1, 2],
      [3, 'x'],
      [4, 5, 6],
      [
        ['a', 1],
        ['b', 2],
      ],
    ]);
    expect(codec.paramsToJson(values)).toEqual(json);
    expect(errorOf(() => codec.paramsFromJson([[1, 300], [3, 'x'], [4, 5, 6], []]))).toBe(
      'params[0][1]: expected u8, got 300 (out of range 0..255)',
    );
    expect(errorOf(() => codec.paramsFromJson([[], [3], [4, 5, 6], []]))).toBe(
      'params[1]: expected tuple<u8, string> (2 items), got 1 items',
    );
    expect(errorOf(() => codec.paramsFromJson([[], [3, 'x'], [4, 5], []]))).toBe(
      'params[2]: expected list<u8, 3> (3 items), got 2 items',
    );
    expect(
      errorOf(() =>
        codec.paramsFromJson([
          [],
          [3, 'x'],
          [4, 5, 6],
          [
            ['a', 1],
            ['a', 2],
          ],
        ]),
      ),
    ).toBe('params[3][1][0]: duplicate key "a" in map<string, u32>');
  });

  test('resources, streams, futures and error contexts have no JSON form', () => {
    const codec = TYPES.codec('handles');
    expect(errorOf(() => codec.paramsFromJson([1, 2, 3]))).toBe(
      'params[0]: values of type future<u8> cannot be converted: streams and futures exist only inside a running component',
    );
    const error = (() => {
      try {
        codec.paramsFromJson([1, 2, 3]);
      } catch (e) {
        return e as ValueError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('unsupported-type');
  });

  test('function results are one JSON value; functions without a result give null', () => {
    const returns = TYPES.codec('returns');
    expect(returns.resultFromJson({ ok: { street: 's', zip: 2, dns_name: null } })).toEqual({
      ok: { street: 's', zip: 2, 'DNS-name': null },
    });
    expect(errorOf(() => returns.resultFromJson({ ok: { street: 's' } }))).toBe(
      'result.ok: missing field "zip" of address',
    );
    const nothing = TYPES.codec('nothing');
    expect(nothing.resultToJson(undefined)).toBeNull();
    expect(nothing.resultFromJson(null)).toBeUndefined();
  });

  test('single values convert with a path root of their own', () => {
    const type = TYPES.param('person');
    expect(jsonToValue(TYPES.resolve, type, 'x', 'name')).toBe('x');
    expect(errorOf(() => jsonToValue(TYPES.resolve, type, 1, 'name'))).toBe('name: expected string, got 1');
    expect(errorOf(() => jsonToValue(TYPES.resolve, type, 1))).toBe('$: expected string, got 1');
    expect(valueToJson(TYPES.resolve, type, 'y')).toBe('y');
  });
});
