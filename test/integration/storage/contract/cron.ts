/** Contract cases: the durable state of cron entries (compare-and-set on the next firing). */
import { expect } from 'vitest';
import type { CronState } from '../../../../src/engine/storage/index.js';
import type { ContractRun } from './harness.js';

export function cronCases(run: ContractRun): void {
  run.case('cron states are inserted once, then moved only from the expected next firing', async (fx) => {
    const id = fx.newId();
    const first: CronState = {
      name: 'nightly',
      specHash: 'h1',
      nextFireAt: 1000,
      lastFiredAt: null,
      lastExecutionId: null,
      firings: 0,
      updatedAt: 1,
    };
    expect(await fx.store.listCronStates()).toEqual([]);
    expect(await fx.store.saveCronState({ state: first, expectedNextFireAt: null })).toBe(true);
    expect(await fx.store.saveCronState({ state: { ...first, nextFireAt: 5 }, expectedNextFireAt: null })).toBe(false);
    const fired = { ...first, nextFireAt: 2000, lastFiredAt: 1000, lastExecutionId: id, firings: 1, updatedAt: 2 };
    expect(await fx.store.saveCronState({ state: fired, expectedNextFireAt: 1000 })).toBe(true);
    expect(await fx.store.saveCronState({ state: { ...fired, firings: 9 }, expectedNextFireAt: 1000 })).toBe(false);
    expect(await fx.store.listCronStates()).toEqual([fired]);
  });

  run.case('cron states of entries no longer configured are deleted', async (fx) => {
    const state = (name: string): CronState => ({
      name,
      specHash: 'h',
      nextFireAt: 10,
      lastFiredAt: null,
      lastExecutionId: null,
      firings: 0,
      updatedAt: 0,
    });
    for (const name of ['a', 'b', 'c']) {
      await fx.store.saveCronState({ state: state(name), expectedNextFireAt: null });
    }
    expect(await fx.store.deleteCronStates(['b'])).toBe(2);
    expect((await fx.store.listCronStates()).map((s) => s.name)).toEqual(['b']);
  });
}
