/** Contract cases: delays (durable timers) requested by workflows. */
import { expect } from 'vitest';
import { DelayId, type ExecutionId } from '../../../../src/engine/concepts/index.js';
import { FFQN_WF, expectCode, js, type ContractRun, type Fixture } from './harness.js';

/** A workflow blocked on join set g:1 holding one delay that expires in `ms`. */
async function blockedOnDelay(
  fx: Fixture,
  ms: number,
): Promise<{ id: ExecutionId; delayId: DelayId; version: number }> {
  const wf = await fx.lockedWorkflow();
  const delayId = DelayId.derive(wf.id, js.g(1), 1);
  const step = await fx.store.appendWorkflowStep({
    executionId: wf.id,
    expectedVersion: wf.version,
    events: [
      { type: 'join-set-create', joinSetId: js.g(1) },
      { type: 'join-set-request', joinSetId: js.g(1), request: { type: 'delay', delayId, expiresAt: fx.now() + ms } },
      { type: 'join-next', joinSetId: js.g(1), closing: false },
    ],
    end: { type: 'block', joinSetId: js.g(1), closing: false },
    now: fx.now(),
  });
  expect(step.blocked).toBe(true);
  return { id: wf.id, delayId, version: step.version };
}

export function delayCases(run: ContractRun): void {
  run.case('a delay request creates a timer that expires at its time', async (fx) => {
    const wf = await blockedOnDelay(fx, 1_000);
    expect(await fx.store.listDelays(wf.id)).toEqual([
      { delayId: wf.delayId, executionId: wf.id, joinSetId: 'g:1', expiresAt: fx.now() + 1_000 },
    ]);
    fx.clock.advance(999);
    expect(await fx.store.findExpiredDelays(fx.now())).toEqual([]);
    fx.clock.advance(1);
    expect((await fx.store.findExpiredDelays(fx.now())).map((d) => d.delayId)).toEqual([wf.delayId]);
  });

  run.case('firing a delay writes its response and wakes the workflow in one transaction', async (fx) => {
    const wf = await blockedOnDelay(fx, 10);
    fx.clock.advance(10);
    expect(await fx.store.fireDelay(wf.delayId, fx.now())).toBe(true);
    expect(await fx.store.getResponses(wf.id)).toEqual([
      {
        executionId: wf.id,
        cursor: 0,
        joinSetId: 'g:1',
        createdAt: fx.now(),
        response: { type: 'delay-finished', delayId: wf.delayId, outcome: 'fired' },
      },
    ]);
    expect(await fx.store.getExecution(wf.id)).toMatchObject({
      state: { type: 'pending-at', scheduledAt: fx.now() },
      version: wf.version,
    });
    expect(await fx.store.listDelays(wf.id)).toEqual([]);
    expect(await fx.store.fireDelay(wf.delayId, fx.now())).toBe(false);
    expect(await fx.store.getResponses(wf.id)).toHaveLength(1);
    expect((await fx.lockOne(wf.id, FFQN_WF)).history?.responses).toHaveLength(1);
  });

  run.case('cancelling a delay writes a cancelled response and wakes the workflow', async (fx) => {
    const wf = await blockedOnDelay(fx, 60_000);
    expect(await fx.store.cancelDelay(wf.delayId, fx.now())).toBe(true);
    expect((await fx.store.getResponses(wf.id))[0]?.response).toEqual({
      type: 'delay-finished',
      delayId: wf.delayId,
      outcome: 'cancelled',
    });
    expect((await fx.store.getExecution(wf.id)).summaryState).toBe('pending');
    expect(await fx.store.cancelDelay(wf.delayId, fx.now())).toBe(false);
    expect(await fx.store.fireDelay(wf.delayId, fx.now())).toBe(false);
  });

  run.case('a delay ID can be used only once', async (fx) => {
    const wf = await blockedOnDelay(fx, 10);
    await fx.store.fireDelay(wf.delayId, fx.now());
    const locked = await fx.lockOne(wf.id, FFQN_WF);
    const again = {
      type: 'join-set-request',
      joinSetId: js.g(1),
      request: { type: 'delay', delayId: wf.delayId, expiresAt: fx.now() },
    } as const;
    await expectCode(
      fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: locked.version,
        events: [again],
        now: fx.now(),
      }),
      'conflict',
    );
  });
}
