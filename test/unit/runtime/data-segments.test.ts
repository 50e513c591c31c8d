import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, test } from 'vitest';
import { Reader, sections } from '../../../src/engine/runtime/core-module-bytes.js';
import { joinDataSegments } from '../../../src/engine/runtime/data-segments.js';
import { importDefinedMemory, POOLED_MEMORY_IMPORT } from '../../../src/engine/runtime/memory-import.js';

interface WasmJs {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmJs }).WebAssembly;
const PAGE = 65_536;

/** The count a section with `id` starts with (data: segments; data count: the count itself). */
function countOf(bytes: Uint8Array, id: number): number | undefined {
  const found = sections(bytes).find((s) => s.id === id);
  return found === undefined ? undefined : new Reader(bytes, found.contentStart).u32();
}

/** The memory an instance of `bytes` starts with. */
function memoryAfter(bytes: Uint8Array): Uint8Array {
  const instance = new wasm.Instance(new wasm.Module(bytes));
  return new Uint8Array((instance.exports['memory'] as { buffer: ArrayBuffer }).buffer);
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => `\\${byte.toString(16).padStart(2, '0')}`).join('');
}

describe('joinDataSegments', () => {
  test('segments close together become one, and the memory an instance starts with is the same', async () => {
    const original = await parse(`(module
      (memory (export "memory") 1)
      (data (i32.const 3000) "far")
      (data (i32.const 16) "hello")
      (data (i32.const 30) "world")
      (data (i32.const 2000) "")
      (data (i32.const 1000) "\\ff\\00\\01"))`);
    const joined = joinDataSegments(original, PAGE, 1024);
    expect(joined).not.toBeNull();
    expect(countOf(original, 11)).toBe(5);
    // 16..35 and 1000..1003 are less than 1024 bytes apart, 3000 is not; the empty one is gone.
    expect(countOf(joined!, 11)).toBe(2);
    expect(memoryAfter(joined!)).toEqual(memoryAfter(original));
    // "hello" ends at 21, "world" starts 9 bytes later.
    expect(countOf(joinDataSegments(original, PAGE, 9)!, 11)).toBe(3);
    expect(countOf(joinDataSegments(original, PAGE, 8)!, 11)).toBe(4);
  });

  test('many random segments in any order give the same memory', async () => {
    let seed = 42;
    const next = (limit: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % limit;
    };
    const segments: string[] = [];
    let offset = 0;
    for (let i = 0; i < 300; i++) {
      offset += next(3000);
      const length = 1 + next(40);
      const bytes = Uint8Array.from({ length }, () => next(256));
      segments.push(`(data (i32.const ${offset}) "${hex(bytes)}")`);
      offset += length;
    }
    // Segments in reverse order: the join sorts them by offset.
    const original = await parse(`(module (memory (export "memory") 8) ${segments.reverse().join(' ')})`);
    const joined = joinDataSegments(original, 8 * PAGE);
    expect(countOf(joined!, 11)).toBeLessThan(300);
    expect(memoryAfter(joined!)).toEqual(memoryAfter(original));
  });

  test('the data count follows the new segment count, and dropping or reading a joined segment still works', async () => {
    const original = await parse(`(module
      (memory (export "memory") 1)
      (data (i32.const 0) "ab")
      (data (i32.const 8) "cd")
      (func (export "use")
        (data.drop 0)
        (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0))))`);
    expect(countOf(original, 12)).toBe(2);
    const joined = joinDataSegments(original, PAGE);
    expect(countOf(joined!, 12)).toBe(1);
    const instance = new wasm.Instance(new wasm.Module(joined!));
    expect(() => (instance.exports['use'] as () => void)()).not.toThrow();
    // A module naming a segment beyond the new count no longer validates: the loader then keeps the module as it was.
    const naming = await parse(
      `(module (memory 1) (data (i32.const 0) "a") (data (i32.const 4) "b") (func (data.drop 1)))`,
    );
    expect(() => new wasm.Module(joinDataSegments(naming, PAGE)!)).toThrow();
  });

  test('a module whose memory is imported by the memory rewrite gets the same memory from a zeroed one', async () => {
    const original = await parse(
      `(module (memory (export "memory") 1) (data (i32.const 100) "x") (data (i32.const 200) "y"))`,
    );
    const rewritten = importDefinedMemory(original);
    const joined = joinDataSegments(rewritten!.bytes, rewritten!.memory.initialPages * PAGE);
    const memory = new wasm.Memory({ initial: 1 });
    new wasm.Instance(new wasm.Module(joined!), {
      [POOLED_MEMORY_IMPORT.module]: { [POOLED_MEMORY_IMPORT.name]: memory },
    });
    expect(new Uint8Array(memory.buffer)).toEqual(memoryAfter(original));
  });

  test('modules that are not the plain case, or would not gain, are left alone', async () => {
    const cases = [
      // no data, one segment
      '(module (memory 1))',
      '(module (memory 1) (data (i32.const 0) "a"))',
      // a passive segment
      '(module (memory 1) (data (i32.const 0) "a") (data "b"))',
      // an offset read from a global
      '(module (global $g i32 (i32.const 8)) (memory 1) (data (i32.const 0) "a") (data (global.get $g) "b"))',
      // overlapping segments: the later one wins, so their order matters
      '(module (memory 1) (data (i32.const 0) "abc") (data (i32.const 1) "X"))',
      // a segment past the initial memory: the instantiation fails
      '(module (memory 1) (data (i32.const 0) "a") (data (i32.const 65535) "bc"))',
    ];
    for (const wat of cases) {
      expect(joinDataSegments(await parse(wat), PAGE), wat).toBeNull();
    }
    expect(joinDataSegments(new TextEncoder().encode('not a wasm module'), PAGE)).toBeNull();
    const truncated = await parse('(module (memory 1) (data (i32.const 0) "a") (data (i32.const 4) "b"))');
    expect(joinDataSegments(truncated.subarray(0, truncated.length - 2), PAGE)).toBeNull();
  });
});
