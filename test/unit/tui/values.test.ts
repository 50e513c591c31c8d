/** Values rendered from their WIT types, for every kind of type. */
import { describe, expect, test } from 'vitest';
import { inlineValue, valueLines } from '../../../src/tui/values.js';
import { allTypes, paramType } from './types.js';

const types = allTypes();
const inline = (name: string, json: unknown): string => inlineValue(types.resolve, paramType(types, name), json);

describe('WIT values in the TUI', () => {
  test.each([
    ['b', true, 'true'],
    ['n', -5, '-5'],
    ['big', '18446744073709551615', '18446744073709551615'],
    ['f', 'NaN', 'NaN'],
    ['c', 'x', '"x"'],
    ['s', 'hi "there"', '"hi \\"there\\""'],
    ['l', [1, 2, 3], '[1, 2, 3]'],
    ['t', [1, 'a'], '(1, "a")'],
    ['o', null, 'none'],
    ['o', 5, 'some(5)'],
    ['oo', { some: null }, 'some(none)'],
    ['oo', { some: 7 }, 'some(some(7))'],
    ['r', { ok: 1 }, 'ok(1)'],
    ['r', { err: 'no' }, 'err("no")'],
    ['a', { street: 'Main', zip_code: 1234 }, '{street: "Main", zip-code: 1234}'],
    ['v', { circle: 1.5 }, 'circle(1.5)'],
    ['v', 'empty', 'empty'],
    ['e', 'light_green', 'light-green'],
    ['p', ['read', 'write_all'], '{read, write-all}'],
    ['i', 42, '42'],
    ['m', [['a', 1]], '{"a": 1}'],
  ])('%s = %j is shown as %s', (name, json, text) => {
    expect(inline(name, json)).toBe(text);
  });

  test('the result type renders ok and err payloads by their types', () => {
    expect(inlineValue(types.resolve, types.result, { ok: { street: 'x', zip_code: 1 } })).toBe(
      'ok({street: "x", zip-code: 1})',
    );
    expect(inlineValue(types.resolve, types.result, { err: 'empty' })).toBe('err(empty)');
  });

  test('a value wider than the room becomes a tree, one field or item per line', () => {
    const lines = valueLines(
      types.resolve,
      paramType(types, 'a'),
      { street: 'A long street name', zip_code: 1 },
      20,
      'a',
    );
    expect(lines).toEqual([
      { depth: 0, text: 'a: address' },
      { depth: 1, text: 'street: "A long street name"' },
      { depth: 1, text: 'zip-code: 1' },
    ]);
    const list = valueLines(types.resolve, paramType(types, 'l'), [1, 2, 3, 4, 5, 6], 10);
    expect(list[0]).toEqual({ depth: 0, text: 'list (6 items)' });
    expect(list.slice(1).map((l) => l.text)).toEqual(['[0]: 1', '[1]: 2', '[2]: 3', '[3]: 4', '[4]: 5', '[5]: 6']);
  });

  test('without a type the JSON is shown as it is', () => {
    expect(inlineValue(null, null, { a: [1] })).toBe('{"a":[1]}');
  });
});
