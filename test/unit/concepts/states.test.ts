import { describe, expect, test } from 'vitest';
import { canonicalJson, jsonEquals } from '../../../src/engine/concepts/json.js';
import { FinishedResult } from '../../../src/engine/concepts/results.js';
import { summaryStateOf, type PendingState } from '../../../src/engine/concepts/states.js';
import type { ExecutorId, RunId } from '../../../src/engine/concepts/ids.js';
import type { JoinSetId } from '../../../src/engine/concepts/join-set-id.js';

const pending: PendingState = { type: 'pending-at', scheduledAt: 0 };
const locked: PendingState = {
  type: 'locked',
  executorId: 'Exr_x' as ExecutorId,
  runId: 'Run_x' as RunId,
  lockExpiresAt: 1,
};
const blocked: PendingState = { type: 'blocked-by-join-set', joinSetId: 'g:1' as JoinSetId, closing: false };
const finished: PendingState = { type: 'finished', finishedAt: 2, result: FinishedResult.ok(1) };
const none = { paused: false, cancelRequested: false };

describe('summaryStateOf', () => {
  test('each pending state maps to its summary', () => {
    expect(summaryStateOf(pending, none)).toBe('pending');
    expect(summaryStateOf(locked, none)).toBe('locked');
    expect(summaryStateOf(blocked, none)).toBe('blocked');
    expect(summaryStateOf(finished, none)).toBe('finished');
  });

  test('finished wins over cancelling, which wins over paused', () => {
    const both = { paused: true, cancelRequested: true };
    expect(summaryStateOf(finished, both)).toBe('finished');
    expect(summaryStateOf(pending, both)).toBe('cancelling');
    expect(summaryStateOf(blocked, { paused: true, cancelRequested: false })).toBe('paused');
  });
});

describe('FinishedResult', () => {
  test('results are equal by kind and JSON value, ignoring key order and failure details', () => {
    expect(FinishedResult.equals(FinishedResult.ok({ a: 1, b: [2] }), FinishedResult.ok({ b: [2], a: 1 }))).toBe(true);
    expect(FinishedResult.equals(FinishedResult.ok(1), FinishedResult.err(1))).toBe(false);
    expect(
      FinishedResult.equals(FinishedResult.failure('timed-out', 'a'), FinishedResult.failure('timed-out', 'b')),
    ).toBe(true);
    expect(FinishedResult.equals(FinishedResult.failure('timed-out'), FinishedResult.failure('cancelled'))).toBe(false);
    expect(FinishedResult.equals(FinishedResult.failure('cancelled'), FinishedResult.err(null))).toBe(false);
  });

  test('the summary drops the failure detail', () => {
    expect(FinishedResult.summary(FinishedResult.failure('uncategorized', 'trap'))).toEqual({
      kind: 'failure',
      failureKind: 'uncategorized',
    });
    expect(FinishedResult.summary(FinishedResult.err('x'))).toEqual({ kind: 'err', value: 'x' });
  });
});

describe('canonicalJson', () => {
  test('object keys are sorted at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 0, y: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":1,"z":0}]},"b":1}',
    );
    expect(jsonEquals([1, { a: 'x', b: true }], [1, { b: true, a: 'x' }])).toBe(true);
    expect(jsonEquals([1, 2], [2, 1])).toBe(false);
  });
});
