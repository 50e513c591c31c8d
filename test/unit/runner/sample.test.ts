/** The sample parameters of `obelisk dev`'s ready-to-paste submit line are valid and show what goes in. */
import { expect, test } from 'vitest';
import type { ExportedFunction } from '../../../src/engine/index.js';
import { sampleParams } from '../../../src/runner/index.js';
import { compileFunctionCodec } from '../../../src/wit/codec/function.js';
import { parseWitText } from '../../../src/wit/load.js';

const WIT = `package demo:sample;
interface api {
  record person { full-name: string, age: u8, tags: list<string> }
  variant shape { circle(f64), square }
  enum color { red, green }
  flags perms { read, write }
  type people = list<person>;
  greet: func(names: list<string>) -> string;
  mixed: func(p: person, s: shape, c: color, f: perms, o: option<u32>, t: tuple<bool, char>, r: result<s64, string>, fixed: list<u16, 3>, all: people) -> u32;
}
`;

function exported(name: string): ExportedFunction {
  const resolve = parseWitText(WIT);
  const iface = resolve.interfaces.find((i) => i.name === 'api');
  const func = iface?.functions.get(name);
  if (func === undefined) {
    throw new Error(`no function ${name}`);
  }
  return { func, component: { resolve } } as unknown as ExportedFunction;
}

test('a list of strings gets one sample string, not an empty list', () => {
  expect(sampleParams(exported('greet'))).toEqual([['text']]);
});

test('the samples of every kind of type are accepted by the function codec', () => {
  const fn = exported('mixed');
  const params = sampleParams(fn);
  expect(() => compileFunctionCodec(fn.component.resolve, fn.func).paramsFromJson(params)).not.toThrow();
  expect(params[0]).toEqual({ full_name: 'text', age: 1, tags: ['text'] });
  expect(params[7]).toEqual([1, 1, 1]);
  expect(params[8]).toEqual([{ full_name: 'text', age: 1, tags: ['text'] }]);
});
