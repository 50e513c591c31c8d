/**
 * Scenarios through a real `obelisk server run` process:
 * - `throughput`: N workflows of 3 sequential trivial activity calls, submitted over the HTTP API
 *   by a client keeping 50 in flight; completions per second and p50 / p99 end to end;
 * - `cold-start`: from spawning the server to its API answering, with the codegen cache empty
 *   (every component transpiled) and warm.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../../src/client/index.js';
import { buildWatActivity } from '../../test/fixtures/wat/activities.js';
import { buildWatWorkflow, watWorkflowFfqn } from '../../test/fixtures/wat/workflows.js';
import { check, freshSchema, type BenchContext } from '../lib/context.js';
import type { Rep } from '../lib/result.js';
import { startServer, type ServerComponent } from '../lib/server.js';
import { percentile } from '../lib/stats.js';
import { jsComponents, JS_FFQNS } from './js-components.js';

export type ComponentFlavour = 'wat' | 'js';

async function watComponents(ctx: BenchContext): Promise<ServerComponent[]> {
  const dir = ctx.tempDir('obelisk-bench-wasm-');
  const activity = join(dir, 'ok.wasm');
  const workflow = join(dir, 'chain.wasm');
  writeFileSync(activity, await buildWatActivity('ok'));
  writeFileSync(workflow, await buildWatWorkflow('chain'));
  return [
    { section: 'activity_wasm', name: 'ok', path: activity },
    { section: 'workflow', name: 'chain', path: workflow },
  ];
}

const IN_FLIGHT = 50;
const STEPS = 3;

/** `servers` > 1 (PostgreSQL only): that many server processes on one schema, clients spread over them. */
export async function throughputRep(
  ctx: BenchContext,
  count: number,
  flavour: ComponentFlavour,
  servers = 1,
): Promise<Rep> {
  const components = flavour === 'wat' ? await watComponents(ctx) : await jsComponents();
  const ffqn = flavour === 'wat' ? watWorkflowFfqn('chain') : JS_FFQNS.chain;
  const schema = freshSchema();
  const running = await Promise.all(
    Array.from({ length: servers }, () => startServer(ctx, { components, codegenDir: ctx.codegenDir, schema })),
  );
  try {
    const apis = running.map((server) => createApiClient({ baseUrl: server.url }));
    let clients = 0;
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const client = async (): Promise<void> => {
      const api = apis[clients++ % apis.length] as (typeof apis)[number];
      while (next < count) {
        next++;
        const submitted = performance.now();
        const { execution_id: id } = await api.submit({ ffqn, params: [STEPS] });
        const result = await api.followResult(id);
        latencies.push(performance.now() - submitted);
        check(
          result.finished?.kind === 'ok' && result.finished.value === STEPS,
          `${id} returned ${JSON.stringify(result.finished)}`,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, client));
    const wallMs = performance.now() - started;
    return {
      wallMs,
      throughputPerS: (count * 1000) / wallMs,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      perStepMs: wallMs / (count * STEPS),
    };
  } finally {
    await Promise.all(running.map((server) => server.stop()));
  }
}

/** Starts the server on the JS components (12 MB each) with an empty, then the same warm, codegen cache. */
export async function coldStartRep(ctx: BenchContext, cache: 'cold' | 'warm'): Promise<Rep> {
  const components = await jsComponents();
  const codegenDir = mkdtempSync(join(tmpdir(), 'obelisk-bench-coldstart-'));
  try {
    if (cache === 'warm') {
      const warmUp = await startServer(ctx, { components, codegenDir });
      await warmUp.stop();
    }
    const server = await startServer(ctx, { components, codegenDir });
    await server.stop();
    return { wallMs: server.startMs };
  } finally {
    rmSync(codegenDir, { recursive: true, force: true });
  }
}
