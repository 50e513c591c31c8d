import { describe, expect, test } from 'vitest';
import { writeForOutcome, writeForTimeout, type RetryPolicy } from '../../../src/engine/executor/index.js';

const activity: RetryPolicy = { retry: { maxRetries: 2, backoffMs: 100 }, retryTraps: true, retryErrs: true };
const workflow: RetryPolicy = { retry: { maxRetries: null, backoffMs: 100 }, retryTraps: false, retryErrs: false };
const NOW = 1_000_000;

describe('writeForOutcome', () => {
  test('ok finishes with the value', () => {
    expect(writeForOutcome({ kind: 'ok', value: 55 }, 0, NOW, activity)).toEqual({
      type: 'finish',
      result: { kind: 'ok', value: 55 },
    });
  });

  test('a returned err is retried after backoff * 2^(n-1)', () => {
    expect(writeForOutcome({ kind: 'err', value: 'boom', permanent: false }, 0, NOW, activity)).toEqual({
      type: 'unlock',
      event: { type: 'temporarily-failed', reason: 'returned err', detail: '"boom"', backoffUntil: NOW + 100 },
    });
    const second = writeForOutcome({ kind: 'err', value: 'boom', permanent: false }, 1, NOW, activity);
    expect(second.type === 'unlock' && second.event.backoffUntil).toBe(NOW + 200);
  });

  test('a returned err finishes as err once max_retries are used up', () => {
    expect(writeForOutcome({ kind: 'err', value: 'boom', permanent: false }, 2, NOW, activity)).toEqual({
      type: 'finish',
      result: { kind: 'err', value: 'boom' },
    });
  });

  test('a permanent err is never retried', () => {
    expect(writeForOutcome({ kind: 'err', value: 'permanent_failure', permanent: true }, 0, NOW, activity)).toEqual({
      type: 'finish',
      result: { kind: 'err', value: 'permanent_failure' },
    });
  });

  test('an activity trap is retried, then finishes as an uncategorized failure with the reason', () => {
    const first = writeForOutcome({ kind: 'trap', reason: 'unreachable', detail: 'at f' }, 0, NOW, activity);
    expect(first).toEqual({
      type: 'unlock',
      event: { type: 'temporarily-failed', reason: 'unreachable', detail: 'at f', backoffUntil: NOW + 100 },
    });
    expect(writeForOutcome({ kind: 'trap', reason: 'unreachable' }, 2, NOW, activity)).toEqual({
      type: 'finish',
      result: { kind: 'failure', failureKind: 'uncategorized', detail: 'unreachable' },
    });
  });

  test('a workflow trap is never retried', () => {
    expect(writeForOutcome({ kind: 'trap', reason: 'unreachable' }, 0, NOW, workflow).type).toBe('finish');
  });

  test('a persisted outcome writes nothing', () => {
    expect(writeForOutcome({ kind: 'persisted' }, 0, NOW, activity)).toEqual({ type: 'none' });
  });
});

describe('writeForTimeout', () => {
  test('a timeout is retried with backoff, then finishes as timed-out', () => {
    expect(writeForTimeout(0, NOW, activity.retry)).toEqual({
      type: 'unlock',
      event: { type: 'temporarily-timed-out', backoffUntil: NOW + 100 },
    });
    expect(writeForTimeout(2, NOW, activity.retry)).toEqual({
      type: 'finish',
      result: { kind: 'failure', failureKind: 'timed-out' },
    });
  });

  test('without a retry policy a timeout finishes at once', () => {
    expect(writeForTimeout(0, NOW, null)).toEqual({
      type: 'finish',
      result: { kind: 'failure', failureKind: 'timed-out' },
    });
  });
});
