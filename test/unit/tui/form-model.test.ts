/** The submit form generated from WIT types: rows, edits, JSON and validation, for every kind of type. */
import { describe, expect, test } from 'vitest';
import {
  buildNode,
  editNode,
  FormError,
  formParams,
  formRows,
  rowValue,
  toggleJson,
  updateAt,
  type FormNode,
} from '../../../src/tui/form-model.js';
import { allTypes } from './types.js';

const types = allTypes();
const names = types.params.map((p) => p.name);
const paramTypes = types.params.map((p) => p.type);
const fresh = (): FormNode[] => paramTypes.map((t) => buildNode(types.resolve, t));

/** Applies a key to the row labelled `label` (the first one). */
function edit(nodes: FormNode[], label: string, key: Parameters<typeof editNode>[2], text = ''): FormNode[] {
  const row = formRows(names, nodes).find((r) => r.label === label);
  if (row === undefined) throw new Error(`no row ${label}`);
  const next = editNode(types.resolve, row.node, key, text, row.flag);
  if (next === null) throw new Error(`${key} means nothing on ${label}`);
  return updateAt(nodes, row.path, () => next);
}

const type = (nodes: FormNode[], label: string, text: string): FormNode[] =>
  [...text].reduce((n, ch) => edit(n, label, 'char', ch), nodes);

describe('the form generated from WIT types', () => {
  test('every parameter gets a row of its kind, records field by field and flags one by one', () => {
    const rows = formRows(names, fresh());
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${r.label}: ${rowValue(r)}`)).toEqual([
      'b: false',
      'n: ',
      'big: ',
      'f: ',
      'c: ""',
      's: ""',
      'l: 0 items (+ add, - remove)',
      't: tuple',
      '  0: ',
      '  1: ""',
      'o: none',
      'oo: none',
      'r: ‹ ok ›',
      '  ok: ',
      'a: record',
      '  street: ""',
      '  zip-code: ',
      'v: ‹ circle ›',
      '  circle: ',
      'e: ‹ red ›',
      'p: flags',
      '  read: [ ]',
      '  write-all: [ ]',
      'i: ',
      'm: json: ',
    ]);
  });

  test('filled in, it gives the JSON encoding of every value, validated by the codec', () => {
    let n = fresh();
    n = edit(n, 'b', 'toggle');
    n = type(n, 'n', '-5');
    n = type(n, 'big', '18446744073709551615');
    n = type(n, 'f', '1.5');
    n = type(n, 'c', 'x');
    n = type(n, 's', 'hello');
    n = edit(n, 'l', 'add');
    n = edit(n, 'l', 'add');
    n = type(n, '[0]', '1');
    const second = formRows(names, n).find((r) => r.label === '[1]');
    n = updateAt(n, second?.path ?? [], (node) => editNode(types.resolve, node, 'char', '2') ?? node);
    n = type(n, '0', '7');
    n = type(n, '1', 'seven');
    n = edit(n, 'o', 'toggle');
    n = type(n, 'some', '3');
    n = edit(n, 'r', 'right');
    n = type(n, 'err', 'bad');
    n = type(n, 'street', 'Main');
    n = type(n, 'zip-code', '1234');
    n = edit(n, 'v', 'right');
    n = type(n, 'square', '4');
    n = edit(n, 'e', 'right');
    n = edit(n, 'write-all', 'toggle');
    n = type(n, 'i', '42');
    n = type(n, 'm', '[["k", 1]]');
    expect(formParams(types.resolve, paramTypes, n)).toEqual([
      true,
      -5,
      '18446744073709551615',
      1.5,
      'x',
      'hello',
      [1, 2],
      [7, 'seven'],
      3,
      null,
      { err: 'bad' },
      { street: 'Main', zip_code: 1234 },
      { square: 4 },
      'light_green',
      ['write_all'],
      42,
      [['k', 1]],
    ]);
  });

  test('a nested option writes some(none) as {"some": null}; an empty variant case is its name', () => {
    const oo = paramTypes[names.indexOf('oo')]!;
    const v = paramTypes[names.indexOf('v')]!;
    let node = editNode(types.resolve, buildNode(types.resolve, oo), 'toggle')!;
    expect(formParams(types.resolve, [oo], [node])).toEqual([{ some: null }]);
    node = updateAt([node], [0, 0], (inner) => editNode(types.resolve, inner, 'toggle')!)[0]!;
    node = updateAt([node], [0, 0, 0], (inner) => editNode(types.resolve, inner, 'char', '5')!)[0]!;
    expect(formParams(types.resolve, [oo], [node])).toEqual([{ some: 5 }]);
    const square = editNode(types.resolve, editNode(types.resolve, buildNode(types.resolve, v), 'left')!, 'left');
    expect(() => formParams(types.resolve, [v], [square!])).toThrow(/params\[0\]\.square: expected an integer/);
    const emptyCase = editNode(types.resolve, buildNode(types.resolve, v), 'left')!;
    expect(formParams(types.resolve, [v], [emptyCase])).toEqual(['empty']);
  });

  test('bad values are refused before sending, with the path of the field', () => {
    let n = fresh();
    n = type(n, 'n', 'x');
    expect(() => formParams(types.resolve, paramTypes, n)).toThrow(
      new FormError('params[1]: expected an integer (s32), got "x"'),
    );
    const u32 = paramTypes[names.indexOf('a')]!;
    let a = [buildNode(types.resolve, u32)];
    a = updateAt(a, [0, 1], (z) => editNode(types.resolve, z, 'char', '9')!);
    a = updateAt(a, [0, 1], (z) => editNode(types.resolve, z, 'char', '9')!);
    const big = updateAt(a, [0, 1], (z) => ({ ...z, text: '99999999999' }) as FormNode);
    expect(() => formParams(types.resolve, [u32], big)).toThrow(/params\[0\]\.zip_code: expected u32, got 99999999999/);
  });

  test('any node can switch to JSON entry, seeded with its current value, and back', () => {
    const a = paramTypes[names.indexOf('a')]!;
    let node = buildNode(types.resolve, a);
    node = updateAt([node], [0, 0], (s) => editNode(types.resolve, s, 'char', 'M')!)[0]!;
    node = updateAt([node], [0, 1], (s) => editNode(types.resolve, s, 'char', '1')!)[0]!;
    const json = toggleJson(types.resolve, node);
    expect(formRows(['a'], [json]).map(rowValue)).toEqual(['json: {"street":"M","zip_code":1}']);
    const typed = editNode(types.resolve, { ...json, json: '' }, 'char', '{"street":"x","zip_code":2}')!;
    expect(formParams(types.resolve, [a], [typed])).toEqual([{ street: 'x', zip_code: 2 }]);
    const broken = editNode(types.resolve, typed, 'backspace')!;
    expect(() => formParams(types.resolve, [a], [broken])).toThrow(/params\[0\]: invalid JSON/);
    expect(formRows(['a'], [toggleJson(types.resolve, json)]).length).toBe(3);
  });
});
