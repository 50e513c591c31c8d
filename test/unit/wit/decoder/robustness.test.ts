/**
 * Property tests: whatever the bytes, the decoder either returns a model or
 * throws a ComponentDecodeError — never another exception, never a hang.
 * Random byte strings, random bytes after a valid preamble, random mutations
 * of corpus components, and every truncation of corpus components.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ComponentDecodeError, decodeComponent } from '../../../../src/wit/decoder/index.js';
import type { Resolve } from '../../../../src/wit/model.js';
import { PREAMBLE } from './binary.js';
import { corpusBytes, corpusNames } from './corpus.js';

/** Decodes, turning a ComponentDecodeError into its code; other errors propagate. */
function outcome(bytes: Uint8Array): Resolve | string {
  try {
    return decodeComponent(bytes);
  } catch (error) {
    if (error instanceof ComponentDecodeError) {
      return error.code;
    }
    throw error;
  }
}

/** Offsets where a top-level section starts (cutting there leaves a valid, shorter component). */
function sectionBoundaries(bytes: Uint8Array): Set<number> {
  const boundaries = new Set<number>([8]);
  let pos = 8;
  while (pos < bytes.length) {
    let size = 0;
    let shift = 0;
    let p = pos + 1;
    for (;;) {
      const byte = bytes[p++] as number;
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) {
        break;
      }
    }
    pos = p + size;
    boundaries.add(pos);
  }
  return boundaries;
}

/** Every proper prefix of `bytes` fails with a typed error, except cuts between sections. */
function checkEveryTruncation(bytes: Uint8Array): number {
  const boundaries = sectionBoundaries(bytes);
  let failures = 0;
  for (let length = 0; length < bytes.length; length++) {
    const result = outcome(bytes.subarray(0, length));
    if (typeof result === 'string') {
      failures++;
    } else if (!boundaries.has(length)) {
      throw new Error(`a truncation to ${length} bytes decoded`);
    }
  }
  return failures;
}

const SMALL = corpusNames().filter((name) => corpusBytes(name).length < 25_000);

describe('component decoder robustness', () => {
  test('random byte strings give typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        expect(typeof outcome(bytes)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  test('random bytes after a component preamble decode or give typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 256 }), (tail) => {
        outcome(Uint8Array.from([...PREAMBLE, ...tail]));
      }),
      { numRuns: 5000 },
    );
  });

  test('random mutations of corpus components decode or give typed errors', () => {
    const originals = corpusNames().map(corpusBytes);
    const mutation = fc.record({
      which: fc.nat({ max: originals.length - 1 }),
      edits: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 4,
      }),
    });
    fc.assert(
      fc.property(mutation, ({ which, edits }) => {
        const bytes = Uint8Array.from(originals[which] as Uint8Array);
        for (const [where, value] of edits) {
          bytes[8 + Math.floor(where * (bytes.length - 9))] = value;
        }
        outcome(bytes);
      }),
      { numRuns: 400 },
    );
  });

  for (const name of SMALL) {
    test(`every truncation of ${name} gives a typed error`, () => {
      const bytes = corpusBytes(name);
      expect(checkEveryTruncation(bytes)).toBeGreaterThan(bytes.length - sectionBoundaries(bytes).size - 1);
    });
  }

  test('every truncation of resources.component.wasm gives a typed error', { tags: ['slow'] }, () => {
    const bytes = corpusBytes('resources.component.wasm');
    expect(checkEveryTruncation(bytes)).toBeGreaterThan(bytes.length - sectionBoundaries(bytes).size - 1);
  });
});
