/** The watcher loop's pacing under a simulated clock: time that passes during a slow tick is seen at once. */
import { expect, test } from 'vitest';
import { SimClock } from '../../../src/engine/index.js';
import { Watcher } from '../../../src/engine/executor/index.js';
import type { ExecutorStore } from '../../../src/engine/storage/index.js';
import { eventually } from '../../helpers/eventually.js';

test('a clock moved past the next tick while a tick is slow is looked at by the following tick, not one pause later', async () => {
  const clock = new SimClock(1_000);
  const seen: number[] = [];
  let release: () => void = () => undefined;
  const firstTickHeld = new Promise<void>((resolve) => {
    release = resolve;
  });
  // Only the three reads the watcher makes; the first one of the delays is held until released.
  const store = {
    findExpiredLocks: () => Promise.resolve([]),
    findExpiredDelays: async (now: number) => {
      seen.push(now);
      if (seen.length === 1) {
        await firstTickHeld;
      }
      return [];
    },
    fireDelay: () => Promise.resolve(false),
  } as unknown as ExecutorStore;
  const watcher = new Watcher({ store, clock, tickSleepMs: 10, leewayMs: 0 });
  watcher.start();
  try {
    await eventually(
      () => Promise.resolve(seen.length),
      (n) => n === 1,
    );
    clock.advance(60_000); // while the first tick (at 1,000) is still running
    release();
    await eventually(
      () => Promise.resolve(seen),
      (list) => list.length >= 2,
    );
    expect(seen.slice(0, 2)).toEqual([1_000, 61_000]);
  } finally {
    await watcher.stop();
  }
});
