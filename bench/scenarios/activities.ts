/**
 * `activities`: N top-level executions of a trivial WAT activity submitted at once;
 * executions per second from the first submit to the last finish, and the p50 / p99
 * latency from creation to finish.
 */
import { join } from 'node:path';
import { createEngine, openLibsqlStore } from '../../src/engine/index.js';
import { buildWatActivity, watActivityFfqn } from '../../test/fixtures/wat/activities.js';
import { check, type BenchContext } from '../lib/context.js';
import type { Rep } from '../lib/result.js';
import { percentile } from '../lib/stats.js';

export async function activitiesRep(ctx: BenchContext, count: number): Promise<Rep> {
  const dir = ctx.tempDir();
  const store = await openLibsqlStore({ path: join(dir, 'bench.sqlite'), synchronous: ctx.options.sync });
  const bytes = await buildWatActivity('ok');
  const engine = await createEngine({
    store,
    codegenCacheDir: ctx.codegenDir,
    activities: [{ name: 'ok', bytes }],
  });
  engine.start();
  try {
    const ffqn = watActivityFfqn('ok');
    const started = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push((await engine.submit(ffqn, [i])).executionId);
    }
    const latencies: number[] = [];
    for (const [i, id] of ids.entries()) {
      const result = await engine.awaitResult(id, { timeoutMs: 120_000 });
      check(result?.kind === 'ok' && result.value === i + 1, `execution ${id} returned ${JSON.stringify(result)}`);
      const status = await engine.getStatus(id);
      latencies.push(status.updatedAt - status.createdAt);
    }
    const wallMs = performance.now() - started;
    return {
      wallMs,
      throughputPerS: (count * 1000) / wallMs,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
    };
  } finally {
    await engine.stop();
    await store.close();
  }
}
