/**
 * Fuzz: JSON parameter values and `obelisk.toml` text. Arbitrary JSON against typed parameters
 * is converted or rejected with a ValueError naming the path; arbitrary and mutated config text
 * is accepted or rejected with a ConfigError; neither ever crashes.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../../src/config/index.js';
import { jsonToValue, valueToJson } from '../../../src/wit/codec/index.js';
import { parseWitText } from '../../../src/wit/load.js';
import type { Type } from '../../../src/wit/model.js';
import { fuzzParameters, fuzzTimeout, mutatedText, rejectionOf } from './fuzz.js';

const TYPES_WIT = `package fuzz:values;
interface i {
  record point { x: s32, y: s32, label: option<string> }
  variant shape { circle(f64), rect(tuple<point, point>), empty }
  enum color { red, green, blue }
  flags perms { read, write, exec }
  f: func(
    a: u8, b: s64, c: u64, d: f32, e: char, s: string, l: list<point>, o: option<option<color>>,
    r: result<shape, list<u16>>, t: tuple<bool, perms>, big: list<list<s16>>
  );
}
`;

const resolve = parseWitText(TYPES_WIT, 'fuzz.wit');
const func = resolve.interfaces.find((i) => i.name === 'i')?.functions.get('f');
const PARAM_TYPES: readonly Type[] = func?.params.map((p) => p.type) ?? [];

describe('fuzz: JSON values', () => {
  test('arbitrary JSON for every parameter type converts or is rejected with a ValueError', fuzzTimeout(20), () => {
    expect(PARAM_TYPES.length).toBe(11);
    fc.assert(
      fc.property(fc.constantFrom(...PARAM_TYPES), fc.jsonValue({ maxDepth: 4 }), (type, json) => {
        const code = rejectionOf(() => jsonToValue(resolve, type, json));
        if (code === null) {
          // Whatever was accepted prints back to JSON that is accepted again, to the same value.
          const value = jsonToValue(resolve, type, json);
          const again = valueToJson(resolve, type, value);
          expect(jsonToValue(resolve, type, again)).toEqual(value);
        }
      }),
      fuzzParameters(),
    );
  });
});

const SECTIONS = ['api', 'database.sqlite', 'wasm', 'codegen_cache', 'log', '[activity_wasm]', '[workflow]', 'nope'];
const KEYS = ['name', 'listening_addr', 'file', 'max_workers', 'level', 'location.path', 'exec.batch_size', 'x'];
const tomlValue = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true }).map((n) => (Number.isInteger(n) ? `${n}.0` : String(n))),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.boolean().map(String),
  fc.constantFrom('[1, 2]', '{ seconds = 1 }', '"${HOME}"', '"${NOPE:-x}"', '[[1], [2]]', '{ milliseconds = -5 }'),
);
const tomlLine = fc.oneof(
  fc.constantFrom(...SECTIONS).map((s) => `[${s}]`),
  fc.tuple(fc.constantFrom(...KEYS), tomlValue).map(([k, v]) => `${k} = ${v}`),
);
const tomlText = fc.array(tomlLine, { maxLength: 12 }).map((lines) => lines.join('\n'));

const VALID = `[api]
listening_addr = "127.0.0.1:5005"

[database.sqlite]
file = "obelisk.sqlite"

[[activity_wasm]]
name = "a"
location.path = "a.wasm"
exec.batch_size = 3
`;

function parse(text: string): void {
  parseConfig(text, { name: 'obelisk.toml', dir: '/tmp', env: {} });
}

describe('fuzz: obelisk.toml', () => {
  test(
    'config text built from real sections and keys is accepted or rejected with a ConfigError',
    fuzzTimeout(200),
    () => {
      fc.assert(
        fc.property(tomlText, (text) => {
          const code = rejectionOf(() => parse(text));
          expect(code === null || code === 'config-invalid').toBe(true);
        }),
        fuzzParameters(),
      );
    },
  );

  test('mutations of a valid config are accepted or rejected with a ConfigError', fuzzTimeout(200), () => {
    expect(rejectionOf(() => parse(VALID))).toBeNull();
    fc.assert(
      fc.property(mutatedText(VALID), (text) => {
        const code = rejectionOf(() => parse(text));
        expect(code === null || code === 'config-invalid').toBe(true);
      }),
      fuzzParameters(),
    );
  });
});
