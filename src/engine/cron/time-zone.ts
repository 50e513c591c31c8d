/**
 * Wall-clock time in an IANA time zone, through `Intl` (no time-zone database of our own).
 * "Naive" times are wall-clock readings encoded as if they were UTC milliseconds.
 */
import { InvalidArgument } from '../concepts/index.js';

const QUARTER_HOUR_MS = 900_000;
const DAY_MS = 86_400_000;
const CACHE_LIMIT = 20_000;

/** A time zone's offsets; caches them per quarter hour (every zone changes offset on quarter hours). */
export class TimeZone {
  readonly name: string;
  readonly #format: Intl.DateTimeFormat | null;
  readonly #offsets = new Map<number, number>();

  constructor(name: string) {
    this.name = name;
    if (name === 'UTC') {
      this.#format = null;
      return;
    }
    try {
      this.#format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (error: unknown) {
      throw new InvalidArgument(`unknown time zone ${JSON.stringify(name)}`, {
        cause: error,
        hint: 'use an IANA time zone name such as "UTC", "Europe/Prague" or "America/New_York"',
      });
    }
  }

  /** The zone's offset from UTC at instant `t` (ms; positive east of Greenwich). */
  offsetAt(t: number): number {
    if (this.#format === null) {
      return 0;
    }
    const key = Math.floor(t / QUARTER_HOUR_MS);
    let offset = this.#offsets.get(key);
    if (offset === undefined) {
      const at = key * QUARTER_HOUR_MS;
      offset = this.#naive(at) - at;
      if (this.#offsets.size >= CACHE_LIMIT) {
        this.#offsets.clear();
      }
      this.#offsets.set(key, offset);
    }
    return offset;
  }

  /** The wall-clock reading at instant `t`, as naive ms. */
  toNaive(t: number): number {
    return t + this.offsetAt(t);
  }

  /**
   * The instant the wall clock reads `naive`. A reading that happens twice (clocks set back)
   * gives the earlier instant; one that never happens (clocks set forward) gives the instant
   * as far after the gap's start as the reading is: 02:30 in a 02:00-03:00 gap is 03:30.
   */
  fromNaive(naive: number): number {
    const before = this.offsetAt(naive - DAY_MS);
    const after = this.offsetAt(naive + DAY_MS);
    const candidates = [naive - before, naive - after].filter((t) => this.offsetAt(t) === naive - t);
    return candidates.length === 0 ? naive - before : Math.min(...candidates);
  }

  #naive(t: number): number {
    const parts: Record<string, number> = {};
    for (const part of (this.#format as Intl.DateTimeFormat).formatToParts(t)) {
      if (part.type !== 'literal') {
        parts[part.type] = Number(part.value);
      }
    }
    const get = (type: string): number => parts[type] ?? 0;
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  }
}
