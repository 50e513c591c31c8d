import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  ExecutionId,
  ExecutorId,
  JoinSetId,
  RunId,
  SimClock,
  type ComponentDigest,
} from '../../../src/engine/concepts/index.js';
import { openLibsqlStore } from '../../../src/engine/storage/libsql/index.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { distUrl, spawnScript } from '../../helpers/child-process.js';
import { FFQN_WF } from './contract/harness.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Events per step of crash-child.js: persist, join-set-create, join-set-request, join-next. */
const EVENTS_PER_STEP = 4;
const STEPS_BEFORE_KILL = 150;

describe('a writer killed with SIGKILL', () => {
  test('leaves everything it committed and nothing half written', async () => {
    const dist = distUrl();
    const path = join(makeTempDir('obelisk-crash-'), 'crash.sqlite');
    const clock = new SimClock();
    const setup = await openLibsqlStore({ path, clock });
    const id = ExecutionId.generate(clock);
    await setup.createExecution({
      executionId: id,
      ffqn: FFQN_WF,
      params: [],
      componentDigest: `sha256:${'d4'.repeat(32)}` as ComponentDigest,
      scheduledAt: clock.now(),
      now: clock.now(),
      seed: '1',
    });
    const [locked] = await setup.lockPending({
      ffqns: [FFQN_WF],
      limit: 1,
      now: clock.now(),
      executorId: ExecutorId.generate(clock),
      runId: RunId.generate(clock),
      lockExpiresAt: clock.now() + 60_000,
    });
    await setup.close();
    const lockedVersion = locked?.version ?? -1;

    const child = spawnScript(join(HERE, 'crash-child.js'), [dist, path, id, String(lockedVersion)]);
    await child.waitForLine((line) => line.startsWith(`committed ${STEPS_BEFORE_KILL} `));
    child.kill('SIGKILL');
    const exit = await child.exited;
    expect(exit.signal).toBe('SIGKILL');
    const reported = child.lines().filter((line) => line.startsWith('committed '));
    const lastReported = Number(reported.at(-1)?.split(' ')[1]);

    const store = await openLibsqlStore({ path, clock });
    const record = await store.getExecution(id);
    const events = await store.getEvents(id);
    // Every version from 0 to the row's version is there, once, in order.
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: record.version + 1 }, (_, v) => v));
    // Only whole steps: the log after the lock is a multiple of the step size.
    const stepEvents = record.version - lockedVersion;
    expect(stepEvents % EVENTS_PER_STEP).toBe(0);
    const steps = stepEvents / EVENTS_PER_STEP;
    // Everything the child reported as committed survived (it may have committed one more).
    expect(steps).toBeGreaterThanOrEqual(lastReported);
    expect(steps).toBeLessThanOrEqual(lastReported + 1);
    // Each step's child execution exists exactly when its request does.
    const children = await store.listExecutions({ showDerived: true, executionIdPrefix: `${id}.`, limit: 1000 });
    expect(children.executions).toHaveLength(steps);
    for (let step = 1; step <= steps; step++) {
      expect((await store.getExecution(ExecutionId.derive(id, JoinSetId.generated(step), 1))).params).toEqual([step]);
    }
    await expect(store.getExecution(ExecutionId.derive(id, JoinSetId.generated(steps + 1), 1))).rejects.toMatchObject({
      code: 'not-found',
    });
    // The database is usable: the next step appends at the recovered version.
    const next = await store.appendWorkflowStep({
      executionId: id,
      expectedVersion: record.version,
      events: [{ type: 'persist', what: 'time', value: 0 }],
      now: clock.now(),
    });
    expect(next.version).toBe(record.version + 1);
    console.log(
      `crash: killed after ${lastReported} reported steps; ${steps} steps (${record.version + 1} events) recovered intact`,
    );
    await store.close();
  });
});
