/**
 * Joins the active data segments of a core module that lie close together into fewer, larger
 * ones, filling the gaps between them with the zeros the memory already holds there.
 *
 * Why: an instantiation applies every active segment on its own (evaluate its offset, check its
 * bounds, copy its bytes). A ComponentizeJS component carries a snapshot of its JavaScript heap as
 * about 10,000 small segments (2.6 MB in all); applying them one by one was about 1 ms of a 2.7 ms
 * `WebAssembly.Instance` here, and joining the ones less than {@link MAX_GAP} apart (54 segments,
 * 2.9 MB) removed most of it.
 *
 * The module must only ever be instantiated with a memory that holds zeros where the segments
 * go: a memory it defines itself, or a zeroed memory of its initial size from `memory-pool.ts`.
 * Then the result is the same memory, byte for byte. Only the plain case is rewritten: every
 * segment active, on memory 0, at an `i32.const` offset, inside the initial memory, and no two
 * overlapping. A segment that would not fit makes the instantiation fail, and segments that
 * overlap depend on their order; those modules are left alone (`null`).
 *
 * Segment indices change. That cannot change what a module does: after an instantiation every
 * active segment counts as dropped, so `memory.init` and `data.drop` act the same on any of
 * them. A module whose code names an index beyond the new count no longer validates; the codegen
 * cache then keeps the variant without joined segments (`pooledModule` in `memory-import.ts`).
 */
import {
  concat,
  HEADER_BYTES,
  leb,
  Reader,
  rewriteSections,
  section,
  sleb32,
  Unsupported,
} from './core-module-bytes.js';

const SECTION_DATA = 11;
const SECTION_DATA_COUNT = 12;
const OP_I32_CONST = 0x41;
const OP_END = 0x0b;

/** Segments at most this many bytes apart are joined. */
export const MAX_GAP = 1024;

interface Segment {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/** The segments that are not empty, and how many there were. */
function readSegments(
  bytes: Uint8Array,
  start: number,
  end: number,
  memoryBytes: number,
): { count: number; segments: Segment[] } {
  const reader = new Reader(bytes, start);
  const count = reader.u32();
  const segments: Segment[] = [];
  for (let i = 0; i < count; i++) {
    const flags = reader.u32();
    if (flags === 2) {
      if (reader.u32() !== 0) {
        throw new Unsupported('a segment of another memory');
      }
    } else if (flags !== 0) {
      throw new Unsupported('a passive segment');
    }
    if (reader.byte() !== OP_I32_CONST) {
      throw new Unsupported('an offset that is not a constant');
    }
    const offset = reader.s32() >>> 0;
    if (reader.byte() !== OP_END) {
      throw new Unsupported('an offset expression of more than one instruction');
    }
    const length = reader.u32();
    const dataStart = reader.offset;
    reader.offset += length;
    if (reader.offset > end) {
      throw new Unsupported('segment past the end of its section');
    }
    if (offset + length > memoryBytes) {
      throw new Unsupported('a segment outside the initial memory');
    }
    if (length > 0) {
      segments.push({ offset, bytes: bytes.subarray(dataStart, reader.offset) });
    }
  }
  if (reader.offset !== end) {
    throw new Unsupported('data section size mismatch');
  }
  return { count, segments };
}

/** Groups of segments sorted by offset, each group's segments at most `maxGap` apart. */
function group(segments: Segment[], maxGap: number): Segment[][] {
  const sorted = [...segments].sort((a, b) => a.offset - b.offset);
  const groups: Segment[][] = [];
  let current: Segment[] = [];
  let currentEnd = 0;
  for (const segment of sorted) {
    if (current.length > 0 && segment.offset < currentEnd) {
      throw new Unsupported('overlapping segments');
    }
    if (current.length > 0 && segment.offset - currentEnd > maxGap) {
      groups.push(current);
      current = [];
    }
    current.push(segment);
    currentEnd = segment.offset + segment.bytes.length;
  }
  if (current.length > 0) {
    groups.push(current);
  }
  return groups;
}

function encodeGroup(segments: Segment[]): Uint8Array {
  const first = segments[0] as Segment;
  const last = segments[segments.length - 1] as Segment;
  const length = last.offset + last.bytes.length - first.offset;
  const head = [0x00, OP_I32_CONST, ...sleb32(first.offset), OP_END, ...leb(length)];
  const out = new Uint8Array(head.length + length);
  out.set(head, 0);
  for (const segment of segments) {
    out.set(segment.bytes, head.length + segment.offset - first.offset);
  }
  return out;
}

/**
 * The module with its nearby active data segments joined, or `null` when that would not make
 * fewer segments or the module is not the plain case. `memoryBytes` is the size of the memory it
 * starts with (its initial pages times 64 KiB).
 */
export function joinDataSegments(bytes: Uint8Array, memoryBytes: number, maxGap = MAX_GAP): Uint8Array | null {
  return rewriteSections(bytes, (all) => {
    const data = all.find((s) => s.id === SECTION_DATA);
    if (data === undefined) {
      return null;
    }
    const { count, segments } = readSegments(bytes, data.contentStart, data.end, memoryBytes);
    const groups = group(segments, maxGap);
    if (groups.length >= count) {
      return null;
    }
    const content = concat([new Uint8Array(leb(groups.length)), ...groups.map(encodeGroup)]);
    const parts = [bytes.subarray(0, HEADER_BYTES)];
    for (const s of all) {
      if (s.id === SECTION_DATA) {
        parts.push(section(SECTION_DATA, content));
      } else if (s.id === SECTION_DATA_COUNT) {
        parts.push(section(SECTION_DATA_COUNT, leb(groups.length)));
      } else {
        parts.push(bytes.subarray(s.start, s.end));
      }
    }
    return concat(parts);
  });
}
