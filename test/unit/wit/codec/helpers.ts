/**
 * Building function codecs from WIT snippets for the codec tests.
 */
import { compileFunctionCodec, type FunctionCodec } from '../../../../src/wit/codec/index.js';
import { parseWitText } from '../../../../src/wit/load.js';
import type { Func, Resolve, Type } from '../../../../src/wit/model.js';

export interface Parsed {
  readonly resolve: Resolve;
  func(name: string): Func;
  codec(name: string): FunctionCodec;
  /** The type of the first parameter of `name`. */
  param(name: string): Type;
}

/** Parses `items` as the body of interface `t:t/i`. */
export function parseInterface(items: string): Parsed {
  const resolve = parseWitText(`package t:t;\ninterface i {\n${items}\n}\n`, 'test.wit');
  const iface = resolve.interfaces.find((i) => i.name === 'i');
  const func = (name: string): Func => {
    const found = iface?.functions.get(name);
    if (found === undefined) {
      throw new Error(`no function ${name}`);
    }
    return found;
  };
  return {
    resolve,
    func,
    codec: (name) => compileFunctionCodec(resolve, func(name)),
    param: (name) => (func(name).params[0] as { type: Type }).type,
  };
}

/** The message of the ValueError `run` throws. */
export function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof Error && error.name === 'ValueError') {
      return error.message;
    }
    throw error;
  }
  throw new Error('expected a ValueError');
}
