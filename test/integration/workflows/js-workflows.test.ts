/** ComponentizeJS workflows: the fibo example, determinism of clocks and randomness, child workflows. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SimClock } from '../../../src/engine/index.js';
import { REPO_ROOT } from '../../helpers/bin.js';
import { jsFixture } from '../../helpers/components.js';
import { MODES, eventually, workflowEngine, type Mode } from './harness.js';

const EXAMPLE_DIST = join(REPO_ROOT, 'examples', 'fibo', 'dist');
const fiboActivity = { name: 'fibo-activity', bytes: readFileSync(join(EXAMPLE_DIST, 'activity.wasm')) };
const fiboWorkflow = { name: 'fibo-workflow', bytes: readFileSync(join(EXAMPLE_DIST, 'workflow.wasm')) };
const [awaitMode, interruptMode, replayMode] = MODES as [Mode, Mode, Mode];

describe.each([awaitMode, interruptMode])('the fibo example ($name)', { tags: ['slow'] }, (mode) => {
  test('fiboa calls the activity in sequence and sums the results', async () => {
    const h = await workflowEngine({ mode, activities: [fiboActivity], workflows: [fiboWorkflow] });
    h.engine.start();
    const { executionId, result } = await h.run('testing:fibo-workflow/workflow.fiboa', [10, 5]);
    expect(result).toEqual({ kind: 'ok', value: 275 });
    const children = await h.engine.listExecutions({ showDerived: true, executionIdPrefix: `${executionId}.` });
    expect(children.executions).toHaveLength(5);
  });

  test('fiboa-concurrent submits every call to one join set, then awaits all', async () => {
    const h = await workflowEngine({ mode, activities: [fiboActivity], workflows: [fiboWorkflow] });
    h.engine.start();
    const { executionId, result } = await h.run('testing:fibo-workflow/workflow.fiboa-concurrent', [10, 5]);
    expect(result).toEqual({ kind: 'ok', value: 275 });
    const ids = (await h.engine.listExecutions({ showDerived: true, executionIdPrefix: `${executionId}.` })).executions
      .map((e) => e.executionId)
      .sort();
    expect(ids).toEqual([1, 2, 3, 4, 5].map((n) => `${executionId}.g:1_${n}`));
  });
});

interface Sample {
  readonly dateNow: number;
  readonly mathRandom: number;
  readonly randomValues: number[];
  readonly performanceNow: number;
}

describe.each([awaitMode, interruptMode, replayMode])(
  'a ComponentizeJS workflow ($name)',
  { tags: ['slow'] },
  (mode) => {
    test('sees the same clocks and random values on every replay, and time moved by the sleep', async () => {
      const clock = new SimClock();
      const workflow = { name: 'determinism', bytes: readFileSync(jsFixture('determinism-workflow')) };
      const h = await workflowEngine({ mode, workflows: [workflow], clock });
      h.engine.start();
      const { executionId } = await h.engine.submit('testing:determinism/workflow.run', []);
      const created = (await h.engine.getStatus(executionId)).createdAt;
      await eventually(
        () => h.store.listDelays(executionId as never),
        (delays) => delays.length === 1,
      );
      clock.advance(10_000);
      clock.advance(10);
      const result = await h.engine.awaitResult(executionId, { timeoutMs: 60_000 });
      expect(result?.kind).toBe('ok');
      const values = JSON.parse(result?.kind === 'ok' && typeof result.value === 'string' ? result.value : '{}') as {
        before: Sample;
        after: Sample;
        sleptUntil: { seconds: number };
      };
      expect(values.before.dateNow).toBe(created);
      expect(values.after.dateNow - values.before.dateNow).toBeGreaterThanOrEqual(10_000);
      expect(values.sleptUntil.seconds * 1000).toBeGreaterThanOrEqual(created + 10_000);
      expect(values.after.mathRandom).not.toBe(values.before.mathRandom);
      // A read-only replay recomputes every value and must return exactly the same JSON.
      expect(await h.engine.replay(executionId)).toEqual({ ok: true });
      // console.log ran in every run that got past the sleep, but was kept once.
      const logs = await h.engine.getLogs({ executionId });
      expect(logs.map((line) => line.message)).toEqual([
        expect.stringMatching(/^determinism-workflow slept until \d+s \d+ns$/),
      ]);
      if (mode.blockingStrategy === 'interrupt') {
        expect(h.engine.stats().workflowInstantiations).toBeGreaterThanOrEqual(2);
      }
    });
  },
);

describe('with a single workflow thread', { tags: ['slow'] }, () => {
  test('a 3-deep chain of child workflows in await mode finishes (waiting parents are unloaded)', async () => {
    const workflow = { name: 'chain', bytes: readFileSync(jsFixture('child-workflows')) };
    const h = await workflowEngine({ mode: awaitMode, workflows: [workflow], maxWorkflowThreads: 1 });
    h.engine.start();
    const { executionId, result } = await h.run('testing:child-workflows/chain.chain', [3]);
    expect(result).toEqual({ kind: 'ok', value: 6 });
    const chain = (await h.engine.listExecutions({ showDerived: true, executionIdPrefix: executionId })).executions;
    expect(chain).toHaveLength(4);
  });
});
