import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, test, vi } from 'vitest';
import { importDefinedMemory, POOLED_MEMORY_IMPORT, pooledModule } from '../../../src/engine/runtime/memory-import.js';
import { MAX_POOLED_BYTES, MemoryPool } from '../../../src/engine/runtime/memory-pool.js';

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmJs {
  Module: (new (bytes: Uint8Array) => object) & {
    imports(module: object): { module: string; name: string; kind: string }[];
  };
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => Memory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmJs }).WebAssembly;

async function module(wat: string): Promise<Uint8Array> {
  return parse(wat);
}

function pooled(memory: Memory): object {
  return { [POOLED_MEMORY_IMPORT.module]: { [POOLED_MEMORY_IMPORT.name]: memory } };
}

describe('importDefinedMemory', () => {
  test('a module with imports gets its memory as one more import; data segments still apply', async () => {
    const bytes = await module(`(module
      (import "host" "log" (func $log (param i32)))
      (memory (export "memory") 2 5)
      (data (i32.const 16) "hello")
      (data (i32.const 70000) "\\ff")
      (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))`);
    const rewritten = importDefinedMemory(bytes);
    expect(rewritten?.memory).toEqual({ initialPages: 2, maximumPages: 5 });
    const compiled = new wasm.Module(rewritten?.bytes ?? new Uint8Array());
    expect(wasm.Module.imports(compiled)).toEqual([
      { module: 'host', name: 'log', kind: 'function' },
      { ...POOLED_MEMORY_IMPORT, kind: 'memory' },
    ]);
    const memory = new wasm.Memory({ initial: 2, maximum: 5 });
    const instance = new wasm.Instance(compiled, { host: { log: () => undefined }, ...pooled(memory) });
    expect(instance.exports['memory']).toBe(memory);
    const peek = instance.exports['peek'] as (address: number) => number;
    expect([peek(16), peek(20), peek(21), peek(70000)]).toEqual([104, 111, 0, 255]);
  });

  test('a module without imports gets an import section in the right place', async () => {
    const bytes = await module(`(module
      (type $t (func (result i32)))
      (memory 1)
      (global $g (mut i32) (i32.const 7))
      (data (i32.const 0) "\\01\\02")
      (func (export "sum") (type $t) (i32.add (i32.load8_u (i32.const 1)) (global.get $g))))`);
    const rewritten = importDefinedMemory(bytes);
    expect(rewritten?.memory).toEqual({ initialPages: 1, maximumPages: null });
    const compiled = new wasm.Module(rewritten?.bytes ?? new Uint8Array());
    const instance = new wasm.Instance(compiled, pooled(new wasm.Memory({ initial: 1 })));
    expect((instance.exports['sum'] as () => number)()).toBe(9);
  });

  test('the limits carry over: a memory of other limits does not link', async () => {
    const rewritten = importDefinedMemory(await module('(module (memory 3 4))'));
    const compiled = new wasm.Module(rewritten?.bytes ?? new Uint8Array());
    expect(() => new wasm.Instance(compiled, pooled(new wasm.Memory({ initial: 1 })))).toThrow(/memory/i);
    expect(() => new wasm.Instance(compiled, pooled(new wasm.Memory({ initial: 3, maximum: 4 })))).not.toThrow();
  });

  test('modules that are not the plain case are left alone', async () => {
    const cases = [
      '(module (func (export "f")))',
      '(module (import "env" "memory" (memory 1)))',
      '(module (memory 1 2 shared))',
      '(module (memory i64 1))',
      `(module (import "${POOLED_MEMORY_IMPORT.module}" "${POOLED_MEMORY_IMPORT.name}" (func)) (memory 1))`,
    ];
    for (const wat of cases) {
      expect(importDefinedMemory(await module(wat))).toBeNull();
    }
    expect(importDefinedMemory(new TextEncoder().encode('not a wasm module'))).toBeNull();
    const truncated = await module('(module (memory 1) (func (export "f")))');
    expect(importDefinedMemory(truncated.subarray(0, truncated.length - 3))).toBeNull();
  });
});

describe('pooledModule', () => {
  const wat = `(module (memory 1) (data (i32.const 0) "a") (data (i32.const 8) "b") (func (export "f")))`;

  test('joins the data segments of the memory-importing module when that validates', async () => {
    const variant = pooledModule(await module(wat), () => true);
    expect(variant).toMatchObject({ memory: { initialPages: 1, maximumPages: null }, joinedSegments: true });
    expect(variant?.bytes).not.toEqual(importDefinedMemory(await module(wat))?.bytes);
  });

  test('keeps the segments as they are when the joined module does not validate, and gives up when nothing does', async () => {
    const bytes = await module(wat);
    const plain = importDefinedMemory(bytes)?.bytes;
    const seen: Uint8Array[] = [];
    const variant = pooledModule(bytes, (candidate) => {
      seen.push(candidate);
      return seen.length > 1;
    });
    expect(variant).toMatchObject({ joinedSegments: false });
    expect(variant?.bytes).toEqual(plain);
    expect(pooledModule(bytes, () => false)).toBeNull();
    expect(pooledModule(await module('(module (func (export "f")))'), () => true)).toBeNull();
  });
});

describe('MemoryPool', () => {
  const spec = { initialPages: 1, maximumPages: null };

  test('a memory given back is lent again, zeroed', () => {
    const pool = new MemoryPool();
    const first = pool.lend('c/core.wasm', spec);
    new Uint8Array(first.memory.buffer).fill(7, 100, 200);
    pool.giveBack([first]);
    const second = pool.lend('c/core.wasm', spec);
    expect(second.memory).toBe(first.memory);
    expect(new Uint8Array(second.memory.buffer).some((byte) => byte !== 0)).toBe(false);
    expect(pool.lend('c/core.wasm', spec).memory).not.toBe(first.memory);
    expect(pool.lend('other/core.wasm', spec).memory).not.toBe(first.memory);
    expect(pool.stats).toMatchObject({ created: 3, reused: 1 });
  });

  test('a memory that grew is dropped, and the pool keeps at most its byte limit', () => {
    const pool = new MemoryPool();
    const grown = pool.lend('c/core.wasm', spec);
    (grown.memory as Memory).grow(1);
    pool.giveBack([grown]);
    expect(pool.lend('c/core.wasm', spec).memory).not.toBe(grown.memory);
    const big = { initialPages: MAX_POOLED_BYTES / 65_536 / 2 + 1, maximumPages: null };
    const lent = [pool.lend('a', big), pool.lend('b', big)];
    pool.giveBack(lent);
    expect(pool.stats.pooledBytes).toBe(big.initialPages * 65_536);
  });

  test('spare memories are dropped once no run gave one back for the idle time', () => {
    vi.useFakeTimers();
    try {
      const pool = new MemoryPool(1_000);
      pool.giveBack([pool.lend('c/core.wasm', spec)]);
      vi.advanceTimersByTime(600);
      const kept = pool.lend('c/core.wasm', spec);
      pool.giveBack([kept]);
      vi.advanceTimersByTime(600);
      expect(pool.stats.pooledBytes).toBe(65_536);
      vi.advanceTimersByTime(500);
      expect(pool.stats.pooledBytes).toBe(0);
      expect(pool.lend('c/core.wasm', spec).memory).not.toBe(kept.memory);
    } finally {
      vi.useRealTimers();
    }
  });
});
