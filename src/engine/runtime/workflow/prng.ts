/**
 * The workflow's deterministic randomness: a xoshiro128** generator seeded from the
 * seed persisted with the execution, so every replay draws the same numbers.
 */
import { createHash } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export class SeededRandom {
  readonly #s = new Uint32Array(4);

  constructor(seed: string) {
    const digest = createHash('sha256').update(seed).digest();
    for (let i = 0; i < 4; i++) {
      this.#s[i] = digest.readUInt32LE(i * 4);
    }
    if (this.#s.every((word) => word === 0)) {
      this.#s[0] = 1;
    }
  }

  /** The next 32 random bits. */
  nextU32(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1] ?? 0, 5), 7), 9) >>> 0;
    const t = (s[1] ?? 0) << 9;
    s[2] = (s[2] ?? 0) ^ (s[0] ?? 0);
    s[3] = (s[3] ?? 0) ^ (s[1] ?? 0);
    s[1] = (s[1] ?? 0) ^ (s[2] ?? 0);
    s[0] = (s[0] ?? 0) ^ (s[3] ?? 0);
    s[2] = (s[2] ?? 0) ^ t;
    s[3] = rotl(s[3] ?? 0, 11);
    return result;
  }

  nextU64(): bigint {
    return (BigInt(this.nextU32()) << 32n) | BigInt(this.nextU32());
  }

  /** Uniform in `[min, maxExclusive)`; `min` when the range is empty. */
  rangeU64(min: bigint, maxExclusive: bigint): bigint {
    if (maxExclusive <= min) {
      return min;
    }
    const span = maxExclusive - min;
    const limit = (1n << 64n) - ((1n << 64n) % span); // reject the biased tail
    for (;;) {
      const value = this.nextU64();
      if (value < limit) {
        return min + (value % span);
      }
    }
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const word = this.nextU32();
      for (let j = 0; j < 4 && i + j < length; j++) {
        out[i + j] = (word >>> (j * 8)) & 0xff;
      }
    }
    return out;
  }

  /** An alphanumeric string with a length in `[minLength, maxLengthExclusive)`. */
  string(minLength: number, maxLengthExclusive: number): string {
    const length = Number(this.rangeU64(BigInt(minLength), BigInt(Math.max(minLength + 1, maxLengthExclusive))));
    let out = '';
    for (let i = 0; i < length; i++) {
      out += ALPHANUMERIC[this.nextU32() % ALPHANUMERIC.length];
    }
    return out;
  }

  /** A seed for a child workflow. */
  childSeed(): string {
    return this.nextU64().toString(16).padStart(16, '0') + this.nextU64().toString(16).padStart(16, '0');
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
