/**
 * A worker thread's spare linear memories for core modules whose memory was moved to an import
 * (`memory-import.ts`). Every instantiation gets a memory that holds zeros only and has the
 * module's initial size, as a fresh one would: a memory comes back from a finished run only if it
 * did not grow, and it is zeroed before it is kept. Nothing of one execution is visible to the
 * next; what is saved is the cost of new pages (the allocation and a page fault per page touched).
 *
 * A run whose instance may still be used afterwards (a trap, a run stopped from outside) does not
 * give its memories back.
 */
import type { MemorySpec } from './memory-import.js';

const PAGE_BYTES = 65_536;

/** The most bytes of spare memories one thread keeps. */
export const MAX_POOLED_BYTES = 64 * 1024 * 1024;

/** Spare memories are dropped once no run gave one back for this long. */
export const IDLE_RELEASE_MS = 30_000;

/** The `WebAssembly.Memory` constructor and the little of a memory this file uses. */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
const WasmMemoryCtor = (
  globalThis as unknown as {
    WebAssembly: { Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory };
  }
).WebAssembly.Memory;

/** A memory lent to one instantiation, with what it takes to give it back. */
export interface LentMemory {
  readonly key: string;
  readonly spec: MemorySpec;
  readonly memory: WasmMemory;
}

export class MemoryPool {
  readonly #spare = new Map<string, WasmMemory[]>();
  readonly #idleReleaseMs: number;
  #bytes = 0;
  #created = 0;
  #reused = 0;
  #lastGiveBack = 0;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(idleReleaseMs = IDLE_RELEASE_MS) {
    this.#idleReleaseMs = idleReleaseMs;
  }

  /** Memories created and memories handed out again, so far. */
  get stats(): { readonly created: number; readonly reused: number; readonly pooledBytes: number } {
    return { created: this.#created, reused: this.#reused, pooledBytes: this.#bytes };
  }

  /** A zeroed memory of `spec`'s initial size, kept under `key` (one key per core module of a component). */
  lend(key: string, spec: MemorySpec): LentMemory {
    const spare = this.#spare.get(key)?.pop();
    if (spare !== undefined) {
      this.#bytes -= spare.buffer.byteLength;
      this.#reused++;
      return { key, spec, memory: spare };
    }
    this.#created++;
    const memory = new WasmMemoryCtor(
      spec.maximumPages === null
        ? { initial: spec.initialPages }
        : { initial: spec.initialPages, maximum: spec.maximumPages },
    );
    return { key, spec, memory };
  }

  /** Takes back memories of a run that is over: zeroed if they kept their size, dropped otherwise. */
  giveBack(lent: readonly LentMemory[]): void {
    for (const { key, spec, memory } of lent) {
      const size = memory.buffer.byteLength;
      if (size !== spec.initialPages * PAGE_BYTES || this.#bytes + size > MAX_POOLED_BYTES) {
        continue;
      }
      new Uint8Array(memory.buffer).fill(0);
      let list = this.#spare.get(key);
      if (list === undefined) {
        list = [];
        this.#spare.set(key, list);
      }
      list.push(memory);
      this.#bytes += size;
    }
    this.#lastGiveBack = Date.now();
    if (this.#idleTimer === null && this.#bytes > 0) {
      this.#armIdleRelease(this.#idleReleaseMs);
    }
  }

  /** An idle thread does not keep memories: they go once no run gave one back for a while. */
  #armIdleRelease(delayMs: number): void {
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      const idleFor = Date.now() - this.#lastGiveBack;
      if (idleFor >= this.#idleReleaseMs) {
        this.#spare.clear();
        this.#bytes = 0;
      } else {
        this.#armIdleRelease(this.#idleReleaseMs - idleFor);
      }
    }, delayMs);
    this.#idleTimer.unref();
  }
}

/** This thread's pool (each worker thread loads its own copy of this module). */
export const memoryPool = new MemoryPool();
