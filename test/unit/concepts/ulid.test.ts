import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { UlidGenerator, cryptoRandom, isUlid, ulidTime, type RandomSource } from '../../../src/engine/concepts/ulid.js';

const zeros: RandomSource = (bytes) => bytes.fill(0);
const maxed: RandomSource = (bytes) => bytes.fill(0xff);

describe('UlidGenerator', () => {
  test('a ULID is 26 Crockford base32 characters that encode its timestamp', () => {
    const ulid = new UlidGenerator().next(1_700_000_000_123);
    expect(isUlid(ulid)).toBe(true);
    expect(ulid).toHaveLength(26);
    expect(ulidTime(ulid)).toBe(1_700_000_000_123);
  });

  test('the time part encodes known values', () => {
    expect(new UlidGenerator(zeros).next(0)).toBe('00000000000000000000000000');
    expect(new UlidGenerator(zeros).next(2 ** 48 - 1)).toBe('7ZZZZZZZZZ0000000000000000');
    expect(new UlidGenerator(zeros).next(32)).toBe('00000000100000000000000000');
  });

  test('IDs made within one millisecond increase by one in the random part', () => {
    const ulids = new UlidGenerator(zeros);
    expect(ulids.next(5)).toBe('00000000050000000000000000');
    expect(ulids.next(5)).toBe('00000000050000000000000001');
    expect(ulids.next(5)).toBe('00000000050000000000000002');
  });

  test('many IDs in the same millisecond sort in creation order', () => {
    const ulids = new UlidGenerator();
    const made = Array.from({ length: 2000 }, () => ulids.next(1_000));
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  test('IDs keep increasing when the clock goes backwards', () => {
    const ulids = new UlidGenerator();
    const a = ulids.next(10_000);
    const b = ulids.next(9_000);
    expect(b > a).toBe(true);
    expect(ulidTime(b)).toBe(10_000);
  });

  test('exhausting the random part moves to the next millisecond instead of wrapping', () => {
    const ulids = new UlidGenerator(maxed);
    const a = ulids.next(7);
    const b = ulids.next(7);
    expect(b > a).toBe(true);
    expect(ulidTime(b)).toBe(8);
  });

  test('the random part of IDs in different milliseconds never repeats, across refills of the pool', () => {
    const generator = new UlidGenerator();
    const randomParts = Array.from({ length: 2_000 }, (_, i) => generator.next(1_700_000_000_000 + i).slice(10));
    expect(new Set(randomParts).size).toBe(randomParts.length);
  });

  test('the crypto source fills buffers larger than its pool, and leaves none of them zero', () => {
    for (const size of [10, 4_096, 10_000]) {
      const bytes = new Uint8Array(size);
      cryptoRandom(bytes);
      expect(bytes.some((byte) => byte !== 0)).toBe(true);
    }
  });

  test('a time outside 48 bits is rejected', () => {
    expect(() => new UlidGenerator().next(-1)).toThrow(RangeError);
    expect(() => new UlidGenerator().next(2 ** 48)).toThrow(RangeError);
  });

  test('any sequence of times gives strictly increasing IDs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 50 }), (times) => {
        const ulids = new UlidGenerator();
        const made = times.map((t) => ulids.next(t));
        for (let i = 1; i < made.length; i++) {
          expect((made[i] as string) > (made[i - 1] as string)).toBe(true);
        }
      }),
    );
  });

  test('isUlid rejects lower case, excluded letters and wrong lengths', () => {
    expect(isUlid('01arz3ndektsv4rrffq69g5fav')).toBe(false);
    expect(isUlid('01ARZ3NDEKTSV4RRFFQ69G5FAI')).toBe(false);
    expect(isUlid('01ARZ3NDEKTSV4RRFFQ69G5FA')).toBe(false);
    expect(isUlid('81ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(false);
    expect(isUlid('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(true);
  });
});
