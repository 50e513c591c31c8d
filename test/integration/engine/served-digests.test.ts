/**
 * Two engines on one PostgreSQL database with different versions of the same activity: each
 * version's executions are locked only by the engine that has it while that engine runs, and are
 * taken by the other once it stopped (nothing is stranded). The versions return different results,
 * so each result shows which version ran it. A process alone on its database (a libSQL file) locks
 * every version's executions at once, whatever a process that died announced.
 */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import {
  createEngine,
  openLibsqlStore,
  openPostgresStore,
  type Engine,
  type ExecutionId,
  type Store,
} from '../../../src/engine/index.js';
import { WAT_ACTIVITIES, watActivityFfqn } from '../../fixtures/wat/activities.js';
import { TEST_CODEGEN_DIR, watComponent } from '../../helpers/components.js';
import { usePostgres } from '../../helpers/postgres.js';
import { makeTempDir } from '../../helpers/tmp.js';

const server = usePostgres();
const FFQN = watActivityFfqn('ok');
const EACH = 10;

async function engineWith(store: Store, bytes: Uint8Array, exclusiveStore = false): Promise<Engine> {
  return createEngine({
    store,
    codegenCacheDir: TEST_CODEGEN_DIR,
    activities: [{ name: 'ok', bytes }],
    exclusiveStore,
  });
}

async function submitAll(engine: Engine, from: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = from; n < from + EACH; n++) {
    ids.push((await engine.submit(FFQN, [n])).executionId);
  }
  return ids;
}

async function results(engine: Engine, ids: readonly string[]): Promise<unknown[]> {
  return Promise.all(ids.map((id) => engine.awaitResult(id, { timeoutMs: 60_000 })));
}

describe('executions of a component version go to the processes that have it', () => {
  test('each engine runs its own version while both run; the survivor takes the other version after a stop', async () => {
    const spec = WAT_ACTIVITIES.ok.spec;
    const addOne = await watComponent(spec);
    const addTwo = await watComponent({ ...spec, wat: spec.wat.replace('(i64.const 1)', '(i64.const 2)') });
    const connection = { connectionString: server.current().url };
    const storeA = await openPostgresStore({ connection, schema: 'served_digests' });
    const storeB = await openPostgresStore({ connection, schema: 'served_digests' });
    const a = await engineWith(storeA, addOne);
    const b = await engineWith(storeB, addTwo);
    try {
      a.start();
      b.start();
      const viaA = await submitAll(a, 0);
      const viaB = await submitAll(b, 100);
      expect(await results(a, viaA)).toEqual(viaA.map((_, i) => ({ kind: 'ok', value: i + 1 })));
      expect(await results(a, viaB)).toEqual(viaB.map((_, i) => ({ kind: 'ok', value: 100 + i + 2 })));
      // B stops: its version's new executions are no longer held back, and A runs them on its own version.
      await b.stop(0);
      const left = await submitAll(b, 200);
      expect(await results(a, left)).toEqual(left.map((_, i) => ({ kind: 'ok', value: 200 + i + 1 })));
    } finally {
      await a.stop(0);
      await b.stop(0);
      await storeA.close();
      await storeB.close();
    }
  });

  test.each([true, false])(
    'exclusiveStore = %s: executions of a version announced by a process that died wait for it unless the store is exclusive',
    async (exclusive) => {
      const spec = WAT_ACTIVITIES.ok.spec;
      const addOne = await watComponent(spec);
      const addTwo = await watComponent({ ...spec, wat: spec.wat.replace('(i64.const 1)', '(i64.const 2)') });
      const store = await openLibsqlStore({ path: join(makeTempDir('obelisk-served-'), 'obelisk.sqlite') });
      // The process that ran version two died a moment ago: its announcement still holds.
      const submitter = await engineWith(store, addTwo);
      const [digest] = submitter.components().map((c) => c.digest);
      await store.announceServedDigests('died', [String(digest)], Date.now() + 60_000, Date.now());
      const ids = await submitAll(submitter, 0);
      await submitter.stop(0);
      const engine = await engineWith(store, addOne, exclusive);
      try {
        engine.start();
        if (exclusive) {
          expect(await results(engine, ids)).toEqual(ids.map((_, i) => ({ kind: 'ok', value: i + 1 })));
        } else {
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          const states = await Promise.all(ids.map((id) => store.getExecution(id as ExecutionId)));
          expect(states.map((record) => record.state.type)).toEqual(ids.map(() => 'pending-at'));
        }
      } finally {
        await engine.stop(0);
        await store.close();
      }
    },
  );
});
