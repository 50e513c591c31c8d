import { describe, expect, test } from 'vitest';
import { formatKeyPath, scanKeyLines } from '../../../src/config/key-lines.js';

const TOML = `# comment with key = "value"
title = '''multi
line''' # a multi-line literal string

[api]
listening_addr = "127.0.0.1:5005" # trailing comment

[[activity_wasm]]
name = "a"
location.path = "a.wasm"
env_vars = [
  "A=1",
  { key = "B", value = "two" },
]
[activity_wasm.exec]
batch_size = 3

[[activity_wasm]]
name = """
b"""
"quoted.key" = 1
exec = { lock_expiry = { seconds = 1 } }
`;

describe('scanKeyLines', () => {
  test('maps tables, arrays of tables, dotted and quoted keys, inline tables and array elements to their lines', () => {
    const lines = scanKeyLines(TOML);
    expect(Object.fromEntries(lines)).toEqual({
      title: 2,
      api: 5,
      'api.listening_addr': 6,
      activity_wasm: 8,
      'activity_wasm[0]': 8,
      'activity_wasm[0].name': 9,
      'activity_wasm[0].location': 10,
      'activity_wasm[0].location.path': 10,
      'activity_wasm[0].env_vars': 11,
      'activity_wasm[0].env_vars[0]': 12,
      'activity_wasm[0].env_vars[1]': 13,
      'activity_wasm[0].env_vars[1].key': 13,
      'activity_wasm[0].env_vars[1].value': 13,
      'activity_wasm[0].exec': 15,
      'activity_wasm[0].exec.batch_size': 16,
      'activity_wasm[1]': 18,
      'activity_wasm[1].name': 19,
      'activity_wasm[1]."quoted.key"': 21,
      'activity_wasm[1].exec': 22,
      'activity_wasm[1].exec.lock_expiry': 22,
      'activity_wasm[1].exec.lock_expiry.seconds': 22,
    });
  });

  test('keys inside multi-line strings are not keys, and lines after them are counted right', () => {
    const lines = scanKeyLines('a = """\nb = 1\n"""\nc = 2\n');
    expect(Object.fromEntries(lines)).toEqual({ a: 1, c: 4 });
  });

  test('formats paths with array indexes and quotes keys that are not bare', () => {
    expect(formatKeyPath(['activity_wasm', 1, 'env_vars', 0])).toBe('activity_wasm[1].env_vars[0]');
    expect(formatKeyPath(['a', 'b.c', 'd e'])).toBe('a."b.c"."d e"');
  });
});
