/**
 * The codec against real jco bindings: corpus components (decoded with our
 * decoder, transpiled with jco 1.35) run with host imports written in WIT
 * values through the codec, and their exports are called with arguments the
 * codec converted from JSON. The guests assert on every value they receive,
 * so a wrong JS representation traps or fails a guest assertion.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { decodeComponent } from '../../../src/wit/decoder/index.js';
import type { FunctionCodec } from '../../../src/wit/codec/index.js';
import { corpusBytes } from '../../unit/wit/decoder/corpus.js';
import { EXPECTED_IMPORT_CALLS } from './expected-calls.js';
import { HANDLERS } from './host-handlers.js';
import { callExport, codecs, hostInterface, interfaceOf, transpile } from './transpiled.js';

interface Loaded {
  readonly functions: Map<string, FunctionCodec>;
  /** A fresh instance: its root exports, the test interface's exports, and the import call log. */
  instance(): Promise<{ root: Record<string, unknown>; exports: Record<string, unknown>; log: string[] }>;
}

async function load(name: string): Promise<Loaded> {
  const bytes = corpusBytes(`${name}.component.wasm`);
  const resolve = decodeComponent(bytes);
  const ifaceName = `test:${name}/test`;
  const functions = codecs(resolve, interfaceOf(resolve, ifaceName));
  const instantiate = await transpile(bytes);
  return {
    functions,
    async instance() {
      const log: string[] = [];
      const handlers = (HANDLERS[name] as () => Record<string, never>)();
      const root = await instantiate({ [ifaceName]: hostInterface(functions, handlers, log) });
      return { root, exports: root[ifaceName] as Record<string, unknown>, log };
    },
  };
}

/** Calls each export with JSON arguments and collects `name(args) = result` lines. */
async function callAll(loaded: Loaded, calls: readonly (readonly [string, unknown[]])[]): Promise<string[]> {
  const { exports } = await loaded.instance();
  return calls.map(
    ([name, args]) =>
      `${name}(${JSON.stringify(args)}) = ${JSON.stringify(callExport(exports, loaded.functions.get(name) as FunctionCodec, args))}`,
  );
}

const COMPONENTS = ['numbers', 'records', 'variants', 'lists', 'flavorful'] as const;

describe('codec with jco-generated bindings', () => {
  const loaded = new Map<string, Loaded>();
  beforeAll(async () => {
    for (const name of COMPONENTS) {
      loaded.set(name, await load(name));
    }
  }, 120_000);

  for (const name of COMPONENTS) {
    test(`${name}: test-imports passes against host imports written with the codec`, async () => {
      const { root, log } = await (loaded.get(name) as Loaded).instance();
      (root['testImports'] as () => void)();
      expect(log).toEqual(EXPECTED_IMPORT_CALLS[name]);
    });
  }

  test('numbers: exports round-trip every width, 64-bit extremes, NaN and astral chars', async () => {
    const lines = await callAll(loaded.get('numbers') as Loaded, [
      ['roundtrip-u8', [255]],
      ['roundtrip-s8', [-128]],
      ['roundtrip-u64', ['18446744073709551615']],
      ['roundtrip-s64', ['-9223372036854775808']],
      ['roundtrip-f32', ['NaN']],
      ['roundtrip-f32', [3.4028234663852886e38]],
      ['roundtrip-f64', ['-Infinity']],
      ['roundtrip-char', ['🚩']],
      ['set-scalar', [7]],
      ['get-scalar', []],
    ]);
    expect(lines).toEqual([
      'roundtrip-u8([255]) = 255',
      'roundtrip-s8([-128]) = -128',
      'roundtrip-u64(["18446744073709551615"]) = "18446744073709551615"',
      'roundtrip-s64(["-9223372036854775808"]) = "-9223372036854775808"',
      'roundtrip-f32(["NaN"]) = "NaN"',
      'roundtrip-f32([3.4028234663852886e+38]) = 3.4028234663852886e+38',
      'roundtrip-f64(["-Infinity"]) = "-Infinity"',
      'roundtrip-char(["🚩"]) = "🚩"',
      'set-scalar([7]) = null',
      'get-scalar([]) = 7',
    ]);
  });

  test('records: exports take and return tuples, flags of 8, 16 and 32 bits and records', async () => {
    const lines = await callAll(loaded.get('records') as Loaded, [
      ['swap-tuple', [[1, 2]]],
      ['roundtrip-flags1', [['a', 'b']]],
      ['roundtrip-flags3', [['b7'], ['b15', 'b0'], ['b31']]],
      ['roundtrip-record1', [{ a: 8, b: ['b'] }]],
      ['tuple1', [[9]]],
    ]);
    expect(lines).toEqual([
      'swap-tuple([[1,2]]) = [2,1]',
      'roundtrip-flags1([["a","b"]]) = ["a","b"]',
      'roundtrip-flags3([["b7"],["b15","b0"],["b31"]]) = [["b7"],["b0","b15"],["b31"]]',
      'roundtrip-record1([{"a":8,"b":["b"]}]) = {"a":8,"b":["b"]}',
      'tuple1([[9]]) = [9]',
    ]);
  });

  test('variants: exports take and return options, results, enums and variants of every payload', async () => {
    const casts = [{ a: -1 }, { b: 2.5 }, { b: 3.25 }, { a: '-9223372036854775808' }, { b: 0.5 }, { a: 1.5 }];
    const lines = await callAll(loaded.get('variants') as Loaded, [
      ['roundtrip-option', [1.5]],
      ['roundtrip-option', [null]],
      ['roundtrip-result', [{ ok: 7 }]],
      ['roundtrip-result', [{ err: 3.7 }]],
      ['roundtrip-enum', ['b']],
      ['invert-bool', [true]],
      ['variant-casts', [casts]],
      ['variant-zeros', [[{ a: 1 }, 'b', { a: 0.5 }, 'b']]],
    ]);
    expect(lines).toEqual([
      'roundtrip-option([1.5]) = 1',
      'roundtrip-option([null]) = null',
      'roundtrip-result([{"ok":7}]) = {"ok":7}',
      'roundtrip-result([{"err":3.7}]) = {"err":3}',
      'roundtrip-enum(["b"]) = "b"',
      'invert-bool([true]) = false',
      `variant-casts([${JSON.stringify(casts)}]) = ${JSON.stringify(casts)}`,
      'variant-zeros([[{"a":1},"b",{"a":0.5},"b"]]) = [{"a":1},"b",{"a":0.5},"b"]',
    ]);
  });

  test('lists: exports take and return byte lists, strings and nested lists', async () => {
    const lines = await callAll(loaded.get('lists') as Loaded, [
      ['list-roundtrip', [[1, 2, 255]]],
      ['string-roundtrip', ['héllo ⚑']],
      ['list-result', []],
      ['list-result3', []],
      ['empty-list-result', []],
      ['list-param', [[1, 2, 3, 4]]],
      ['list-param4', [[['foo', 'bar'], ['baz']]]],
      [
        'list-param5',
        [
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
      ],
    ]);
    expect(lines).toEqual([
      'list-roundtrip([[1,2,255]]) = [1,2,255]',
      'string-roundtrip(["héllo ⚑"]) = "héllo ⚑"',
      'list-result([]) = [1,2,3,4,5]',
      'list-result3([]) = ["hello,","world!"]',
      'empty-list-result([]) = []',
      'list-param([[1,2,3,4]]) = null',
      'list-param4([[["foo","bar"],["baz"]]]) = null',
      'list-param5([[[1,2,3],[4,5,6]]]) = null',
    ]);
  });

  test('flavorful: an export returning result<_, my-errno> gives its err, and records and lists pass', async () => {
    const lines = await callAll(loaded.get('flavorful') as Loaded, [
      ['f-list-in-record3', [{ a: 'list_in_record3 input' }]],
      ['f-list-in-variant1', ['foo', { err: 'bar' }]],
      ['f-list-in-variant3', ['input3']],
      ['errno-result', []],
      ['list-typedefs', ['typedef1', ['typedef2']]],
    ]);
    expect(lines).toEqual([
      'f-list-in-record3([{"a":"list_in_record3 input"}]) = {"a":"list_in_record3 output"}',
      'f-list-in-variant1(["foo",{"err":"bar"}]) = null',
      'f-list-in-variant3(["input3"]) = "output3"',
      'errno-result([]) = {"err":"b"}',
      `list-typedefs(["typedef1",["typedef2"]]) = [${JSON.stringify([...Buffer.from('typedef3')])},["typedef4"]]`,
    ]);
  });
});
