/**
 * Rewrites a core module that defines its own linear memory so that it imports that memory
 * instead (same limits), leaving every other byte as it was. An instance of the rewritten module
 * given a zeroed memory of the initial size behaves exactly like an instance of the original: the
 * data segments are still applied by the instantiation, and the memory keeps index 0 (it is the
 * module's only memory).
 *
 * Why: creating a memory costs fresh pages, and every page the data segments (or the guest)
 * touch costs a page fault. For a 12 MB ComponentizeJS component that is most of an
 * instantiation (about 9 of 11 ms here). A worker thread that reuses a zeroed memory of the
 * previous instance writes into pages it already has (see `memory-pool.ts`).
 *
 * Only the plain case is rewritten: exactly one defined memory, 32-bit, not shared, no imported
 * memory. Anything else (or bytes this reader does not understand) is left alone (`null`).
 */

import {
  concat,
  HEADER_BYTES,
  leb,
  Reader,
  rewriteSections,
  section,
  Unsupported,
  type Section,
} from './core-module-bytes.js';
import { joinDataSegments } from './data-segments.js';

/** The import that replaces the module's memory definition. */
export const POOLED_MEMORY_IMPORT = { module: 'obelisk:runtime', name: 'memory' } as const;

/** Limits of the moved memory, in 64 KiB pages. */
export interface MemorySpec {
  readonly initialPages: number;
  readonly maximumPages: number | null;
}

export interface RewrittenModule {
  readonly bytes: Uint8Array;
  readonly memory: MemorySpec;
}

const SECTION_IMPORT = 2;
const SECTION_MEMORY = 5;

function nameBytes(text: string): number[] {
  const encoded = new TextEncoder().encode(text);
  return [...leb(encoded.length), ...encoded];
}

/** A value or reference type (`0x63` / `0x64` are followed by a heap type). */
function skipValueType(reader: Reader): void {
  const type = reader.byte();
  if (type === 0x63 || type === 0x64) {
    reader.skipLeb();
  }
}

function skipLimits(reader: Reader): void {
  const flags = reader.byte();
  reader.u32();
  if ((flags & 1) !== 0) {
    reader.u32();
  }
}

/** Scans the import section: its entry count and whether it imports a memory (or something unknown). */
function scanImports(bytes: Uint8Array, section: Section): { count: number; entriesStart: number } {
  const reader = new Reader(bytes, section.contentStart);
  const count = reader.u32();
  const entriesStart = reader.offset;
  for (let i = 0; i < count; i++) {
    const module = reader.name();
    const name = reader.name();
    if (module === POOLED_MEMORY_IMPORT.module && name === POOLED_MEMORY_IMPORT.name) {
      throw new Unsupported('the import name is taken');
    }
    const kind = reader.byte();
    switch (kind) {
      case 0x00:
        reader.u32();
        break;
      case 0x01:
        skipValueType(reader);
        skipLimits(reader);
        break;
      case 0x03:
        skipValueType(reader);
        reader.byte();
        break;
      case 0x04:
        reader.byte();
        reader.u32();
        break;
      default:
        // 0x02: an imported memory (the module's memory is not its own); anything else is unknown.
        throw new Unsupported(`import kind ${kind}`);
    }
  }
  if (reader.offset !== section.end) {
    throw new Unsupported('import section size mismatch');
  }
  return { count, entriesStart };
}

/** Reads the memory section: exactly one plain 32-bit, unshared memory. */
function readMemory(bytes: Uint8Array, section: Section): { spec: MemorySpec; limits: Uint8Array } {
  const reader = new Reader(bytes, section.contentStart);
  if (reader.u32() !== 1) {
    throw new Unsupported('not exactly one memory');
  }
  const limitsStart = reader.offset;
  const flags = reader.byte();
  if (flags !== 0 && flags !== 1) {
    throw new Unsupported(`memory flags ${flags}`);
  }
  const initialPages = reader.u32();
  const maximumPages = flags === 1 ? reader.u32() : null;
  if (reader.offset !== section.end) {
    throw new Unsupported('memory section size mismatch');
  }
  return { spec: { initialPages, maximumPages }, limits: bytes.subarray(limitsStart, section.end) };
}

/**
 * The module with its memory definition turned into the import {@link POOLED_MEMORY_IMPORT},
 * or `null` when it has no memory of its own or is not the plain case.
 */
export function importDefinedMemory(bytes: Uint8Array): RewrittenModule | null {
  return rewriteSections(bytes, (all) => {
    const memorySection = all.find((s) => s.id === SECTION_MEMORY);
    if (memorySection === undefined) {
      return null;
    }
    const { spec, limits } = readMemory(bytes, memorySection);
    const importSection = all.find((s) => s.id === SECTION_IMPORT);
    const entry = [...nameBytes(POOLED_MEMORY_IMPORT.module), ...nameBytes(POOLED_MEMORY_IMPORT.name), 0x02, ...limits];
    let newImports: Uint8Array;
    if (importSection === undefined) {
      newImports = section(SECTION_IMPORT, [...leb(1), ...entry]);
    } else {
      const { count, entriesStart } = scanImports(bytes, importSection);
      newImports = section(
        SECTION_IMPORT,
        concat([
          new Uint8Array(leb(count + 1)),
          bytes.subarray(entriesStart, importSection.end),
          new Uint8Array(entry),
        ]),
      );
    }
    const parts: Uint8Array[] = [bytes.subarray(0, HEADER_BYTES)];
    let inserted = false;
    for (const s of all) {
      if (s.id === SECTION_IMPORT) {
        parts.push(newImports);
        inserted = true;
        continue;
      }
      if (s.id === SECTION_MEMORY) {
        continue;
      }
      // Without an import section, the new one goes before the first section that must follow it.
      if (!inserted && s.id !== 0 && s.id !== 1 && s.id !== SECTION_IMPORT) {
        parts.push(newImports);
        inserted = true;
      }
      parts.push(bytes.subarray(s.start, s.end));
    }
    if (!inserted) {
      parts.push(newImports);
    }
    return { bytes: concat(parts), memory: spec };
  });
}

/** The variant of a core module that a worker instantiates with a memory from its pool. */
export interface PooledModule {
  readonly bytes: Uint8Array;
  readonly memory: MemorySpec;
  /** Whether its nearby data segments are joined (see `data-segments.ts`). */
  readonly joinedSegments: boolean;
}

/** The bytes of one 64 KiB WebAssembly page. */
const PAGE_BYTES = 65_536;

/**
 * The module rewritten to import its memory, with its nearby data segments joined when that
 * still validates; `null` when it has no memory of its own, is not the plain case, or the
 * rewrite does not validate.
 */
export function pooledModule(bytes: Uint8Array, validate: (bytes: Uint8Array) => boolean): PooledModule | null {
  const rewritten = importDefinedMemory(bytes);
  if (rewritten === null) {
    return null;
  }
  const joined = joinDataSegments(rewritten.bytes, rewritten.memory.initialPages * PAGE_BYTES);
  if (joined !== null && validate(joined)) {
    return { bytes: joined, memory: rewritten.memory, joinedSegments: true };
  }
  return validate(rewritten.bytes) ? { bytes: rewritten.bytes, memory: rewritten.memory, joinedSegments: false } : null;
}
