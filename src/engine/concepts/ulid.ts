/**
 * ULIDs: 48-bit millisecond timestamp + 80 random bits, written as 26 Crockford
 * base32 characters. A {@link UlidGenerator} is monotonic: IDs it makes within
 * one millisecond (or while its clock stands still or goes back) increase by one
 * in the random part, so they sort in creation order.
 */
import { randomFillSync } from 'node:crypto';

/** Crockford's base32 alphabet (no I, L, O, U). */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Matches one ULID (upper case; the first character is at most 7 so the time fits 48 bits). */
export const ULID_PATTERN = '[0-7][0-9A-HJKMNP-TV-Z]{25}';

const ULID_RE = new RegExp(`^${ULID_PATTERN}$`);
const TIME_LEN = 10;
const RANDOM_BYTES = 10;
const MAX_TIME = 2 ** 48 - 1;

/** Fills `bytes` with random data. Injected so tests can be deterministic. */
export type RandomSource = (bytes: Uint8Array) => void;

const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let poolOffset = POOL_BYTES;

/**
 * Cryptographically strong random bytes from `node:crypto`, drawn from a pool refilled 4 KiB at
 * a time (one call per ID cost more than the rest of making it). No byte is handed out twice.
 */
export const cryptoRandom: RandomSource = (bytes) => {
  if (bytes.length > POOL_BYTES) {
    randomFillSync(bytes);
    return;
  }
  if (poolOffset + bytes.length > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  bytes.set(pool.subarray(poolOffset, poolOffset + bytes.length));
  poolOffset += bytes.length;
};

/** Makes ULIDs; monotonic within one generator. */
export class UlidGenerator {
  readonly #random: RandomSource;
  #lastTime = -1;
  readonly #last = new Uint8Array(RANDOM_BYTES);

  constructor(random: RandomSource = cryptoRandom) {
    this.#random = random;
  }

  /** A new ULID for time `nowMs`, greater than every ULID this generator made before. */
  next(nowMs: number): string {
    const time = Math.floor(nowMs);
    if (!(time >= 0 && time <= MAX_TIME)) {
      throw new RangeError(`ULID time out of range: ${nowMs}`);
    }
    if (time > this.#lastTime) {
      this.#lastTime = time;
      this.#random(this.#last);
    } else if (!increment(this.#last)) {
      // 2^80 IDs in one millisecond: move to the next millisecond instead of wrapping.
      this.#lastTime += 1;
      this.#random(this.#last);
    }
    return encodeTime(this.#lastTime) + encodeRandom(this.#last);
  }
}

/** True when `text` is a well-formed ULID. */
export function isUlid(text: string): boolean {
  return ULID_RE.test(text);
}

/**
 * The ULID with time `timeMs` and the given 80 bits (10 bytes): deterministic, for IDs that must
 * be the same wherever and whenever they are computed (e.g. one per cron firing).
 */
export function ulidFrom(timeMs: number, bits: Uint8Array): string {
  const time = Math.floor(timeMs);
  if (!(time >= 0 && time <= MAX_TIME) || bits.length !== RANDOM_BYTES) {
    throw new RangeError(`ULID parts out of range: time ${timeMs}, ${bits.length} bytes`);
  }
  return encodeTime(time) + encodeRandom(bits);
}

/** The millisecond timestamp stored in a ULID. */
export function ulidTime(ulid: string): number {
  let time = 0;
  for (const char of ulid.slice(0, TIME_LEN)) {
    time = time * 32 + CROCKFORD.indexOf(char);
  }
  return time;
}

/** Adds one to a big-endian byte string; false on overflow. */
function increment(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 1; i >= 0; i--) {
    const byte = bytes[i] as number;
    if (byte < 0xff) {
      bytes[i] = byte + 1;
      return true;
    }
    bytes[i] = 0;
  }
  return false;
}

function encodeTime(time: number): string {
  let out = '';
  let rest = time;
  for (let i = 0; i < TIME_LEN; i++) {
    out = CROCKFORD.charAt(rest % 32) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** 80 bits -> 16 characters, 5 bits each, most significant first. */
function encodeRandom(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD.charAt((buffer >> bits) & 31);
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}
