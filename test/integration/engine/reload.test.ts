import { describe, expect, test } from 'vitest';
import { createEngine, openLibsqlStore, type Engine } from '../../../src/engine/index.js';
import { WAT_ACTIVITIES, buildWatActivity, watActivityFfqn } from '../../fixtures/wat/activities.js';
import { WAT_WORKFLOWS, buildWatWorkflow, watWorkflowFfqn } from '../../fixtures/wat/workflows.js';
import { TEST_CODEGEN_DIR, watComponent } from '../../helpers/components.js';
import { eventually } from '../../helpers/eventually.js';

/** The `ok` activity, changed to add 100 instead of 1 (same FFQN, new digest). */
function addHundred(): Promise<Uint8Array> {
  const spec = WAT_ACTIVITIES.ok.spec;
  return watComponent({ ...spec, wat: spec.wat.replace('(i64.const 1)', '(i64.const 100)') });
}

/** The digests of the loaded versions of component `name`, oldest first. */
function digestsOf(engine: Engine, name: string): string[] {
  return engine
    .components()
    .filter((component) => component.name === name)
    .map((component) => component.digest);
}

describe('reloading components while the engine runs', () => {
  test('new executions use the new version; an execution created before keeps its version', async () => {
    const store = await openLibsqlStore({ path: ':memory:' });
    const exec = { tickSleepMs: 10 };
    const engine = await createEngine({
      store,
      codegenCacheDir: TEST_CODEGEN_DIR,
      maxWorkers: 1,
      activities: [{ name: 'ok', bytes: await buildWatActivity('ok'), exec }],
    });
    engine.start();
    try {
      const ffqn = watActivityFfqn('ok');
      const [v1] = digestsOf(engine, 'ok');
      const early = await engine.submit(ffqn, [1], { scheduledAt: Date.now() + 500 });
      const v2 = await addHundred();
      const report = await engine.reload({ activities: [{ name: 'ok', bytes: v2, exec }] });
      expect(report).toEqual({ loaded: ['ok'], unchanged: [], removed: [], failed: [] });
      const late = await engine.submit(ffqn, [1]);
      expect(await engine.awaitResult(late.executionId, { timeoutMs: 10_000 })).toEqual({ kind: 'ok', value: 101 });
      // The early execution is unfinished: its version stays loaded.
      expect(engine.component(v1 ?? '')).toBeDefined();
      expect(engine.stats().retiredVersions).toBe(1);
      expect(await engine.awaitResult(early.executionId, { timeoutMs: 10_000 })).toEqual({ kind: 'ok', value: 2 });
      // Then it is unloaded, and the current version keeps working.
      await eventually(
        () => Promise.resolve(engine.stats().retiredVersions),
        (n) => n === 0,
      );
      expect(engine.component(v1 ?? '')).toBeUndefined();
      const after = await engine.submit(ffqn, [1]);
      expect(await engine.awaitResult(after.executionId, { timeoutMs: 10_000 })).toEqual({ kind: 'ok', value: 101 });
      expect(await engine.reload({ activities: [{ name: 'ok', bytes: v2, exec }] })).toEqual({
        loaded: [],
        unchanged: ['ok'],
        removed: [],
        failed: [],
      });
    } finally {
      await engine.stop();
      await store.close();
    }
  });

  test('a replaced workflow version runs its unfinished executions to the end, then is unloaded', async () => {
    const store = await openLibsqlStore({ path: ':memory:' });
    const exec = { tickSleepMs: 10 };
    const activities = [{ name: 'ok', bytes: await buildWatActivity('ok'), exec }];
    const v1Bytes = await buildWatWorkflow('sleep');
    const engine = await createEngine({
      store,
      codegenCacheDir: TEST_CODEGEN_DIR,
      maxWorkers: 1,
      maxWorkflowThreads: 1,
      activities,
      workflows: [{ name: 'sleep', bytes: v1Bytes, exec }],
    });
    engine.start();
    try {
      const ffqn = watWorkflowFfqn('sleep');
      const [v1] = digestsOf(engine, 'sleep');
      const sleeping = await engine.submit(ffqn, [2_000]);
      await eventually(
        () => engine.getStatus(sleeping.executionId),
        (record) => record.state.type !== 'pending-at',
      );
      const spec = WAT_WORKFLOWS.sleep.spec;
      const v2Bytes = await watComponent({ ...spec, wat: spec.wat.replace(/\)\s*$/, ' (func $second_version))') });
      expect(await engine.reload({ activities, workflows: [{ name: 'sleep', bytes: v2Bytes, exec }] })).toMatchObject({
        loaded: ['sleep'],
        failed: [],
      });
      const v2 = digestsOf(engine, 'sleep').find((digest) => digest !== v1);
      expect(v2).toBeDefined();
      expect(v2).not.toBe(v1);
      expect(engine.component(v1 ?? '')).toBeDefined();
      expect((await engine.getStatus(sleeping.executionId)).state.type).not.toBe('finished');
      expect(engine.stats().retiredVersions).toBe(1);
      expect(await engine.awaitResult(sleeping.executionId, { timeoutMs: 15_000 })).toMatchObject({ kind: 'ok' });
      expect((await engine.getStatus(sleeping.executionId)).componentDigest).toBe(v1);
      await eventually(
        () => Promise.resolve(engine.stats().retiredVersions),
        (n) => n === 0,
      );
      expect(engine.component(v1 ?? '')).toBeUndefined();
      const next = await engine.submit(ffqn, [1]);
      expect(await engine.awaitResult(next.executionId, { timeoutMs: 15_000 })).toMatchObject({ kind: 'ok' });
      expect((await engine.getStatus(next.executionId)).componentDigest).toBe(v2);
    } finally {
      await engine.stop();
      await store.close();
    }
  });

  test('a component that fails to load is reported and the others keep working', async () => {
    const store = await openLibsqlStore({ path: ':memory:' });
    const engine = await createEngine({
      store,
      codegenCacheDir: TEST_CODEGEN_DIR,
      maxWorkers: 1,
      activities: [{ name: 'ok', bytes: await buildWatActivity('ok'), exec: { tickSleepMs: 10 } }],
    });
    engine.start();
    try {
      const report = await engine.reload({
        activities: [
          { name: 'ok', bytes: await buildWatActivity('ok') },
          { name: 'broken', bytes: new TextEncoder().encode('not a component') },
        ],
      });
      expect(report.loaded).toEqual([]);
      expect(report.unchanged).toEqual(['ok']);
      expect(report.failed.map((f) => [f.name, f.error.message])).toEqual([
        ['broken', expect.stringMatching(/not.*WebAssembly|magic/i)],
      ]);
      const { executionId } = await engine.submit(watActivityFfqn('ok'), [1]);
      expect(await engine.awaitResult(executionId, { timeoutMs: 10_000 })).toEqual({ kind: 'ok', value: 2 });
    } finally {
      await engine.stop();
      await store.close();
    }
  });
});
