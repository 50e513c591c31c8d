/** Durable sleep and delays, driven by a simulated clock: a delay fires only when the clock passes it. */
import { describe, expect, test } from 'vitest';
import { SimClock } from '../../../src/engine/index.js';
import { watWorkflowFfqn } from '../../fixtures/wat/workflows.js';
import { MODES, eventually, workflowEngine } from './harness.js';

describe.each(MODES)('timers under a simulated clock ($name)', (mode) => {
  test('a heterogeneous join set returns the child first and the delay once the clock passes it', async () => {
    const clock = new SimClock();
    const h = await workflowEngine({ mode, workflows: ['delays'], clock });
    h.engine.start();
    const { executionId } = await h.engine.submit(watWorkflowFfqn('delays'), []);
    await eventually(
      () => h.engine.getResponses(executionId),
      (responses) => responses.length === 1,
    );
    // One step of every executor and the timers watcher at the current (simulated) time: the delay is not due.
    await (
      await h.engine.tick()
    ).done;
    expect(await h.engine.getResponses(executionId)).toHaveLength(1);
    expect((await h.engine.getStatus(executionId)).state.type).not.toBe('finished');
    clock.advance(10);
    expect(await h.engine.awaitResult(executionId, { timeoutMs: 30_000 })).toEqual({
      kind: 'ok',
      value: 'ok,delay-fired',
    });
  });

  test('sleep returns once the clock has moved by the duration, and the workflow time moved with it', async () => {
    const clock = new SimClock();
    const h = await workflowEngine({ mode, workflows: ['sleep'], clock });
    h.engine.start();
    const submittedAt = clock.now();
    const { executionId } = await h.engine.submit(watWorkflowFfqn('sleep'), [60_000]);
    const delays = await eventually(
      () => h.store.listDelays(executionId as never),
      (list) => list.length === 1,
    );
    expect(delays[0]?.expiresAt).toBe(submittedAt + 60_000);
    clock.advance(59_999);
    await (
      await h.engine.tick()
    ).done; // the watcher has looked at the time 1 ms before the delay is due
    expect(await h.store.listDelays(executionId as never)).toHaveLength(1);
    expect((await h.engine.getStatus(executionId)).state.type).not.toBe('finished');
    clock.advance(1);
    // The watcher's own loop may still be in the tick it began at 59,999 and then sleep past the due
    // time; one explicit tick at the due time fires the delay without depending on that loop.
    await (
      await h.engine.tick()
    ).done;
    const result = await h.engine.awaitResult(executionId, { timeoutMs: 30_000 });
    expect(result?.kind).toBe('ok');
    const after = result?.kind === 'ok' ? Number(result.value) : 0;
    expect(after).toBeGreaterThanOrEqual(submittedAt + 60_000);
    expect(after).toBeLessThanOrEqual(clock.now());
  });
});
