import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SimClock } from '../../../src/engine/concepts/clock.js';
import { EngineErrorCode, InvalidId } from '../../../src/engine/concepts/errors.js';
import { ComponentDigest, DelayId, ExecutionId, ExecutorId, RunId } from '../../../src/engine/concepts/ids.js';
import { JoinSetId } from '../../../src/engine/concepts/join-set-id.js';
import { UlidGenerator } from '../../../src/engine/concepts/ulid.js';

const ULID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const TOP = `E_${ULID}`;

function invalidIdCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof InvalidId ? error.code : `not InvalidId: ${String(error)}`;
  }
  return undefined;
}

describe('ExecutionId', () => {
  test('generate makes a top-level E_ ID from the clock time', () => {
    const clock = new SimClock(1_700_000_000_000);
    const id = ExecutionId.generate(clock, new UlidGenerator());
    expect(id).toMatch(/^E_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(ExecutionId.parse(id)).toBe(id);
    expect(ExecutionId.isTopLevel(id)).toBe(true);
  });

  test('IDs generated in the same millisecond sort in order', () => {
    const clock = new SimClock();
    const ulids = new UlidGenerator();
    const ids = Array.from({ length: 100 }, () => ExecutionId.generate(clock, ulids));
    expect([...ids].sort()).toEqual(ids);
  });

  test('derived IDs nest join set and index steps', () => {
    const top = ExecutionId.parse(TOP);
    const child = ExecutionId.derive(top, JoinSetId.oneOff(1), 1);
    const grandchild = ExecutionId.derive(child, JoinSetId.named('batch/a-1'), 7);
    expect(child).toBe(`${TOP}.o:1_1`);
    expect(grandchild).toBe(`${TOP}.o:1_1.n:batch/a-1_7`);
    expect(ExecutionId.parse(grandchild)).toBe(grandchild);
    expect(ExecutionId.isTopLevel(grandchild)).toBe(false);
    expect(ExecutionId.topLevelOf(grandchild)).toBe(TOP);
    expect(ExecutionId.parentOf(grandchild)).toEqual({ parentId: child, joinSetId: 'n:batch/a-1', index: 7 });
    expect(ExecutionId.parentOf(top)).toBeNull();
    expect(ExecutionId.steps(grandchild)).toEqual([
      { joinSetId: 'o:1', index: 1 },
      { joinSetId: 'n:batch/a-1', index: 7 },
    ]);
  });

  test('malformed execution IDs are refused with an invalid-id error', () => {
    for (const bad of [
      '',
      ULID,
      `X_${ULID}`,
      `E_${ULID.toLowerCase()}`,
      `E_${ULID}.`,
      `E_${ULID}.o:1`,
      `E_${ULID}.x:1_1`,
      `E_${ULID}.n:a_b_1`,
      `E_${ULID}.o:01_1`,
      `E_${ULID}.g:a_1`,
      `E_${ULID}.n:a.b_1`,
    ]) {
      expect(
        invalidIdCode(() => ExecutionId.parse(bad)),
        bad,
      ).toBe(EngineErrorCode.invalidId);
    }
  });

  test('the error message names the kind of ID and the expected shape', () => {
    expect(() => ExecutionId.parse('E_nope')).toThrow(/invalid execution ID "E_nope": expected E_<ulid>/);
  });

  test('derive then parentOf gives back the parent for any join set and index', () => {
    const joinSets = fc.oneof(
      fc.nat().map((n) => JoinSetId.oneOff(n)),
      fc.nat().map((n) => JoinSetId.generated(n)),
      fc.stringMatching(/^[A-Za-z0-9/-]{1,12}$/).map((name) => JoinSetId.named(name)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(joinSets, fc.nat()), { minLength: 1, maxLength: 4 }), (path) => {
        let id = ExecutionId.parse(TOP);
        for (const [joinSetId, index] of path) {
          const child = ExecutionId.derive(id, joinSetId, index);
          expect(ExecutionId.parse(child)).toBe(child);
          expect(ExecutionId.parentOf(child)).toEqual({ parentId: id, joinSetId, index });
          id = child;
        }
        expect(ExecutionId.topLevelOf(id)).toBe(TOP);
        expect(ExecutionId.steps(id)).toHaveLength(path.length);
      }),
    );
  });
});

describe('JoinSetId', () => {
  test('one-off, generated and named join sets have their prefixes', () => {
    expect(JoinSetId.oneOff(3)).toBe('o:3');
    expect(JoinSetId.generated(0)).toBe('g:0');
    expect(JoinSetId.named('Fan-out/2')).toBe('n:Fan-out/2');
    expect(JoinSetId.kind(JoinSetId.named('x'))).toBe('n');
    expect(JoinSetId.name(JoinSetId.named('x'))).toBe('x');
  });

  test('names with characters other than letters, digits, "-" and "/" are refused', () => {
    for (const bad of ['', 'a b', 'a_b', 'a.b', 'ä', 'a:b']) {
      expect(
        invalidIdCode(() => JoinSetId.named(bad)),
        bad,
      ).toBe(EngineErrorCode.invalidId);
    }
  });

  test('parse accepts the three forms and refuses others', () => {
    expect(JoinSetId.parse('o:12')).toBe('o:12');
    expect(JoinSetId.parse('n:a/b-c')).toBe('n:a/b-c');
    for (const bad of ['o:', 'o:x', 'g:-1', 'n:', 'x:1', 'o1']) {
      expect(
        invalidIdCode(() => JoinSetId.parse(bad)),
        bad,
      ).toBe(EngineErrorCode.invalidId);
    }
  });

  test('negative or fractional counters are refused', () => {
    expect(invalidIdCode(() => JoinSetId.oneOff(-1))).toBe(EngineErrorCode.invalidId);
    expect(invalidIdCode(() => JoinSetId.generated(1.5))).toBe(EngineErrorCode.invalidId);
  });
});

describe('other IDs', () => {
  const clock = new SimClock();

  test('delay IDs are generated as Delay_<ulid> or derived from an execution and join set', () => {
    const generated = DelayId.generate(clock);
    expect(DelayId.parse(generated)).toBe(generated);
    const derived = DelayId.derive(ExecutionId.parse(TOP), JoinSetId.generated(2), 3);
    expect(derived).toBe(`Delay_${ULID}.g:2_3`);
    expect(DelayId.parse(derived)).toBe(derived);
    expect(invalidIdCode(() => DelayId.parse(TOP))).toBe(EngineErrorCode.invalidId);
  });

  test('run and executor IDs have their own prefixes and do not parse as each other', () => {
    const run = RunId.generate(clock);
    const executor = ExecutorId.generate(clock);
    expect(run).toMatch(/^Run_/);
    expect(executor).toMatch(/^Exr_/);
    expect(RunId.parse(run)).toBe(run);
    expect(ExecutorId.parse(executor)).toBe(executor);
    expect(invalidIdCode(() => RunId.parse(executor))).toBe(EngineErrorCode.invalidId);
    expect(invalidIdCode(() => ExecutorId.parse(run))).toBe(EngineErrorCode.invalidId);
  });

  test('component digests are sha256 with 64 lowercase hex digits', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    expect(ComponentDigest.parse(digest)).toBe(digest);
    for (const bad of ['sha256:', `sha256:${'AB'.repeat(32)}`, `sha512:${'ab'.repeat(32)}`, 'ab'.repeat(32)]) {
      expect(
        invalidIdCode(() => ComponentDigest.parse(bad)),
        bad,
      ).toBe(EngineErrorCode.invalidId);
    }
  });
});
