/** A workflow waiting in await mode stays loaded and keeps its lock alive for as long as it waits. */
import { describe, expect, test } from 'vitest';
import { SimClock } from '../../../src/engine/index.js';
import { watWorkflowFfqn } from '../../fixtures/wat/workflows.js';
import { MODES, eventually, workflowEngine, type Mode } from './harness.js';

const [awaitMode] = MODES as [Mode];

describe('a hot workflow', () => {
  test('waiting longer than its lock expiry keeps the lock and its instance', async () => {
    const clock = new SimClock();
    const h = await workflowEngine({
      mode: awaitMode,
      clock,
      workflows: ['stubWait'],
      stubs: true,
      workflowOverrides: { exec: { tickSleepMs: 10, lockExpiryMs: 200 } },
    });
    h.engine.start();
    const { executionId } = await h.engine.submit(watWorkflowFfqn('stubWait'), [7]);
    const waiting = await eventually(
      () => h.engine.getStatus(executionId),
      (s) => s.state.type === 'locked' && s.version >= 4,
    );
    const firstExpiry = waiting.state.type === 'locked' ? waiting.state.lockExpiresAt : 0;
    // Five lock expiries of simulated time, in steps of a quarter expiry. The keepalive extends the lock
    // every half expiry, so after each step the lock must reach more than half an expiry past the new time
    // before the clock moves on (the expiry watcher sees the same clock and would take an expired lock).
    for (let step = 0; step < 20; step += 1) {
      clock.advance(50);
      await eventually(
        () => h.engine.getStatus(executionId),
        (s) => s.state.type !== 'locked' || s.state.lockExpiresAt > clock.now() + 100,
      );
    }
    const later = await h.engine.getStatus(executionId);
    expect(later.state).toMatchObject({
      type: 'locked',
      runId: waiting.state.type === 'locked' ? waiting.state.runId : '',
    });
    expect(later.state.type === 'locked' ? later.state.lockExpiresAt : 0).toBeGreaterThan(firstExpiry + 500);
    await h.engine.stub(`${executionId}.o:1_1`, { ok: 'anna' });
    expect(await h.engine.awaitResult(executionId, { timeoutMs: 30_000 })).toEqual({ kind: 'ok', value: 'anna' });
    expect(h.engine.stats().workflowInstantiations).toBe(1);
  });
});
