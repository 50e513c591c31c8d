import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createEngine, openLibsqlStore } from '../../../src/engine/index.js';
import { buildWatActivity } from '../../fixtures/wat/activities.js';
import { buildWatWorkflow, watWorkflowFfqn } from '../../fixtures/wat/workflows.js';
import { distUrl, spawnScript } from '../../helpers/child-process.js';
import { TEST_CODEGEN_DIR } from '../../helpers/components.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { eventually } from './harness.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const STEPS = 150;

describe.each(['await', 'interrupt'] as const)(
  'a process killed with SIGKILL in the middle of a workflow (%s)',
  (strategy) => {
    test(
      'a restarted process finishes it with the right result, and no finished activity runs again',
      { tags: ['slow'] },
      async () => {
        const dir = makeTempDir('obelisk-wf-crash-');
        const dbPath = join(dir, 'obelisk.sqlite');
        const activity = await buildWatActivity('ok');
        const workflow = await buildWatWorkflow('chain');
        writeFileSync(join(dir, 'activity.wasm'), activity);
        writeFileSync(join(dir, 'workflow.wasm'), workflow);
        const store = await openLibsqlStore({ path: dbPath });
        const exec = { lockExpiryMs: 1000, tickSleepMs: 20 };
        const config = {
          store,
          codegenCacheDir: TEST_CODEGEN_DIR,
          maxWorkers: 1,
          activities: [{ name: 'ok', bytes: activity, exec }],
          workflows: [{ name: 'chain', bytes: workflow, exec, blockingStrategy: strategy }],
          watcher: { tickSleepMs: 50, leewayMs: 200 },
        };
        const submitter = await createEngine(config);
        const { executionId } = await submitter.submit(watWorkflowFfqn('chain'), [STEPS]);
        await submitter.stop(0);

        const child = spawnScript(join(HERE, 'crash-child.js'), [
          distUrl(),
          dbPath,
          TEST_CODEGEN_DIR,
          join(dir, 'activity.wasm'),
          join(dir, 'workflow.wasm'),
          strategy,
        ]);
        await child.waitForLine((line) => line === 'started');
        const children = async (): Promise<number> =>
          (
            await store.listExecutions({
              showDerived: true,
              executionIdPrefix: `${executionId}.`,
              state: 'finished',
              limit: 1000,
            })
          ).executions.length;
        const finishedAtKill = await eventually(children, (n) => n >= 20, 60_000);
        child.kill('SIGKILL');
        await child.exited;
        expect(finishedAtKill).toBeLessThan(STEPS);

        const engine = await createEngine(config);
        engine.start();
        expect(await engine.awaitResult(executionId, { timeoutMs: 120_000 })).toEqual({ kind: 'ok', value: STEPS });
        await engine.stop();
        const all = (
          await store.listExecutions({ showDerived: true, executionIdPrefix: `${executionId}.`, limit: 1000 })
        ).executions;
        expect(all).toHaveLength(STEPS);
        for (const { executionId: childId } of all) {
          const types = (await store.getEvents(childId)).map((record) => record.event.type);
          expect(types.filter((type) => type === 'finished')).toHaveLength(1);
          expect(types.at(-1)).toBe('finished');
        }
        console.log(
          `workflow crash (${strategy}): ${finishedAtKill} of ${STEPS} steps finished when killed; all ${STEPS} finished exactly once after restart`,
        );
        await store.close();
      },
    );
  },
);
