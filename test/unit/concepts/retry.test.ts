import { describe, expect, test } from 'vitest';
import { backoffDelay, retryAt, type RetryConfig } from '../../../src/engine/concepts/retry.js';

const config: RetryConfig = { maxRetries: 3, backoffMs: 100 };

describe('backoffDelay', () => {
  test('the delay doubles with each failure: backoff * 2^(n-1)', () => {
    expect([1, 2, 3].map((n) => backoffDelay(config, n))).toEqual([100, 200, 400]);
  });

  test('no retry is left after maxRetries failures', () => {
    expect(backoffDelay(config, 4)).toBeNull();
    expect(backoffDelay({ maxRetries: 0, backoffMs: 100 }, 1)).toBeNull();
  });

  test('maxRetries null retries forever', () => {
    expect(backoffDelay({ maxRetries: null, backoffMs: 10 }, 20)).toBe(10 * 2 ** 19);
  });

  test('maxBackoffMs caps the delay', () => {
    expect(backoffDelay({ maxRetries: null, backoffMs: 100, maxBackoffMs: 250 }, 3)).toBe(250);
  });

  test('jitter shortens the delay by at most its fraction, using the injected random source', () => {
    const jittered: RetryConfig = { ...config, jitter: 0.5 };
    expect(backoffDelay(jittered, 2, () => 0)).toBe(200);
    expect(backoffDelay(jittered, 2, () => 0.5)).toBe(150);
    expect(backoffDelay(jittered, 2, () => 0.999999)).toBe(100);
  });

  test('jitter outside 0..1 is clamped', () => {
    expect(backoffDelay({ ...config, jitter: 5 }, 1, () => 0.25)).toBe(75);
    expect(backoffDelay({ ...config, jitter: -1 }, 1, () => 0.25)).toBe(100);
  });

  test('the failure count must be a positive integer', () => {
    expect(() => backoffDelay(config, 0)).toThrow(RangeError);
    expect(() => backoffDelay(config, 1.5)).toThrow(RangeError);
  });
});

describe('retryAt', () => {
  test('the retry time is now plus the delay, or null when out of retries', () => {
    expect(retryAt(config, 2, 1_000)).toBe(1_200);
    expect(retryAt(config, 4, 1_000)).toBeNull();
  });
});
