/**
 * Durations written by people: `500ms`, `30s`, `10m`, `2h`, `1d`, or combined from the largest
 * unit down (`1h30m`, `2m30s`). Used by `execution submit --in` and the API's `delay`.
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
const ORDER = ['d', 'h', 'm', 's', 'ms'] as const;
const PART = /(\d+)(ms|d|h|m|s)/gy;

/** What {@link parseDuration} accepts, for messages. */
export const DURATION_FORMAT = 'a duration such as 500ms, 30s, 10m, 2h, 1d or 1h30m';

/** The duration in milliseconds, or `null` when `text` is not one (empty, unknown unit, units out of order). */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return null;
  }
  PART.lastIndex = 0;
  let total = 0;
  let lastRank = -1;
  let consumed = 0;
  for (let match = PART.exec(trimmed); match !== null; match = PART.exec(trimmed)) {
    const unit = match[2] as keyof typeof UNIT_MS;
    const rank = ORDER.indexOf(unit);
    if (rank <= lastRank) {
      return null;
    }
    lastRank = rank;
    total += Number(match[1]) * UNIT_MS[unit];
    consumed = PART.lastIndex;
  }
  return consumed === trimmed.length && Number.isSafeInteger(total) ? total : null;
}
