/**
 * Which due firings of a cron entry to run: the instants from its stored next firing up to now,
 * filtered by its catch-up policy. Also the deterministic execution ID of a firing.
 */
import { createHash } from 'node:crypto';
import { ExecutionId, ulidFrom } from '../concepts/index.js';
import type { Schedule } from './schedule.js';

/** What happens to firings missed while obelisk was not running. */
export const CatchUp = {
  /** Skip them; only a firing that is barely late (see {@link onTimeGraceMs}) runs. */
  none: 'none',
  /** Run the most recent missed one once. */
  latest: 'latest',
  /** Run every missed one, at most `maxCatchUp` (the most recent ones). */
  all: 'all',
} as const;
export type CatchUp = (typeof CatchUp)[keyof typeof CatchUp];

/** How many instants are walked at most when counting missed firings. */
const MAX_WALK = 200_000;
const MIN_GRACE_MS = 1_000;
const MAX_GRACE_MS = 60_000;

export interface DueFirings {
  /** The most recent due instants, oldest first (at most the number asked for). */
  readonly recent: readonly number[];
  /** How many instants were due in all (a lower bound after very long downtimes). */
  readonly total: number;
}

/** The instants in `[from, now]`, keeping the last `keep`. */
export function dueInstants(schedule: Schedule, from: number, now: number, keep: number): DueFirings {
  const recent: number[] = [];
  let total = 0;
  let walked = 0;
  let t: number | null = from;
  while (t !== null && t <= now) {
    recent.push(t);
    if (recent.length > keep) {
      recent.shift();
    }
    total++;
    walked++;
    t = schedule.nextAfter(t);
    if (walked === MAX_WALK && t !== null && t <= now) {
      // Very long downtime on a dense schedule: jump to the last day before now.
      const jump: number | null = schedule.nextAfter(now - 86_400_000);
      t = jump !== null && jump > t ? jump : t;
    }
  }
  return { recent, total };
}

/**
 * How late a firing may be and still count as on time under `none`: half the time to the
 * following firing, between 1 s and 1 min.
 */
export function onTimeGraceMs(schedule: Schedule, instant: number): number {
  const following = schedule.nextAfter(instant);
  const half = following === null ? MAX_GRACE_MS : (following - instant) / 2;
  return Math.min(MAX_GRACE_MS, Math.max(MIN_GRACE_MS, half));
}

/** The instants to fire now under `policy`. */
export function firingsToRun(
  schedule: Schedule,
  policy: CatchUp,
  maxCatchUp: number,
  from: number,
  now: number,
): { fire: readonly number[]; skipped: number } {
  const due = dueInstants(schedule, from, now, policy === CatchUp.all ? maxCatchUp : 1);
  const latest = due.recent.at(-1);
  if (latest === undefined) {
    return { fire: [], skipped: 0 };
  }
  let fire: readonly number[] = due.recent;
  if (policy === CatchUp.none && now - latest > onTimeGraceMs(schedule, latest)) {
    fire = [];
  }
  return { fire, skipped: due.total - fire.length };
}

/**
 * The execution ID of the firing of cron entry `name` at `instant`: a ULID whose time is the
 * instant and whose other 80 bits come from the name, so every process derives the same ID and
 * submitting it twice is a no-op.
 */
export function cronExecutionId(name: string, instant: number): ExecutionId {
  const bits = createHash('sha256').update(`obelisk cron\0${name}`).digest().subarray(0, 10);
  return ExecutionId.parse(`E_${ulidFrom(instant, bits)}`);
}
