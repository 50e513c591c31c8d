import { describe, expect, test } from 'vitest';
import { CatchUp, cronExecutionId, firingsToRun } from '../../../src/engine/cron/catch-up.js';
import { parseCronExpression } from '../../../src/engine/cron/cron-expression.js';
import { createSchedule, type Schedule } from '../../../src/engine/cron/schedule.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The first `n` firings after `from`. */
function firings(schedule: Schedule, from: string, n: number): (string | null)[] {
  const out: (string | null)[] = [];
  let t: number | null = at(from);
  for (let i = 0; i < n && t !== null; i++) {
    t = schedule.nextAfter(t);
    out.push(iso(t));
  }
  return out;
}

describe('cron expressions', () => {
  test('fields, ranges, steps, lists, names and macros', () => {
    const f = parseCronExpression('*/15 9-17 * JAN,jul MON-FRI');
    expect(f.seconds).toEqual([0]);
    expect(f.minutes).toEqual([0, 15, 30, 45]);
    expect(f.hours).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...f.months]).toEqual([1, 7]);
    expect([...f.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect(f.dayOr).toBe(false);
    expect(parseCronExpression('30 5/20 * * * 7').daysOfWeek).toEqual(new Set([0]));
    expect(parseCronExpression('30 5/20 * * * 7').minutes).toEqual([5, 25, 45]);
    expect(parseCronExpression('@hourly').minutes).toEqual([0]);
    expect(parseCronExpression('0 0 1,15 * MON').dayOr).toBe(true);
  });

  test.each([
    ['* * * *', 'expected 5 or 6 fields, got 4'],
    ['60 * * * *', 'minute field: 60 is outside 0-59'],
    ['* * 0 * *', 'day-of-month field: 0 is outside 1-31'],
    ['* * * * FOO', 'day-of-week field: "FOO" is not a number'],
    ['*/0 * * * *', 'the step in "*/0" must be a positive number'],
    ['5-1 * * * *', 'the range "5-1" goes backwards'],
    ['@fortnightly', 'unknown macro @fortnightly'],
  ])('%s is refused: %s', (text, why) => {
    expect(() => parseCronExpression(text)).toThrow(why);
  });
});

describe('schedules', () => {
  test('every N is aligned to the epoch', () => {
    const every = createSchedule({ kind: 'every', everyMs: 15 * 60_000 });
    expect(firings(every, '2026-03-01T10:07:00Z', 2)).toEqual(['2026-03-01T10:15:00.000Z', '2026-03-01T10:30:00.000Z']);
    expect(every.description).toBe('every 15m');
    expect(() => createSchedule({ kind: 'every', everyMs: 10 })).toThrow('at least one second');
  });

  test('a UTC cron with seconds', () => {
    const s = createSchedule({ kind: 'cron', expression: '*/20 * * * * *' });
    expect(firings(s, '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-01T00:00:20.000Z',
      '2026-01-01T00:00:40.000Z',
      '2026-01-01T00:01:00.000Z',
    ]);
  });

  test('02:30 daily in Europe/Prague across both DST changes: the skipped hour fires at 03:30, the repeated hour once', () => {
    const s = createSchedule({ kind: 'cron', expression: '30 2 * * *', timezone: 'Europe/Prague' });
    // Spring forward on 2026-03-29 (02:00 CET -> 03:00 CEST).
    expect(firings(s, '2026-03-27T12:00:00Z', 4)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:30:00.000Z', // 02:30 does not exist: 03:30 CEST
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
      '2026-03-31T00:30:00.000Z',
    ]);
    // Fall back on 2026-10-25 (03:00 CEST -> 02:00 CET): 02:30 happens twice, fired once.
    expect(firings(s, '2026-10-23T12:00:00Z', 4)).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST)
      '2026-10-26T01:30:00.000Z', // 02:30 CET
      '2026-10-27T01:30:00.000Z',
    ]);
  });

  test('hourly in America/New_York keeps firing on the hour through both changes', () => {
    const s = createSchedule({ kind: 'cron', expression: '0 * * * *', timezone: 'America/New_York' });
    // 2026-03-08: 02:00 EST -> 03:00 EDT. Local 01:00 EST = 06:00Z, then 03:00 EDT = 07:00Z.
    expect(firings(s, '2026-03-08T05:30:00Z', 3)).toEqual([
      '2026-03-08T06:00:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T08:00:00.000Z',
    ]);
    // 2026-11-01: 02:00 EDT -> 01:00 EST. 01:00 happens twice: fired once (05:00Z), then 02:00 EST = 07:00Z.
    expect(firings(s, '2026-11-01T04:30:00Z', 3)).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
      '2026-11-01T08:00:00.000Z',
    ]);
  });

  test('day-of-month OR day-of-week, impossible dates and unknown zones', () => {
    const s = createSchedule({ kind: 'cron', expression: '0 0 13 * FRI' });
    expect(firings(s, '2026-02-01T00:00:00Z', 3)).toEqual([
      '2026-02-06T00:00:00.000Z',
      '2026-02-13T00:00:00.000Z',
      '2026-02-20T00:00:00.000Z',
    ]);
    expect(createSchedule({ kind: 'cron', expression: '0 0 30 2 *' }).nextAfter(at('2026-01-01T00:00:00Z'))).toBeNull();
    expect(() => createSchedule({ kind: 'cron', expression: '@daily', timezone: 'Mars/Olympus' })).toThrow(
      'unknown time zone "Mars/Olympus"',
    );
  });
});

describe('catch-up', () => {
  const every10s = createSchedule({ kind: 'every', everyMs: 10_000 });
  const from = at('2026-01-01T00:00:00Z');
  const now = from + 57_000; // due: +0, +10, +20, +30, +40, +50 (the last 7 s late: more than half the period)

  test.each([
    [CatchUp.none, [], 6],
    [CatchUp.latest, [50_000], 5],
    [CatchUp.all, [20_000, 30_000, 40_000, 50_000], 2],
  ] as const)('%s', (policy, offsets, skipped) => {
    const { fire, skipped: s } = firingsToRun(every10s, policy, 4, from, now);
    expect(fire.map((t) => t - from)).toEqual(offsets);
    expect(s).toBe(skipped);
  });

  test('none still fires a firing that is barely late', () => {
    expect(firingsToRun(every10s, CatchUp.none, 4, from, from + 50_300).fire.map((t) => t - from)).toEqual([50_000]);
  });

  test('execution IDs are derived from the name and the instant', () => {
    const id = cronExecutionId('nightly', from);
    expect(id).toMatch(/^E_[0-9A-Z]{26}$/);
    expect(cronExecutionId('nightly', from)).toBe(id);
    expect(cronExecutionId('nightly', from + 1000)).not.toBe(id);
    expect(cronExecutionId('hourly', from)).not.toBe(id);
  });
});
