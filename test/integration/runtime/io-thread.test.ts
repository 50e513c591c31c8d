import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createActivityRuntime, type ActivityRuntime } from '../../../src/engine/runtime/activity-runtime.js';
import type { ContentDigest } from '../../../src/engine/runtime/digest.js';
import { buildWatActivity, WAT_ACTIVITIES, type WatActivityName } from '../../fixtures/wat/activities.js';
import { makeTempDir } from '../../helpers/tmp.js';

/** The threads of this process (Linux). */
const threadCount = (): number => readdirSync('/proc/self/task').length;

let runtime: ActivityRuntime;
const digests = new Map<WatActivityName, ContentDigest>();

beforeAll(async () => {
  runtime = createActivityRuntime({ cacheDir: makeTempDir(), poolSize: 1 });
  for (const name of ['ok', 'sleep'] as const) {
    digests.set(name, (await runtime.load(await buildWatActivity(name))).digest);
  }
});
afterAll(() => runtime.close(0));

function run(name: WatActivityName, params: readonly unknown[]): ReturnType<ActivityRuntime['runAttempt']> {
  const { interfaceName, functionName } = WAT_ACTIVITIES[name];
  const digest = digests.get(name) as ContentDigest;
  return runtime.runAttempt({
    digest,
    interfaceName,
    functionName,
    params,
    env: {},
    allowedHosts: [],
    maxDurationMs: 30_000,
  });
}

describe("preview2-shim's I/O thread in an activity worker", () => {
  test('is not started for attempts that make no blocking WASI call, and starts at the first one that does', async () => {
    const idle = threadCount();
    await expect(run('ok', [1n])).resolves.toEqual({ kind: 'ok', value: 2n });
    const withWorker = threadCount();
    expect(withWorker).toBe(idle + 1); // the activity worker alone
    await expect(run('ok', [2n])).resolves.toEqual({ kind: 'ok', value: 3n });
    expect(threadCount()).toBe(withWorker);

    // Sleeping on a pollable blocks in the I/O thread: it starts now, and the attempt works.
    await expect(run('sleep', [20n])).resolves.toEqual({ kind: 'ok', value: 20n });
    expect(threadCount()).toBe(withWorker + 1);
    await expect(run('sleep', [1n])).resolves.toEqual({ kind: 'ok', value: 1n });
    expect(threadCount()).toBe(withWorker + 1);
  });
});
