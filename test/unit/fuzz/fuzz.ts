/**
 * Shared settings of the fuzz properties: how many runs (`OBELISK_FUZZ_RUNS`, default small so
 * the test command stays fast; `npm run fuzz -- --runs N` sets it for long runs) and the seed
 * (`OBELISK_FUZZ_SEED` replays a reported failure), and what counts as an acceptable rejection.
 */
import fc from 'fast-check';

const DEFAULT_RUNS = 150;

function fuzzRuns(): number {
  const runs = Number(process.env['OBELISK_FUZZ_RUNS'] ?? DEFAULT_RUNS);
  return Number.isInteger(runs) && runs > 0 ? runs : DEFAULT_RUNS;
}

export function fuzzParameters(): fc.Parameters<unknown> {
  const seed = process.env['OBELISK_FUZZ_SEED'];
  return { numRuns: fuzzRuns(), ...(seed === undefined ? {} : { seed: Number(seed) }) };
}

/** A test timeout that grows with the number of runs (`msPerRun`: the slowest input's cost). */
export function fuzzTimeout(msPerRun: number): { timeout: number } {
  return { timeout: 30_000 + fuzzRuns() * msPerRun };
}

/**
 * Runs `attempt` and returns what it threw, or `null`. Anything thrown must be a coded error:
 * an `Error` with a stable string `code` (never a bare TypeError or RangeError, which would mean
 * the input reached code that did not expect it).
 */
export function rejectionOf(attempt: () => unknown): string | null {
  try {
    attempt();
    return null;
  } catch (error: unknown) {
    const code = (error as { code?: unknown } | null)?.code;
    if (!(error instanceof Error) || typeof code !== 'string' || code === '') {
      throw new Error(`uncoded rejection: ${String(error)}`, { cause: error });
    }
    return code;
  }
}

/** Mutations of a text: deletions, insertions and replacements of short runs. */
export function mutatedText(base: string): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat({ max: Math.max(0, base.length) }),
    remove: fc.nat({ max: 8 }),
    insert: fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('{', '}', '(', ')', '<', '>', ';', ':', '@', '/', '.', ',', '=', '"', '\n', '-', '%', '\u0000'),
    ),
  });
  return fc.array(edit, { minLength: 1, maxLength: 5 }).map((edits) => {
    let text = base;
    for (const { at, remove, insert } of edits) {
      const i = Math.min(at, text.length);
      text = text.slice(0, i) + insert + text.slice(i + remove);
    }
    return text;
  });
}

/** Mutations of bytes: flips, truncation, insertions. */
export function mutatedBytes(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  const edit = fc.record({
    at: fc.nat({ max: Math.max(0, base.length - 1) }),
    kind: fc.constantFrom('flip', 'truncate', 'insert', 'set'),
    byte: fc.integer({ min: 0, max: 255 }),
  });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let bytes = Uint8Array.from(base);
    for (const { at, kind, byte } of edits) {
      const i = Math.min(at, Math.max(0, bytes.length - 1));
      if (kind === 'truncate') {
        bytes = bytes.slice(0, i);
      } else if (kind === 'insert') {
        bytes = Uint8Array.from([...bytes.slice(0, i), byte, ...bytes.slice(i)]);
      } else if (bytes.length > 0) {
        bytes[i] = kind === 'flip' ? (bytes[i] ?? 0) ^ (1 << (byte % 8)) : byte;
      }
    }
    return bytes;
  });
}
