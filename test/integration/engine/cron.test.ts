import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  CatchUp,
  createEngine,
  Ffqn,
  type ComponentDigest,
  type JsonValue,
  cronExecutionId,
  openLibsqlStore,
  realClock,
  SimClock,
  type Clock,
  type CronConfig,
  type Engine,
  type Store,
} from '../../../src/engine/index.js';
import { CronScheduler, cronEntry } from '../../../src/engine/cron/scheduler.js';
import { silentLogger } from '../../../src/engine/executor/index.js';
import { buildWatActivity, watActivityFfqn } from '../../fixtures/wat/activities.js';
import { TEST_CODEGEN_DIR } from '../../helpers/components.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { eventually } from './harness.js';

const FFQN = watActivityFfqn('ok');
const open: { engine: Engine; store?: Store }[] = [];

afterEach(async () => {
  for (const { engine, store } of open.splice(0)) {
    await engine.stop(0);
    await store?.close();
  }
});

async function engineOn(store: Store, clock: Clock, crons: readonly CronConfig[], ownsStore = false): Promise<Engine> {
  const engine = await createEngine({
    store,
    clock,
    activities: [{ name: 'ok', bytes: await buildWatActivity('ok') }],
    codegenCacheDir: TEST_CODEGEN_DIR,
    maxWorkers: 1,
    cronPollMs: 100,
  });
  open.push(ownsStore ? { engine, store } : { engine });
  expect(engine.setCrons(crons)).toEqual([]);
  return engine;
}

/** Top-level executions' scheduled instants, oldest first. */
async function firedAt(engine: Engine): Promise<string[]> {
  const page = await engine.listExecutions({ limit: 1000 });
  const records = await Promise.all(page.executions.map((e) => engine.getStatus(e.executionId)));
  return records.map((r) => new Date(r.firstScheduledAt).toISOString()).sort();
}

const every10s = (catchUp: CatchUp, maxCatchUp?: number): CronConfig => ({
  name: 'tick',
  ffqn: FFQN,
  params: [41],
  schedule: { kind: 'every', everyMs: 10_000 },
  catchUp,
  maxCatchUp,
});

describe('cron under a simulated clock', () => {
  test('a daily 02:30 in Europe/Prague fires at the right instants across both DST changes', async () => {
    const clock = new SimClock(Date.parse('2026-03-27T12:00:00Z'));
    const store = await openLibsqlStore({ path: ':memory:', clock });
    const cron: CronConfig = {
      name: 'nightly',
      ffqn: FFQN,
      params: [1],
      schedule: { kind: 'cron', expression: '30 2 * * *', timezone: 'Europe/Prague' },
      catchUp: CatchUp.none,
    };
    const engine = await engineOn(store, clock, [cron], true);
    const days = ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26'];
    await engine.tick();
    for (const day of days) {
      // Ticks every half hour, 1 s after, from 00:00 to 03:30 UTC (a running server ticks at least every second).
      for (let half = 0; half < 8; half++) {
        clock.set(Date.parse(`${day}T00:00:00Z`) + half * 1_800_000 + 1000);
        await engine.tick();
      }
    }
    expect(await firedAt(engine)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
    const [status] = await engine.cronList();
    expect(status).toMatchObject({ name: 'nightly', firings: 6, schedule: '30 2 * * * (Europe/Prague)' });
    expect(status?.lastExecutionId).toBe(cronExecutionId('nightly', Date.parse('2026-10-26T01:30:00Z')));
    expect(status?.nextFireAt).toBe(Date.parse('2026-10-27T01:30:00Z'));
  });

  test.each([
    [CatchUp.none, 0],
    [CatchUp.latest, 1],
    [CatchUp.all, 4],
  ] as const)('catch_up = %s after a downtime of six firings', async (policy, extra) => {
    const clock = new SimClock(Date.parse('2026-01-01T00:00:05Z'));
    const store = await openLibsqlStore({ path: ':memory:', clock });
    const before = await engineOn(store, clock, [every10s(policy, 4)]);
    await before.tick(); // first start: next firing at :10
    clock.set(Date.parse('2026-01-01T00:00:10.200Z'));
    expect(await firedAt(before)).toEqual([]);
    await before.tick();
    expect(await firedAt(before)).toEqual(['2026-01-01T00:00:10.000Z']);
    await before.stop(0);
    // Down from :10.2 to :17 past the minute: :20, :30, :40, :50, 1:00 and 1:10 were missed.
    clock.set(Date.parse('2026-01-01T00:01:17Z'));
    const after = await engineOn(store, clock, [every10s(policy, 4)], true);
    await after.tick();
    const fired = await firedAt(after);
    expect(fired.length).toBe(1 + extra);
    const expected = ['00:00:40', '00:00:50', '00:01:00', '00:01:10'].slice(4 - extra);
    expect(fired.slice(1)).toEqual(expected.map((t) => `2026-01-01T${t}.000Z`));
    expect((await after.cronList())[0]?.nextFireAt).toBe(Date.parse('2026-01-01T00:01:20Z'));
    // Nothing fires twice when ticking again.
    await after.tick();
    expect((await firedAt(after)).length).toBe(1 + extra);
  });

  test('a crash between submitting a firing and recording it does not fire it twice', async () => {
    const clock = new SimClock(Date.parse('2026-01-01T00:00:05Z'));
    const store = await openLibsqlStore({ path: ':memory:', clock });
    let failSaves = 0;
    const crashing = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'saveCronState' && failSaves > 0) {
          failSaves--;
          return () => Promise.reject(new Error('crashed before recording'));
        }
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const first = await engineOn(crashing, clock, [every10s(CatchUp.all)]);
    await first.tick();
    clock.set(Date.parse('2026-01-01T00:00:10.500Z'));
    failSaves = 1;
    await first.tick();
    expect(await firedAt(first)).toEqual(['2026-01-01T00:00:10.000Z']);
    expect((await store.listCronStates())[0]?.nextFireAt).toBe(Date.parse('2026-01-01T00:00:10Z'));
    await first.stop(0);
    const second = await engineOn(store, clock, [every10s(CatchUp.all)], true);
    await second.tick();
    expect(await firedAt(second)).toEqual(['2026-01-01T00:00:10.000Z']);
    expect(await second.cronList()).toMatchObject([{ firings: 1, nextFireAt: Date.parse('2026-01-01T00:00:20Z') }]);
  });

  test('two schedulers on one database file fire each instant once', async () => {
    const clock = new SimClock(Date.parse('2026-01-01T00:00:05Z'));
    const path = join(makeTempDir('obelisk-cron-'), 'obelisk.sqlite');
    const stores = [await openLibsqlStore({ path, clock }), await openLibsqlStore({ path, clock })];
    const schedulers = stores.map((store) => {
      const scheduler = new CronScheduler({
        store,
        clock,
        logger: silentLogger,
        submit: (ffqn, params, { executionId, scheduledAt }) =>
          store.createExecution({
            executionId,
            ffqn: Ffqn.parse(ffqn),
            params: params as JsonValue[],
            componentDigest: `sha256:${'0'.repeat(64)}` as ComponentDigest,
            scheduledAt,
            now: clock.now(),
          }),
      });
      scheduler.setEntries([cronEntry(every10s(CatchUp.all))]);
      return scheduler;
    });
    const [a, b] = schedulers as [CronScheduler, CronScheduler];
    try {
      expect((await a.tick()) + (await b.tick())).toBe(0);
      let created = 0;
      for (let s = 10; s <= 40; s += 10) {
        clock.set(Date.parse(`2026-01-01T00:00:${s}.100Z`));
        const [first, second] = s % 20 === 0 ? [a, b] : [b, a];
        created += (await first.tick()) + (await second.tick());
      }
      expect(created).toBe(4);
      const page = await stores[1]?.listExecutions({ limit: 100 });
      expect(page?.executions.map((e) => e.executionId).sort()).toEqual(
        [10, 20, 30, 40].map((s) => cronExecutionId('tick', Date.parse('2026-01-01T00:00:00Z') + s * 1000)),
      );
      expect((await stores[0]?.listCronStates())?.[0]).toMatchObject({ firings: 4 });
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  test('entries whose function is missing or whose parameters do not match are refused', async () => {
    const store = await openLibsqlStore({ path: ':memory:' });
    const engine = await engineOn(store, realClock, [], true);
    const problems = engine.setCrons([
      { ...every10s(CatchUp.latest), name: 'bad-params', params: ['x'] },
      { ...every10s(CatchUp.latest), name: 'missing', ffqn: 'testing:nope/nope.nope' },
      {
        ...every10s(CatchUp.latest),
        name: 'bad-zone',
        schedule: { kind: 'cron', expression: '@daily', timezone: 'X/Y' },
      },
    ]);
    expect(problems.map((p) => `${p.name}: ${p.error.message}`)).toEqual([
      `bad-params: invalid parameters for ${FFQN}: params[0]: expected u64 (an integer or a decimal string), got "x"`,
      'missing: function not found: testing:nope/nope.nope',
      'bad-zone: unknown time zone "X/Y"',
    ]);
    expect(await engine.cronList()).toEqual([]);
  });
});

describe('cron on the real clock', () => {
  test('every = { seconds = 1 } fires about once a second, each firing runs', { tags: ['slow'] }, async () => {
    const store = await openLibsqlStore({ path: ':memory:' });
    const engine = await engineOn(
      store,
      realClock,
      [{ name: 'second', ffqn: FFQN, params: [1], schedule: { kind: 'every', everyMs: 1000 } }],
      true,
    );
    engine.start();
    const started = Date.now();
    const status = await eventually(
      async () => (await engine.cronList())[0],
      (s) => s !== undefined && s.firings >= 3 && s.lastExecution?.state.type === 'finished',
    );
    expect(status?.lastExecution?.state).toMatchObject({ type: 'finished', result: { kind: 'ok', value: 2 } });
    const fired = await firedAt(engine);
    const instants = fired.map((t) => Date.parse(t));
    expect(instants.every((t) => t % 1000 === 0 && t > started - 1000)).toBe(true);
    expect(new Set(instants).size).toBe(instants.length);
  });
});
