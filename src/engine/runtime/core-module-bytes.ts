/**
 * Reading and writing the bytes of a core WebAssembly module, for the load-time rewrites of
 * `memory-import.ts` and `data-segments.ts`. Only what those rewrites need: sections, LEB128
 * numbers and names. Anything unexpected throws {@link Unsupported}, which the rewrites turn into
 * "leave the module as it is".
 */

export const HEADER_BYTES = 8;

/** The module uses something a rewrite does not handle (or is malformed): leave it alone. */
export class Unsupported extends Error {}

export class Reader {
  offset: number;

  constructor(
    readonly bytes: Uint8Array,
    offset: number,
  ) {
    this.offset = offset;
  }

  byte(): number {
    const value = this.bytes[this.offset];
    if (value === undefined) {
      throw new Unsupported('unexpected end of module');
    }
    this.offset++;
    return value;
  }

  /** An unsigned LEB128 (up to 2^53). */
  u32(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        return result;
      }
      scale *= 128;
      if (scale > 2 ** 56) {
        throw new Unsupported('LEB128 too long');
      }
    }
  }

  /** A signed LEB128 of at most 32 bits (an `i32.const` operand). */
  s32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        const bits = shift + 7;
        const value = (byte & 0x40) !== 0 ? result - 2 ** bits : result;
        if (value < -(2 ** 31) || value >= 2 ** 31) {
          throw new Unsupported('i32 out of range');
        }
        return value;
      }
    }
    throw new Unsupported('LEB128 too long');
  }

  /** Skips a signed LEB128. */
  skipLeb(): void {
    while ((this.byte() & 0x80) !== 0) {
      // continuation bytes
    }
  }

  name(): string {
    const length = this.u32();
    const start = this.offset;
    this.offset += length;
    if (this.offset > this.bytes.length) {
      throw new Unsupported('name past the end');
    }
    return new TextDecoder().decode(this.bytes.subarray(start, this.offset));
  }
}

/** An unsigned LEB128. */
export function leb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) {
      byte |= 0x80;
    }
    out.push(byte);
  } while (rest > 0);
  return out;
}

/** A signed LEB128 of a 32-bit integer. */
export function sleb32(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const signBit = (byte & 0x40) !== 0;
    if ((rest === 0 && !signBit) || (rest === -1 && signBit)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export interface Section {
  readonly id: number;
  /** Offset of the section's id byte. */
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** True when `bytes` starts with the WebAssembly magic number (a component does too; its sections differ). */
function hasWasmMagic(bytes: Uint8Array): boolean {
  return bytes.length >= HEADER_BYTES && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

export function sections(bytes: Uint8Array): Section[] {
  const reader = new Reader(bytes, HEADER_BYTES);
  const found: Section[] = [];
  while (reader.offset < bytes.length) {
    const start = reader.offset;
    const id = reader.byte();
    const size = reader.u32();
    const contentStart = reader.offset;
    const end = contentStart + size;
    if (end > bytes.length) {
      throw new Unsupported('section past the end');
    }
    found.push({ id, start, contentStart, end });
    reader.offset = end;
  }
  return found;
}

/**
 * Runs a rewrite on the sections of a core module: `null` when `bytes` is not a module, or when
 * the rewrite finds something it does not handle ({@link Unsupported}) or returns `null` itself.
 */
export function rewriteSections<T>(bytes: Uint8Array, rewrite: (all: Section[]) => T | null): T | null {
  try {
    return hasWasmMagic(bytes) ? rewrite(sections(bytes)) : null;
  } catch (error: unknown) {
    if (error instanceof Unsupported) {
      return null;
    }
    throw error;
  }
}

/** A section: its id, its size and `content`. */
export function section(id: number, content: readonly number[] | Uint8Array): Uint8Array {
  const head = [id, ...leb(content.length)];
  const out = new Uint8Array(head.length + content.length);
  out.set(head, 0);
  out.set(content, head.length);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
