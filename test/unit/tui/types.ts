/** A WIT package with one function per kind of type, for the value and form tests. */
import type { Type } from '../../../src/wit/model.js';
import { functionTypesFromWit, type FunctionTypes } from '../../../src/tui/wit-types.js';

export const ALL_TYPES_WIT = `package test:all@1.0.0;
interface shapes {
  record address { street: string, zip-code: u32 }
  variant shape { circle(f64), square(u32), empty }
  enum color { red, light-green }
  flags perms { read, write-all }
  type id = u64;
  everything: func(
    b: bool, n: s32, big: u64, f: f64, c: char, s: string,
    l: list<u8>, t: tuple<u8, string>, o: option<u32>, oo: option<option<u32>>,
    r: result<u32, string>, a: address, v: shape, e: color, p: perms, i: id, m: map<string, u32>
  ) -> result<address, shape>;
}
world all { export shapes; }
`;

export const EVERYTHING = 'test:all/shapes@1.0.0.everything';

export function allTypes(): FunctionTypes {
  const types = functionTypesFromWit(ALL_TYPES_WIT, EVERYTHING);
  if (types === null) throw new Error('everything not found');
  return types;
}

export function paramType(types: FunctionTypes, name: string): Type {
  const param = types.params.find((p) => p.name === name);
  if (param === undefined) throw new Error(`no param ${name}`);
  return param.type;
}
