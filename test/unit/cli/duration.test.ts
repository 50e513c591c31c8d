import { describe, expect, test } from 'vitest';
import { parseDuration } from '../../../src/cli/duration.js';

describe('parseDuration', () => {
  test.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    ['0s', 0],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', '10', 'm', '10x', '30m1h', '1m1m', '-1s', '1.5h', '1h 30m'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
