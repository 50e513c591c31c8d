/**
 * A bounds-checked cursor over a byte range of a component binary. Every read
 * checks the end of its range first, so bad input ends in a
 * {@link ComponentDecodeError}, never in an out-of-range read or a hang.
 */
import { DecodeErrorCode, fail } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads LEB128 numbers, names and vectors from `bytes[pos, end)`. */
export class Reader {
  readonly bytes: Uint8Array;
  pos: number;
  readonly end: number;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  /** Fails with `truncated` unless `n` more bytes are available. */
  need(n: number, what: string): void {
    if (this.end - this.pos < n) {
      fail(DecodeErrorCode.truncated, this.pos, `unexpected end of input while reading ${what}`);
    }
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++] as number;
  }

  peek(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos] as number;
  }

  /** Unsigned LEB128 that must fit in 32 bits (at most 5 bytes). */
  u32(what: string): number {
    const start = this.pos;
    let result = 0;
    for (let i = 0; i < 5; i++) {
      const byte = this.u8(what);
      if (i === 4 && byte > 0x0f) {
        fail(DecodeErrorCode.malformed, start, `${what}: LEB128 number does not fit in 32 bits`);
      }
      result += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) {
        return result;
      }
    }
    return fail(DecodeErrorCode.malformed, start, `${what}: LEB128 number is too long`);
  }

  /** Signed LEB128 of at most 33 bits (5 bytes), as used for value type indices. */
  s33(what: string): number {
    const start = this.pos;
    let result = 0;
    for (let i = 0; i < 5; i++) {
      const byte = this.u8(what);
      result += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) {
        const bits = 7 * (i + 1);
        return (byte & 0x40) !== 0 ? result - 2 ** bits : result;
      }
    }
    return fail(DecodeErrorCode.malformed, start, `${what}: LEB128 number is too long`);
  }

  /** Skips an unsigned LEB128 of at most 64 bits (memory and table limits). */
  skipU64(what: string): void {
    const start = this.pos;
    for (let i = 0; i < 10; i++) {
      if ((this.u8(what) & 0x80) === 0) {
        return;
      }
    }
    fail(DecodeErrorCode.malformed, start, `${what}: LEB128 number is too long`);
  }

  /** A UTF-8 string prefixed by its byte length. */
  name(what: string): string {
    const length = this.u32(`${what} length`);
    const start = this.pos;
    this.need(length, what);
    this.pos += length;
    try {
      return utf8.decode(this.bytes.subarray(start, start + length));
    } catch {
      return fail(DecodeErrorCode.malformed, start, `${what} is not valid UTF-8`);
    }
  }

  /**
   * The length of a vector whose elements take at least `minSize` bytes each;
   * a length that cannot fit in the remaining bytes is rejected up front.
   */
  count(what: string, minSize = 1): number {
    const start = this.pos;
    const n = this.u32(`number of ${what}`);
    if (n * minSize > this.remaining) {
      fail(DecodeErrorCode.truncated, start, `${n} ${what} cannot fit in the remaining ${this.remaining} bytes`);
    }
    return n;
  }

  /** A reader over the next `size` bytes; this reader moves past them. */
  sub(size: number, what: string): Reader {
    this.need(size, what);
    const sub = new Reader(this.bytes, this.pos, this.pos + size);
    this.pos += size;
    return sub;
  }

  /** Fails unless the range was read to its end exactly. */
  expectEnd(what: string): void {
    if (this.pos !== this.end) {
      fail(DecodeErrorCode.malformed, this.pos, `${what} has ${this.end - this.pos} unexpected trailing bytes`);
    }
  }
}
