import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createEngine, openLibsqlStore } from '../../../src/engine/index.js';
import { buildWatActivity, watActivityFfqn } from '../../fixtures/wat/activities.js';
import { distUrl, spawnScript } from '../../helpers/child-process.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { eventually } from './harness.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const COUNT = 30;

describe('an engine process killed with SIGKILL', () => {
  test('a new process finishes every execution; none is lost and none finishes twice', { tags: ['slow'] }, async () => {
    const dir = makeTempDir('obelisk-engine-crash-');
    const dbPath = join(dir, 'obelisk.sqlite');
    const cacheDir = join(dir, 'codegen');
    const wasmPath = join(dir, 'sleep.wasm');
    const bytes = await buildWatActivity('sleep');
    writeFileSync(wasmPath, bytes);
    const ffqn = watActivityFfqn('sleep');

    // Submit everything before the first process starts.
    const store = await openLibsqlStore({ path: dbPath });
    const submitter = await createEngine({
      store,
      codegenCacheDir: cacheDir,
      maxWorkers: 1,
      activities: [{ name: 'sleep', bytes }],
    });
    const ids: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      ids.push((await submitter.submit(ffqn, [150])).executionId);
    }
    await submitter.stop(0);

    const child = spawnScript(join(HERE, 'crash-child.js'), [distUrl(), dbPath, cacheDir, wasmPath]);
    await child.waitForLine((line) => line === 'started');
    const finishedCount = async (): Promise<number> =>
      (await store.listExecutions({ state: 'finished', limit: 1000 })).executions.length;
    const countAtKill = await eventually(finishedCount, (n) => n >= 6, 30_000);
    child.kill('SIGKILL');
    await child.exited;
    const lockedAtKill = (await store.listExecutions({ state: 'locked', limit: 1000 })).executions.length;
    expect(countAtKill).toBeLessThan(COUNT);

    // A new engine on the same file takes over, after the dead process's locks expire.
    const engine = await createEngine({
      store,
      codegenCacheDir: cacheDir,
      maxWorkers: 2,
      activities: [{ name: 'sleep', bytes, exec: { tickSleepMs: 20 } }],
    });
    engine.start();
    for (const id of ids) {
      expect(await engine.awaitResult(id, { timeoutMs: 60_000 })).toEqual({ kind: 'ok', value: 150 });
    }
    await engine.stop();
    for (const id of ids) {
      const types = (await store.getEvents(id as never)).map((record) => record.event.type);
      expect(types.filter((type) => type === 'finished')).toHaveLength(1);
    }
    console.log(
      `engine crash: ${countAtKill} of ${COUNT} finished and ${lockedAtKill} locked when killed; all ${COUNT} finished once after restart`,
    );
    await store.close();
  });
});
