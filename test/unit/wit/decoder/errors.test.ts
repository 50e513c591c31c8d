/**
 * Bad input ends in a typed ComponentDecodeError with a stable code and a byte
 * offset: core modules, non-wasm bytes, other versions, malformed items,
 * indices out of bounds and nesting deeper than the limits.
 */
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, test } from 'vitest';
import { ComponentDecodeError, decodeComponent } from '../../../../src/wit/decoder/index.js';
import {
  COMPONENT_SECTION,
  IMPORT_SECTION,
  PREAMBLE,
  TYPE_SECTION,
  component,
  leb,
  name,
  section,
  sleb,
  vecSection,
} from './binary.js';

function decodeError(bytes: Uint8Array): ComponentDecodeError {
  try {
    decodeComponent(bytes);
  } catch (error) {
    if (error instanceof ComponentDecodeError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the decoder to fail');
}

describe('component decoder errors', () => {
  test('a core module is reported as a core module, not a component', async () => {
    const error = decodeError(await parse('(module (func (export "f")))'));
    expect(error.code).toBe('core-module');
    expect(error.message).toContain('this is a core WebAssembly module, not a component');
    expect(error.offset).toBe(0);
  });

  test('bytes that are not WebAssembly are rejected as not-wasm', () => {
    expect(decodeError(new Uint8Array()).code).toBe('not-wasm');
    expect(decodeError(Buffer.from('hello, world')).code).toBe('not-wasm');
  });

  test('a component of another binary version is rejected with its version', () => {
    const error = decodeError(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x0a, 0x00, 0x01, 0x00]));
    expect(error.code).toBe('unsupported-version');
    expect(error.message).toContain('version 0xa');
  });

  test('a preamble alone is an empty component', () => {
    const resolve = decodeComponent(Uint8Array.from(PREAMBLE));
    expect(resolve.worlds[0]?.imports.size).toBe(0);
    expect(resolve.packages.map((p) => `${p.name.namespace}:${p.name.name}`)).toEqual(['root:component']);
  });

  test('a section longer than the input is truncated at the section', () => {
    const error = decodeError(Uint8Array.from([...PREAMBLE, TYPE_SECTION, ...leb(100), 0x01]));
    expect(error.code).toBe('truncated');
    expect(error.offset).toBe(10);
  });

  test('a huge vector count fails at once instead of looping', () => {
    const error = decodeError(component(section(TYPE_SECTION, [...leb(0xffffffff), 0x7f])));
    expect(error.code).toBe('truncated');
    expect(error.message).toContain('4294967295 section items cannot fit');
  });

  test('a LEB128 number longer than 32 bits is malformed', () => {
    const error = decodeError(Uint8Array.from([...PREAMBLE, TYPE_SECTION, 0xff, 0xff, 0xff, 0xff, 0x7f]));
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('does not fit in 32 bits');
  });

  test('an unknown section id is malformed', () => {
    expect(decodeError(component(section(42, []))).message).toContain('unknown section id 42');
  });

  test('trailing bytes inside a section are malformed', () => {
    const error = decodeError(
      component(
        vecSection(TYPE_SECTION, [[0x7f], [0x7e]])
          .slice(0, 2)
          .concat([0x01, 0x7f, 0x7e]),
      ),
    );
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('trailing bytes');
  });

  test('an unknown type opcode names the opcode', () => {
    const error = decodeError(component(vecSection(TYPE_SECTION, [[0x10]])));
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('invalid type opcode 0x10');
    expect(error.offset).toBe(PREAMBLE.length + 3);
  });

  test('a type index out of bounds is an invalid index', () => {
    const error = decodeError(component(vecSection(TYPE_SECTION, [[0x70, 0x05]])));
    expect(error.code).toBe('invalid-index');
    expect(error.message).toContain('type index 5 out of bounds (0 defined)');
  });

  test('an import of a non-function type as a function is an invalid index', () => {
    const types = vecSection(TYPE_SECTION, [[0x70, 0x73]]);
    const imports = vecSection(IMPORT_SECTION, [[0x00, ...name('f'), 0x01, 0x00]]);
    expect(decodeError(component(types, imports)).message).toContain('type index 0 is not a function type');
  });

  test('names that are not UTF-8 are malformed', () => {
    const imports = vecSection(IMPORT_SECTION, [[0x00, 0x02, 0xc3, 0x28, 0x01, 0x00]]);
    expect(decodeError(component(imports)).message).toContain('import name is not valid UTF-8');
  });

  test('import names with no WIT equivalent are unsupported', () => {
    const types = vecSection(TYPE_SECTION, [[0x40, 0x00, 0x01, 0x00]]);
    const imports = vecSection(IMPORT_SECTION, [[0x00, ...name('url=<https://example.com>'), 0x01, 0x00]]);
    expect(decodeError(component(types, imports)).code).toBe('unsupported');
  });

  test('types nested deeper than the limit are rejected as too deep', () => {
    const lists = Array.from({ length: 300 }, (_, i) => (i === 0 ? [0x70, 0x73] : [0x70, ...sleb(i - 1)]));
    const error = decodeError(component(vecSection(TYPE_SECTION, lists)));
    expect(error.code).toBe('too-deep');
  });

  test('a short binary describing an exponentially large type is rejected as too large', () => {
    const tuples = Array.from({ length: 40 }, (_, i) =>
      i === 0 ? [0x6f, 0x02, 0x7d, 0x7d] : [0x6f, 0x02, ...sleb(i - 1), ...sleb(i - 1)],
    );
    const error = decodeError(component(vecSection(TYPE_SECTION, tuples)));
    expect(error.code).toBe('too-deep');
    expect(error.message).toContain('a type larger than 100000 nodes when written out');
  });

  test('components nested deeper than the limit are rejected as too deep', () => {
    let inner: number[] = [...PREAMBLE];
    for (let i = 0; i < 150; i++) {
      inner = [...PREAMBLE, ...section(COMPONENT_SECTION, inner)];
    }
    expect(decodeError(Uint8Array.from(inner)).code).toBe('too-deep');
  });

  test('errors serialise to JSON with their code and offset', () => {
    const error = decodeError(Buffer.from('nope'));
    expect(JSON.parse(JSON.stringify(error))).toEqual({ code: 'not-wasm', message: error.message, offset: 0 });
  });
});
