import { describe, expect, test } from 'vitest';
import { createEngine, openLibsqlStore } from '../../../src/engine/index.js';
import { WAT_ACTIVITIES, buildWatActivity, watActivityFfqn } from '../../fixtures/wat/activities.js';
import { TEST_CODEGEN_DIR, watComponent } from '../../helpers/components.js';

/** The `ok` activity, changed to add 100 instead of 1 (same FFQN, new digest). */
function addHundred(): Promise<Uint8Array> {
  const spec = WAT_ACTIVITIES.ok.spec;
  return watComponent({ ...spec, wat: spec.wat.replace('(i64.const 1)', '(i64.const 100)') });
}

describe('reloading components while the engine runs', () => {
  test('new executions use the new version; an execution created before keeps its version', async () => {
    const store = await openLibsqlStore({ path: ':memory:' });
    const exec = { tickSleepMs: 10 };
    const engine = await createEngine({ store, codegenCacheDir: TEST_CODEGEN_DIR, maxWorkers: 1, activities: [{ name: 'ok', bytes: await buildWatActivity('ok'), exec }] });
    engine.start();
    try {
      const ffqn = watActivityFfqn('ok');
      const early = await engine.submit(ffqn, [1], { scheduledAt: Date.now() + 500 });
      const v2 = await addHundred();
      const report = await engine.reload({ activities: [{ name: 'ok', bytes: v2, exec }] });
      expect(report).toEqual({ loaded: ['ok'], unchanged: [], removed: [], failed: [] });
      const late = await engine.submit(ffqn, [1]);
      expect(await engine.awaitResult(late.executionId, { timeoutMs: 10_000 })).toEqual({ kind: 'ok', value: 101 });
      expect(await engine.awaitResult(early.executionId, { timeoutMs: 10_000 })).toEqual({ kind: 'ok', value: 2 });
      expect(await engine.reload({ activities: [{ name: 'ok', bytes: v2, exec }] })).toEqual({ loaded: [], unchanged: ['ok'], removed: [], failed: [] });
    } finally {
      await engine.stop();
      await store.close();
    }
  });

  test('a component that fails to load is reported and the others keep working', async () => {
    const store = await openLibsqlStore({ path: ':memory:' });
    const engine = await createEngine({ store, codegenCacheDir: TEST_CODEGEN_DIR, maxWorkers: 1, activities: [{ name: 'ok', bytes: await buildWatActivity('ok'), exec: { tickSleepMs: 10 } }] });
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
      expect(report.failed.map((f) => [f.name, f.error.message])).toEqual([['broken', expect.stringMatching(/not.*WebAssembly|magic/i)]]);
      const { executionId } = await engine.submit(watActivityFfqn('ok'), [1]);
      expect(await engine.awaitResult(executionId, { timeoutMs: 10_000 })).toEqual({ kind: 'ok', value: 2 });
    } finally {
      await engine.stop();
      await store.close();
    }
  });
});
