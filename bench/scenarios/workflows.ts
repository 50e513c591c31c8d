/**
 * Workflow scenarios, each on a WAT and (except `replay`) a ComponentizeJS component:
 * - `chain`: one workflow calling a trivial activity K times in sequence (wall time, per step);
 * - `fanout`: one workflow submitting N activity children to one join set and awaiting all;
 * - `fanout-children`: the same with N child workflows (each calling the activity once);
 * - `replay`: read-only replay of a finished chain workflow with about E events.
 */
import { readFileSync } from 'node:fs';
import { buildWatActivity } from '../../test/fixtures/wat/activities.js';
import { buildWatWorkflow, watWorkflowFfqn, type WatWorkflowName } from '../../test/fixtures/wat/workflows.js';
import { check, type BenchContext } from '../lib/context.js';
import { benchEngine, type BenchEngine } from '../lib/engine.js';
import type { Rep } from '../lib/result.js';
import { jsComponents, JS_FFQNS } from './js-components.js';

export type Strategy = 'await' | 'interrupt';
export type Flavour = 'wat' | 'js';
type Shape = 'chain' | 'fanout' | 'fanoutChildren';

async function engineWith(
  ctx: BenchContext,
  flavour: Flavour,
  workflows: readonly WatWorkflowName[],
  strategy: Strategy,
): Promise<BenchEngine> {
  if (flavour === 'js') {
    const components = await jsComponents();
    const bytes = (c: (typeof components)[number]): { name: string; bytes: Uint8Array } => ({
      name: c.name,
      bytes: readFileSync(c.path),
    });
    return benchEngine(ctx, {
      activities: components.filter((c) => c.section === 'activity_wasm').map(bytes),
      workflows: components
        .filter((c) => c.section === 'workflow')
        .map((c) => ({ ...bytes(c), blockingStrategy: strategy })),
    });
  }
  return benchEngine(ctx, {
    activities: [{ name: 'ok', bytes: await buildWatActivity('ok') }],
    workflows: await Promise.all(
      workflows.map(async (name) => ({ name, bytes: await buildWatWorkflow(name), blockingStrategy: strategy })),
    ),
  });
}

/** The FFQN and the expected result of a workflow shape in a flavour. */
function target(flavour: Flavour, shape: Shape, size: number): { ffqn: string; expected: number } {
  if (flavour === 'js') {
    return { ffqn: JS_FFQNS[shape], expected: size }; // every child returns fibo(1) = 1
  }
  return { ffqn: watWorkflowFfqn(shape), expected: shape === 'fanout' ? (size * (size + 1)) / 2 : size };
}

async function runOne(
  bench: BenchEngine,
  ffqn: string,
  param: number,
  expected: number,
): Promise<{ executionId: string; wallMs: number }> {
  const started = performance.now();
  const { executionId } = await bench.engine.submit(ffqn, [param]);
  const result = await bench.engine.awaitResult(executionId, { timeoutMs: 600_000 });
  const wallMs = performance.now() - started;
  check(
    result?.kind === 'ok' && result.value === expected,
    `${ffqn}(${param}) returned ${JSON.stringify(result)}, expected ${expected}`,
  );
  return { executionId, wallMs };
}

async function shapeRep(
  ctx: BenchContext,
  shape: Shape,
  size: number,
  strategy: Strategy,
  flavour: Flavour,
): Promise<Rep> {
  const needed: WatWorkflowName[] = shape === 'fanoutChildren' ? ['fanoutChildren', 'chain'] : [shape];
  const bench = await engineWith(ctx, flavour, needed, strategy);
  try {
    const { ffqn, expected } = target(flavour, shape, size);
    const { wallMs } = await runOne(bench, ffqn, size, expected);
    return { wallMs, perStepMs: wallMs / size, throughputPerS: (size * 1000) / wallMs };
  } finally {
    await bench.close();
  }
}

export const chainRep = (ctx: BenchContext, k: number, strategy: Strategy, flavour: Flavour): Promise<Rep> =>
  shapeRep(ctx, 'chain', k, strategy, flavour);
export const fanoutRep = (ctx: BenchContext, n: number, strategy: Strategy, flavour: Flavour): Promise<Rep> =>
  shapeRep(ctx, 'fanout', n, strategy, flavour);
export const fanoutChildrenRep = (ctx: BenchContext, n: number, strategy: Strategy, flavour: Flavour): Promise<Rep> =>
  shapeRep(ctx, 'fanoutChildren', n, strategy, flavour);

/** Each chain step records at least 3 history events (join-set-create, child request, join-next); `interrupt` adds lock events. */
const EVENTS_PER_STEP = 3;

/**
 * The workflow is recorded once per variant (in `interrupt` mode recording is quadratic in
 * the chain's length); the warm-up and every repetition replay the same finished execution.
 */
export async function replayRep(ctx: BenchContext, events: number, strategy: Strategy): Promise<Rep> {
  const { bench, executionId, steps } = await ctx.once(
    'replay',
    async () => {
      const bench = await engineWith(ctx, 'wat', ['chain'], strategy);
      const steps = Math.ceil(events / EVENTS_PER_STEP);
      const { executionId } = await runOne(bench, watWorkflowFfqn('chain'), steps, steps);
      return { bench, executionId, steps };
    },
    (made) => made.bench.close(),
  );
  const started = performance.now();
  const replay = await bench.engine.replay(executionId);
  const wallMs = performance.now() - started;
  check(replay.ok, `replay of ${executionId} failed: ${JSON.stringify(replay)}`);
  return { wallMs, perStepMs: wallMs / steps };
}
