/**
 * Workflow scenarios on WAT components:
 * - `chain`: one workflow calling a trivial activity K times in sequence (wall time, per step);
 * - `fanout`: one workflow submitting N activity children to one join set and awaiting all;
 * - `fanout-children`: the same with N child workflows (each calling the activity once);
 * - `replay`: read-only replay of a finished chain workflow with about E events.
 */
import { buildWatActivity } from '../../test/fixtures/wat/activities.js';
import { buildWatWorkflow, watWorkflowFfqn, type WatWorkflowName } from '../../test/fixtures/wat/workflows.js';
import { check, type BenchContext } from '../lib/context.js';
import { benchEngine, type BenchEngine } from '../lib/engine.js';
import type { Rep } from '../lib/result.js';

export type Strategy = 'await' | 'interrupt';

async function engineWith(ctx: BenchContext, workflows: readonly WatWorkflowName[], strategy: Strategy): Promise<BenchEngine> {
  return benchEngine(ctx, {
    activities: [{ name: 'ok', bytes: await buildWatActivity('ok') }],
    workflows: await Promise.all(workflows.map(async (name) => ({ name, bytes: await buildWatWorkflow(name), blockingStrategy: strategy }))),
  });
}

async function runOne(bench: BenchEngine, workflow: WatWorkflowName, param: number, expected: number): Promise<{ executionId: string; wallMs: number }> {
  const started = performance.now();
  const { executionId } = await bench.engine.submit(watWorkflowFfqn(workflow), [param]);
  const result = await bench.engine.awaitResult(executionId, { timeoutMs: 600_000 });
  const wallMs = performance.now() - started;
  check(result?.kind === 'ok' && result.value === expected, `${workflow}(${param}) returned ${JSON.stringify(result)}, expected ${expected}`);
  return { executionId, wallMs };
}

export async function chainRep(ctx: BenchContext, k: number, strategy: Strategy): Promise<Rep> {
  const bench = await engineWith(ctx, ['chain'], strategy);
  try {
    const { wallMs } = await runOne(bench, 'chain', k, k);
    return { wallMs, perStepMs: wallMs / k, throughputPerS: (k * 1000) / wallMs };
  } finally {
    await bench.close();
  }
}

export async function fanoutRep(ctx: BenchContext, n: number, strategy: Strategy): Promise<Rep> {
  const bench = await engineWith(ctx, ['fanout'], strategy);
  try {
    const { wallMs } = await runOne(bench, 'fanout', n, (n * (n + 1)) / 2);
    return { wallMs, perStepMs: wallMs / n, throughputPerS: (n * 1000) / wallMs };
  } finally {
    await bench.close();
  }
}

export async function fanoutChildrenRep(ctx: BenchContext, n: number, strategy: Strategy): Promise<Rep> {
  const bench = await engineWith(ctx, ['fanoutChildren', 'chain'], strategy);
  try {
    const { wallMs } = await runOne(bench, 'fanoutChildren', n, n);
    return { wallMs, perStepMs: wallMs / n, throughputPerS: (n * 1000) / wallMs };
  } finally {
    await bench.close();
  }
}

/** Each chain step records 3 history events (join-set-create, child request, join-next). */
const EVENTS_PER_STEP = 3;

export async function replayRep(ctx: BenchContext, events: number, strategy: Strategy): Promise<Rep> {
  const bench = await engineWith(ctx, ['chain'], strategy);
  try {
    const k = Math.ceil(events / EVENTS_PER_STEP);
    const { executionId } = await runOne(bench, 'chain', k, k);
    const recorded = (await bench.engine.getEvents(executionId)).length;
    const started = performance.now();
    const replay = await bench.engine.replay(executionId);
    const wallMs = performance.now() - started;
    check(replay.ok, `replay of ${executionId} failed: ${JSON.stringify(replay)}`);
    return { wallMs, perStepMs: (wallMs / recorded) * EVENTS_PER_STEP };
  } finally {
    await bench.close();
  }
}
