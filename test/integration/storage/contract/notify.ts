/** Contract cases: in-process notifications, timed on the simulated clock. */
import { expect } from 'vitest';
import { ExecutionId } from '../../../../src/engine/concepts/index.js';
import { DIGEST, FFQN_A, FFQN_B, flush, js, type ContractRun } from './harness.js';

export function notifyCases(run: ContractRun): void {
  run.case('a waiting executor wakes when matching work is created, not for other work', async (fx) => {
    const forA = fx.store.waitForPending({ ffqns: [FFQN_A] }, 1_000);
    const forQueue = fx.store.waitForPending({ queue: 'gpu' }, 1_000);
    await fx.create({ ffqn: FFQN_B });
    await fx.create({ ffqn: FFQN_A });
    expect(await forA).toBe(true);
    await flush();
    fx.clock.advance(1_000);
    expect(await forQueue).toBe(false);
  });

  run.case('a wait times out on the simulated clock and can be aborted', async (fx) => {
    let settled = false;
    const waiting = fx.store.waitForPending({ ffqns: [FFQN_A] }, 200).then((v) => {
      settled = true;
      return v;
    });
    fx.clock.advance(199);
    await flush();
    expect(settled).toBe(false);
    fx.clock.advance(1);
    expect(await waiting).toBe(false);
    const controller = new AbortController();
    const aborted = fx.store.waitForPending({ ffqns: [FFQN_A] }, 10_000, controller.signal);
    controller.abort();
    expect(await aborted).toBe(false);
  });

  run.case('unlocking, unpausing and waking a parent notify pending work', async (fx) => {
    const id = await fx.create();
    const locked = await fx.lockOne(id);
    const afterUnlock = fx.store.waitForPending({ ffqns: [FFQN_A] }, 1_000);
    await fx.store.unlock(
      id,
      locked.version,
      { type: 'temporarily-failed', reason: 'trap', backoffUntil: fx.now() },
      fx.now(),
    );
    expect(await afterUnlock).toBe(true);
    await fx.store.pause(id, fx.now());
    const afterUnpause = fx.store.waitForPending({ ffqns: [FFQN_A] }, 1_000);
    await fx.store.unpause(id, fx.now());
    expect(await afterUnpause).toBe(true);
  });

  run.case('a response wakes a hot workflow waiting for it, and a waiter for a finished execution', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const child = ExecutionId.derive(wf.id, js.g(1), 1);
    await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [
        { type: 'join-set-create', joinSetId: js.g(1) },
        {
          type: 'join-set-request',
          joinSetId: js.g(1),
          request: {
            type: 'child-execution',
            childExecutionId: child,
            ffqn: FFQN_A,
            params: [],
            componentDigest: DIGEST,
          },
        },
      ],
      now: fx.now(),
    });
    const response = fx.store.waitForResponse(wf.id, 0, 5_000);
    const finished = fx.store.waitForFinished(child, 5_000);
    await fx.store.finish(child, await fx.lockedVersion(child), { kind: 'ok', value: 1 }, fx.now());
    expect(await response).toBe(true);
    expect(await finished).toBe(true);
    expect(await fx.store.waitForResponse(wf.id, 0, 0)).toBe(true);
    expect(await fx.store.waitForFinished(child, 0)).toBe(true);
    const none = fx.store.waitForResponse(wf.id, 1, 100);
    fx.clock.advance(100);
    expect(await none).toBe(false);
  });

  run.case('closing the store ends every wait', async (fx) => {
    const waiting = fx.store.waitForPending({ ffqns: [FFQN_A] }, 60_000);
    await fx.store.close();
    expect(await waiting).toBe(false);
  });
}
