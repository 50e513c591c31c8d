import { describe, expect, test } from 'vitest';
import { expandTree, expandVariables, type ExpansionProblem } from '../../../src/config/expand.js';

describe('expandVariables', () => {
  test.each([
    ['${A}', 'a'],
    ['x-${A}-${B}-y', 'x-a-b-y'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${A:-fallback}', 'a'],
    ['${MISSING:-}', ''],
    ['${EMPTY}', ''],
    ['$${A}', '${A}'],
    ['$A and $', '$A and $'],
  ])('%s expands to %s', (text, expected) => {
    expect(expandVariables(text, { A: 'a', B: 'b', EMPTY: '' })).toEqual({ ok: true, value: expected });
  });

  test('an unset variable without a default is an error naming it', () => {
    expect(expandVariables('${NOPE}/x', {})).toEqual({
      ok: false,
      message: 'environment variable NOPE is not set; set it, or give a default: ${NOPE:-default}',
    });
  });
});

describe('expandTree', () => {
  test('expands strings in tables and arrays, leaves other values and keys alone, and reports paths', () => {
    const problems: ExpansionProblem[] = [];
    const tree = { '${K}': 'v', a: ['${A}', 1, { b: '${MISSING}' }], when: new Date(0), n: 5 };
    expect(expandTree(tree, { A: 'x' }, problems)).toEqual({
      '${K}': 'v',
      a: ['x', 1, { b: '${MISSING}' }],
      when: new Date(0),
      n: 5,
    });
    expect(problems).toEqual([
      {
        path: ['a', 2, 'b'],
        message: 'environment variable MISSING is not set; set it, or give a default: ${MISSING:-default}',
      },
    ]);
  });
});
