/**
 * Host implementations of the corpus components' `test:*` interfaces, in
 * WIT values, doing what the guests' `test-imports` exports expect (they
 * assert on every result, so a wrong conversion traps).
 */
import type { WitValue } from '../../../src/wit/codec/index.js';
import type { Handler } from './transpiled.js';

const identity: Handler = (args) => args[0];
const pair: Handler = (args) => [args[0] as WitValue, args[1] as WitValue];
const none: Handler = () => undefined;
const bytes = (text: string): WitValue[] => [...Buffer.from(text, 'utf8')];

function numbers(): Record<string, Handler> {
  let scalar: WitValue = 0;
  const handlers: Record<string, Handler> = {
    'set-scalar': (args) => {
      scalar = args[0] as WitValue;
      return undefined;
    },
    'get-scalar': () => scalar,
  };
  for (const t of ['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'f32', 'f64', 'char']) {
    handlers[`roundtrip-${t}`] = identity;
  }
  return handlers;
}

function records(): Record<string, Handler> {
  return {
    'multiple-results': () => [4, 5],
    'swap-tuple': (args) => {
      const [a, b] = args[0] as WitValue[];
      return [b as WitValue, a as WitValue];
    },
    'roundtrip-flags1': identity,
    'roundtrip-flags2': identity,
    'roundtrip-flags3': (args) => args,
    'roundtrip-record1': identity,
    tuple1: identity,
  };
}

function variants(): Record<string, Handler> {
  return {
    'roundtrip-option': (args) => {
      const a = args[0] as { some: number } | null;
      return a === null ? null : { some: Math.trunc(a.some) };
    },
    'roundtrip-result': (args) => {
      const a = args[0] as { ok: number } | { err: number };
      return 'ok' in a ? { ok: a.ok } : { err: Math.trunc(a.err) };
    },
    'roundtrip-enum': identity,
    'invert-bool': (args) => !(args[0] as boolean),
    'variant-casts': identity,
    'variant-zeros': identity,
    'variant-typedefs': none,
    'variant-enums': () => [false, { err: undefined }, 'a'],
  };
}

function lists(): Record<string, Handler> {
  return {
    'empty-list-param': none,
    'empty-string-param': none,
    'empty-list-result': () => [],
    'empty-string-result': () => '',
    'list-param': none,
    'list-param2': none,
    'list-param3': none,
    'list-param4': none,
    'list-param5': none,
    'list-param-large': none,
    'list-result': () => [1, 2, 3, 4, 5],
    'list-result2': () => 'hello!',
    'list-result3': () => ['hello,', 'world!'],
    'list-minmax8': pair,
    'list-minmax16': pair,
    'list-minmax32': pair,
    'list-minmax64': pair,
    'list-minmax-float': pair,
    'list-roundtrip': identity,
    'string-roundtrip': identity,
  };
}

function flavorful(): Record<string, Handler> {
  let errnoCalls = 0;
  return {
    'f-list-in-record1': none,
    'f-list-in-record2': () => ({ a: 'list_in_record2' }),
    'f-list-in-record3': () => ({ a: 'list_in_record3 output' }),
    'f-list-in-record4': () => ({ a: 'result4' }),
    'f-list-in-variant1': none,
    'f-list-in-variant2': () => ({ some: 'list_in_variant2' }),
    'f-list-in-variant3': () => ({ some: 'output3' }),
    'errno-result': () => (errnoCalls++ === 0 ? { err: 'b' } : { ok: undefined }),
    'list-typedefs': () => [bytes('typedef3'), ['typedef4']],
    'list-of-variants': () => [
      [false, true],
      [{ err: undefined }, { ok: undefined }],
      ['a', 'b'],
    ],
  };
}

/** Fresh handlers (some keep state) for `test:<name>/test`. */
export const HANDLERS: Record<string, () => Record<string, Handler>> = { numbers, records, variants, lists, flavorful };
