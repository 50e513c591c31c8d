/** An engine on an in-memory libSQL store under a `SimClock`, with WAT activity fixtures. */
import { afterEach } from 'vitest';
import {
  createEngine,
  openLibsqlStore,
  SimClock,
  type ActivityConfig,
  type Engine,
  type Store,
} from '../../../src/engine/index.js';
import { buildWatActivity, type WatActivityName } from '../../fixtures/wat/activities.js';
import { TEST_CODEGEN_DIR } from '../../helpers/components.js';

export interface Harness {
  readonly engine: Engine;
  readonly store: Store;
  readonly clock: SimClock;
}

const open: Harness[] = [];

afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.engine.stop(0);
    await h.store.close();
  }
});

export type FixtureActivity = Omit<ActivityConfig, 'bytes'> & { readonly fixture: WatActivityName };

/** Builds an engine (not started) whose executors are stepped by hand with `engine.tick()`. */
export async function simEngine(
  activities: readonly FixtureActivity[],
  options: { maxWorkers?: number } = {},
): Promise<Harness> {
  const clock = new SimClock();
  const store = await openLibsqlStore({ path: ':memory:', clock });
  const configs = await Promise.all(
    activities.map(async ({ fixture, ...rest }) => ({ ...rest, bytes: await buildWatActivity(fixture) })),
  );
  const engine = await createEngine({
    store,
    clock,
    activities: configs,
    codegenCacheDir: TEST_CODEGEN_DIR,
    maxWorkers: options.maxWorkers ?? 2,
  });
  const harness = { engine, store, clock };
  open.push(harness);
  return harness;
}

/** Ticks once and waits until every attempt started by the tick is recorded. */
export async function tickAndSettle(engine: Engine): Promise<number> {
  const { locked, done } = await engine.tick();
  await done;
  return locked;
}

export { eventually } from '../../helpers/eventually.js';
