/** Contract cases: pause / unpause, cancellation requests and stub results from the API. */
import { expect } from 'vitest';
import { ExecutionId } from '../../../../src/engine/concepts/index.js';
import { DIGEST, FFQN_STUB, FFQN_WF, LOCK_MS, expectCode, js, type ContractRun } from './harness.js';

export function flagCases(run: ContractRun): void {
  run.case('a paused execution is not locked until it is unpaused', async (fx) => {
    const id = await fx.create();
    const v = await fx.store.pause(id, fx.now());
    expect(v).toBe(1);
    expect(await fx.store.getExecution(id)).toMatchObject({ paused: true, summaryState: 'paused' });
    expect(await fx.lock()).toEqual([]);
    expect(await fx.store.pause(id, fx.now())).toBe(1);
    expect(await fx.store.unpause(id, fx.now())).toBe(2);
    expect(await fx.store.unpause(id, fx.now())).toBe(2);
    expect((await fx.lock()).map((l) => l.executionId)).toEqual([id]);
    expect((await fx.store.getEvents(id)).map((e) => e.event.type)).toEqual([
      'created',
      'paused',
      'unpaused',
      'locked',
    ]);
  });

  run.case('an execution created paused waits for unpause', async (fx) => {
    const id = await fx.create({ paused: true });
    expect(await fx.lock()).toEqual([]);
    await fx.store.unpause(id, fx.now());
    expect(await fx.lock()).toHaveLength(1);
  });

  run.case('pausing a locked execution releases its lock, so the running attempt can no longer write', async (fx) => {
    const id = await fx.create();
    const locked = await fx.lockOne(id);
    const v = await fx.store.pause(id, fx.now());
    expect(v).toBe(locked.version + 2);
    expect((await fx.store.getEvents(id, { fromVersion: locked.version + 1 })).map((e) => e.event)).toEqual([
      { type: 'unlocked', reason: 'paused', backoffUntil: fx.now() },
      { type: 'paused' },
    ]);
    expect(await fx.store.getExecution(id)).toMatchObject({ state: { type: 'pending-at' }, paused: true });
    await expectCode(
      fx.store.extendLock({
        executionId: id,
        runId: locked.runId,
        version: locked.version,
        lockExpiresAt: fx.now() + LOCK_MS,
        now: fx.now(),
      }),
      'version-conflict',
    );
    await expectCode(fx.store.finish(id, locked.version, { kind: 'ok', value: 1 }, fx.now()), 'version-conflict');
    expect(await fx.store.findExpiredLocks(fx.now() + 10 * LOCK_MS)).toEqual([]);
  });

  run.case('a blocked workflow can be paused; a response makes it pending but it stays unlocked', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const delayId = `Delay_${wf.id.slice(2)}.g:1_1` as never;
    await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [
        { type: 'join-set-create', joinSetId: js.g(1) },
        { type: 'join-set-request', joinSetId: js.g(1), request: { type: 'delay', delayId, expiresAt: fx.now() } },
        { type: 'join-next', joinSetId: js.g(1), closing: false },
      ],
      end: { type: 'block', joinSetId: js.g(1), closing: false },
      now: fx.now(),
    });
    await fx.store.pause(wf.id, fx.now());
    await fx.store.fireDelay(delayId, fx.now());
    expect(await fx.store.getExecution(wf.id)).toMatchObject({ state: { type: 'pending-at' }, summaryState: 'paused' });
    expect(await fx.lock()).toEqual([]);
    await fx.store.unpause(wf.id, fx.now());
    expect((await fx.lock()).map((l) => l.executionId)).toEqual([wf.id]);
  });

  run.case('a finished execution cannot be paused', async (fx) => {
    const id = await fx.create();
    const locked = await fx.lockOne(id);
    await fx.store.finish(id, locked.version, { kind: 'ok', value: null }, fx.now());
    await expectCode(fx.store.pause(id, fx.now()), 'invalid-state');
    await expectCode(fx.store.pause(fx.newId(), fx.now()), 'not-found');
  });

  run.case('a cancel request is recorded once and shows as cancelling; the next lock reports it', async (fx) => {
    const id = await fx.create();
    expect(await fx.store.requestCancel(id, fx.now())).toBe('requested');
    expect(await fx.store.requestCancel(id, fx.now())).toBe('already-requested');
    expect(await fx.store.getExecution(id)).toMatchObject({
      cancelRequested: true,
      summaryState: 'cancelling',
      version: 1,
    });
    const locked = await fx.lockOne(id);
    expect(locked.cancelRequested).toBe(true);
    await fx.store.finish(id, locked.version, { kind: 'failure', failureKind: 'cancelled' }, fx.now());
    expect(await fx.store.requestCancel(id, fx.now())).toBe('already-finished');
    expect((await fx.store.getExecution(id)).summaryState).toBe('finished');
  });

  run.case('a cancel request wakes a blocked workflow so it can close its join sets', async (fx) => {
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
            ffqn: FFQN_STUB,
            params: [],
            componentDigest: DIGEST,
          },
        },
        { type: 'join-next', joinSetId: js.g(1), closing: false },
      ],
      end: { type: 'block', joinSetId: js.g(1), closing: false },
      now: fx.now(),
    });
    fx.clock.advance(3);
    await fx.store.requestCancel(wf.id, fx.now());
    expect((await fx.store.getExecution(wf.id)).state).toEqual({ type: 'pending-at', scheduledAt: fx.now() });
    const [locked] = await fx.lock({ ffqns: [FFQN_WF] });
    expect(locked?.cancelRequested).toBe(true);
  });

  run.case('a stub result is written once: the same result again is ok, a different one a conflict', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const child = ExecutionId.derive(wf.id, js.n('approval'), 1);
    await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [
        { type: 'join-set-create', joinSetId: js.n('approval') },
        {
          type: 'join-set-request',
          joinSetId: js.n('approval'),
          request: {
            type: 'child-execution',
            childExecutionId: child,
            ffqn: FFQN_STUB,
            params: [],
            componentDigest: DIGEST,
          },
        },
        { type: 'join-next', joinSetId: js.n('approval'), closing: false },
      ],
      end: { type: 'block', joinSetId: js.n('approval'), closing: false },
      now: fx.now(),
    });
    expect(await fx.store.stub(child, { kind: 'ok', value: { approved: true } }, fx.now())).toBe('ok');
    expect((await fx.store.getExecution(wf.id)).summaryState).toBe('pending');
    expect(await fx.store.stub(child, { kind: 'ok', value: { approved: true } }, fx.now())).toBe('ok');
    expect(await fx.store.stub(child, { kind: 'err', value: null }, fx.now())).toBe('conflict');
    expect(await fx.store.getResponses(wf.id)).toHaveLength(1);
    await expectCode(fx.store.stub(fx.newId(), { kind: 'ok', value: null }, fx.now()), 'not-found');
  });
}
