/**
 * When a cron entry fires: a cron expression evaluated in a time zone, or a fixed interval.
 * Firing instants are whole seconds (cron) or whole multiples of the interval since the Unix
 * epoch (`every`), so every process computes the same instants.
 */
import { InvalidArgument } from '../concepts/index.js';
import { matchesDay, parseCronExpression, type CronFields } from './cron-expression.js';
import { TimeZone } from './time-zone.js';

/** A cron expression, or a fixed interval in ms. */
export type ScheduleSpec =
  | { readonly kind: 'cron'; readonly expression: string; readonly timezone?: string | undefined }
  | { readonly kind: 'every'; readonly everyMs: number };

export interface Schedule {
  /** The first firing instant strictly after `after`; `null` when there is none in the next five years. */
  nextAfter(after: number): number | null;
  /** E.g. `*\/5 * * * * (Europe/Prague)` or `every 15m`. */
  readonly description: string;
}

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;
/** Larger than any daylight-saving shift: wall times this far apart cannot swap order. */
const SHIFT_MS = 3 * 3_600_000;
const HORIZON_DAYS = 5 * 366;

/** Builds a schedule; throws `InvalidArgument` for a bad expression, zone or interval. */
export function createSchedule(spec: ScheduleSpec): Schedule {
  if (spec.kind === 'every') {
    if (!Number.isSafeInteger(spec.everyMs) || spec.everyMs < SECOND_MS) {
      throw new InvalidArgument(`a cron interval must be at least one second, got ${spec.everyMs} ms`);
    }
    const every = spec.everyMs;
    return {
      nextAfter: (after) => (Math.floor(after / every) + 1) * every,
      description: `every ${describeMs(every)}`,
    };
  }
  const fields = parseCronExpression(spec.expression);
  const zone = new TimeZone(spec.timezone ?? 'UTC');
  return {
    nextAfter: (after) => nextCronInstant(fields, zone, after),
    description: `${spec.expression} (${zone.name})`,
  };
}

function describeMs(ms: number): string {
  const units: [number, string][] = [
    [DAY_MS, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [SECOND_MS, 's'],
  ];
  for (const [size, unit] of units) {
    if (ms % size === 0) {
      return `${ms / size}${unit}`;
    }
  }
  return `${ms}ms`;
}

/** The first instant after `after` whose wall-clock reading in `zone` matches `fields`. */
function nextCronInstant(fields: CronFields, zone: TimeZone, after: number): number | null {
  const start = Math.floor(after / SECOND_MS) * SECOND_MS + SECOND_MS;
  const startNaive = zone.toNaive(start);
  const firstDay = Math.floor(startNaive / DAY_MS) * DAY_MS;
  for (let day = 0; day <= HORIZON_DAYS; day++) {
    const dayStart = firstDay + day * DAY_MS;
    const date = new Date(dayStart);
    if (!matchesDay(fields, date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCDay())) {
      continue;
    }
    const found = firstInDay(fields, zone, dayStart, start, startNaive);
    if (found !== null) {
      return found;
    }
  }
  return null;
}

/** The earliest matching instant `>= start` among the wall times of one day. */
function firstInDay(
  fields: CronFields,
  zone: TimeZone,
  dayStart: number,
  start: number,
  startNaive: number,
): number | null {
  let best: number | null = null;
  let bestNaive = 0;
  for (const hour of fields.hours) {
    for (const minute of fields.minutes) {
      for (const second of fields.seconds) {
        const naive = dayStart + hour * 3_600_000 + minute * 60_000 + second * SECOND_MS;
        if (naive < startNaive - SHIFT_MS) {
          continue;
        }
        if (best !== null && naive > bestNaive + SHIFT_MS) {
          return best;
        }
        const instant = zone.fromNaive(naive);
        if (instant >= start && (best === null || instant < best)) {
          best = instant;
          bestNaive = naive;
        }
      }
    }
  }
  return best;
}
