/**
 * Values the corpus components do not cover (nested options, names with
 * upper-case words), checked against jco's lowering code: a WIT-only
 * component's exports trap (`unreachable`) only after jco has lowered the
 * arguments, while arguments jco cannot lower throw a TypeError first. The
 * types avoid strings and lists: lowering those calls the component's
 * allocator, which traps in a WIT-only component before the rest is checked.
 * Each call gets a fresh instance (a trapped instance cannot be re-entered).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { decodeComponent } from '../../../src/wit/decoder/index.js';
import type { FunctionCodec } from '../../../src/wit/codec/index.js';
import { dummyComponent } from '../../helpers/components.js';
import { codecs, interfaceOf, jsName, transpile } from './transpiled.js';

const WIT = `
package t:lower;
interface api {
  record rec { field-one: u8, DNS-flag: bool, big: u64 }
  variant v { no-payload, HTTP-thing(s64) }
  enum e { first-case, HTTP-OK }
  flags fl { flag-one, TLS-on }
  nested: func(a: option<option<u32>>, b: option<option<option<bool>>>, c: result<option<option<u8>>, e>);
  shapes: func(r: rec, v: v, e: e, f: fl);
}
world w { export api; }`;

let functions: Map<string, FunctionCodec>;
let instantiate: (imports: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** What calling export `name` with these JS arguments throws: the error's class name. */
async function thrownBy(name: string, jsArgs: unknown[]): Promise<string> {
  const root = await instantiate({});
  const api = root['t:lower/api'] as Record<string, (...args: unknown[]) => unknown>;
  try {
    api[jsName(name)]?.(...jsArgs);
  } catch (error) {
    return (error as Error).constructor.name;
  }
  return 'nothing';
}

async function lowers(name: string, json: unknown[]): Promise<string> {
  const codec = functions.get(name) as FunctionCodec;
  return thrownBy(name, codec.paramsToJs(codec.paramsFromJson(json)));
}

describe("codec values against jco's lowering", () => {
  beforeAll(async () => {
    const bytes = await dummyComponent(WIT, 'w');
    const resolve = decodeComponent(bytes);
    functions = codecs(resolve, interfaceOf(resolve, 't:lower/api'));
    instantiate = await transpile(bytes);
  }, 120_000);

  test('nested options lower in every shape (the call reaches the trapping body)', async () => {
    for (const json of [
      [null, null, { ok: null }],
      [{ some: null }, { some: null }, { ok: { some: null } }],
      [{ some: 5 }, { some: { some: null } }, { ok: { some: 3 } }],
      [{ some: 5 }, { some: { some: true } }, { err: 'http_ok' }],
    ]) {
      expect(await lowers('nested', json)).toBe('RuntimeError');
    }
  });

  test('a nested option in the wrong shape is refused by the glue before the call', async () => {
    expect(await thrownBy('nested', [5, undefined, { tag: 'ok', val: undefined }])).toBe('TypeError');
    expect(await thrownBy('nested', [undefined, undefined, { tag: 'ok', val: 3 }])).toBe('TypeError');
  });

  test('records, variants, enums and flags with upper-case words lower', async () => {
    expect(
      await lowers('shapes', [
        { field_one: 1, dns_flag: true, big: '18446744073709551615' },
        { http_thing: -5 },
        'http_ok',
        ['tls_on'],
      ]),
    ).toBe('RuntimeError');
    expect(await lowers('shapes', [{ field_one: 1, dns_flag: false, big: 0 }, 'no_payload', 'first_case', []])).toBe(
      'RuntimeError',
    );
    const js = [{ fieldOne: 1, dnsFlag: true, big: 1n }, { tag: 'HTTP-thing', val: 2n }, 'HTTP-OK', {}];
    expect(await thrownBy('shapes', js)).toBe('RuntimeError');
    expect(await thrownBy('shapes', [js[0], js[1], 'http-ok', {}])).toBe('TypeError');
    expect(await thrownBy('shapes', [js[0], { tag: 'http-thing', val: 2n }, 'HTTP-OK', {}])).toBe('TypeError');
  });
});
