/**
 * Bytes of a component binary: LEB128 numbers, names, vectors and sections,
 * appended to a growable buffer.
 */
const utf8 = new TextEncoder();

/** An append-only byte buffer. */
export class ByteWriter {
  private readonly chunks: number[] = [];

  get length(): number {
    return this.chunks.length;
  }

  u8(byte: number): this {
    this.chunks.push(byte & 0xff);
    return this;
  }

  /** Unsigned LEB128. */
  u32(value: number): this {
    let rest = value >>> 0;
    do {
      const byte = rest & 0x7f;
      rest >>>= 7;
      this.chunks.push(rest === 0 ? byte : byte | 0x80);
    } while (rest !== 0);
    return this;
  }

  /** Signed LEB128 of a non-negative number (a type index where a `valtype` is expected is an s33). */
  s33(value: number): this {
    let rest = value;
    for (;;) {
      const byte = rest & 0x7f;
      rest = Math.floor(rest / 128);
      if (rest === 0 && (byte & 0x40) === 0) {
        this.chunks.push(byte);
        return this;
      }
      this.chunks.push(byte | 0x80);
    }
  }

  /** A length-prefixed UTF-8 string. */
  name(text: string): this {
    const bytes = utf8.encode(text);
    this.u32(bytes.length);
    return this.raw(bytes);
  }

  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) {
      this.chunks.push(bytes[i] as number);
    }
    return this;
  }

  /** Appends `other`'s bytes. */
  append(other: ByteWriter): this {
    return this.raw(other.chunks);
  }

  /** Appends `other` preceded by its byte length (a section body). */
  sized(other: ByteWriter): this {
    this.u32(other.length);
    return this.append(other);
  }

  /** A vector: its count, then each item. */
  vec<T>(items: readonly T[], each: (item: T) => void): this {
    this.u32(items.length);
    items.forEach(each);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

/** `\0asm`, version 0xd, layer 1: the preamble of a component. */
export const COMPONENT_PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00] as const;

export const Section = { custom: 0, alias: 6, type: 7, import: 10, export: 11 } as const;

/** Sorts of the component index spaces, as encoded in aliases, exports and extern descriptions. */
export const SortByte = { func: 0x01, type: 0x03, component: 0x04, instance: 0x05 } as const;
