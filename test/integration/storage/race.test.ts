import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ExecutionId, SimClock, UlidGenerator, type ComponentDigest } from '../../../src/engine/concepts/index.js';
import { openLibsqlStore } from '../../../src/engine/storage/libsql/index.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { distUrl, spawnScript } from '../../helpers/child-process.js';
import { FFQN_A } from './contract/harness.js';

const HERE = dirname(fileURLToPath(import.meta.url));

const EXECUTIONS = 400;
const BATCH = 2;

interface RaceReport {
  readonly runId: string;
  readonly batches: number;
  readonly locked: readonly string[];
}

describe('two processes on one database file', () => {
  test('racing to lock the same pending executions, no execution is locked twice', async () => {
    const dist = distUrl();
    const path = join(makeTempDir('obelisk-race-'), 'race.sqlite');
    const clock = new SimClock();
    const ulids = new UlidGenerator();
    const store = await openLibsqlStore({ path, clock });
    const ids: ExecutionId[] = [];
    for (let i = 0; i < EXECUTIONS; i++) {
      const executionId = ExecutionId.generate(clock, ulids);
      ids.push(executionId);
      await store.createExecution({
        executionId,
        ffqn: FFQN_A,
        params: [i],
        componentDigest: `sha256:${'e5'.repeat(32)}` as ComponentDigest,
        scheduledAt: clock.now(),
        now: clock.now(),
      });
    }

    const args = [dist, path, String(BATCH), String(clock.now() + 1_000)];
    const children = [spawnScript(join(HERE, 'race-child.js'), args), spawnScript(join(HERE, 'race-child.js'), args)];
    await Promise.all(children.map((child) => child.waitForLine((line) => line.includes('"ready"'))));
    children.forEach((child) => child.send('go\n'));
    const exits = await Promise.all(children.map((child) => child.exited));
    exits.forEach((exit) => expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null }));
    const reports = children.map(
      (child) => JSON.parse(child.lines().find((line) => line.includes('"locked"')) ?? 'null') as RaceReport,
    );

    const [a, b] = reports as [RaceReport, RaceReport];
    const overlap = a.locked.filter((id) => new Set(b.locked).has(id));
    expect(overlap).toEqual([]);
    expect([...a.locked, ...b.locked].sort()).toEqual([...ids].sort());
    // Both processes took part in the race, so the test exercised the contention it claims to.
    expect(a.locked.length).toBeGreaterThan(0);
    expect(b.locked.length).toBeGreaterThan(0);
    console.log(
      `race: ${a.locked.length} + ${b.locked.length} executions locked in ${a.batches} + ${b.batches} transactions`,
    );

    const lockedBy = new Map<string, string>([
      ...a.locked.map((id) => [id, a.runId] as const),
      ...b.locked.map((id) => [id, b.runId] as const),
    ]);
    for (const id of ids) {
      const events = await store.getEvents(id);
      expect(events.map((e) => e.event.type)).toEqual(['created', 'locked']);
      expect(events[1]?.event).toMatchObject({ type: 'locked', runId: lockedBy.get(id) });
    }
    await store.close();
  });
});
