import { parse } from '@iarna/toml';
import { describe, expect, test } from 'vitest';
import { scanKeys } from '../../../src/config/key-lines.js';
import { redact } from '../../../src/config/secrets.js';
import { MAX_NESTING, outOfRangeIntegers, tooDeep } from '../../../src/config/tree-checks.js';

const deepArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nesting bound', () => {
  test('a tree nested exactly to the bound passes, one level more names the key', () => {
    expect(tooDeep(parse(`a = ${deepArray(MAX_NESTING - 1)}`))).toBeNull();
    expect(tooDeep(parse(`[t]\na = ${deepArray(MAX_NESTING)}`))).toEqual(['t', 'a']);
  });

  test('the key-line scanner skips a 100,000-deep array without recursing and keeps the lines after it', () => {
    const { lines } = scanKeys(`a = ${deepArray(100_000)}\nb = 1\n`);
    expect(lines.get('a')).toBe(1);
    expect(lines.get('b')).toBe(2);
  });
});

describe('integers beyond 64 bits', () => {
  test('wrapped integers are found with the text as written; in-range ones are not', () => {
    const text = 'a = 99999999999999999999\nb = [1, -18_446_744_073_709_551_617]\nc = 9223372036854775807\nd = 0x7f\n';
    expect(outOfRangeIntegers(parse(text), scanKeys(text).scalars)).toEqual([
      { path: ['a'], written: '99999999999999999999' },
      { path: ['b', 1], written: '-18_446_744_073_709_551_617' },
    ]);
  });
});

describe('secrets in messages', () => {
  const tree = {
    api: { token: 'tok-123', listening_addr: 'http://u:pw-9@host' },
    wasm: { dir: 'x-${HOME}' },
    activity_wasm: [{ env_vars: ['KEY=v-1', 'NAME'] }],
  };
  test.each([
    { path: ['api', 'token'], message: 'expected a token, got "tok-123"', shown: 'expected a token, got ***' },
    { path: ['api', 'listening_addr'], message: 'got "http://u:pw-9@host"', shown: 'got ***' },
    { path: ['activity_wasm', 0, 'env_vars', 0], message: 'got "KEY=v-1"', shown: 'got ***' },
    { path: ['activity_wasm', 0, 'env_vars', 1], message: 'NAME is not set', shown: 'NAME is not set' },
    { path: ['wasm', 'dir'], message: 'got "x-${HOME}"', shown: 'got ***' },
  ])('$path', ({ path, message, shown }) => {
    expect(redact(message, path, tree, new Set(['wasm.dir']))).toBe(shown);
  });
});
