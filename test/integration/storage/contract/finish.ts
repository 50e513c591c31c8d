/** Contract cases: finishing, response delivery to the parent and parent wake-up. */
import { expect } from 'vitest';
import { ExecutionId, type JoinSetId } from '../../../../src/engine/concepts/index.js';
import { DIGEST, FFQN_A, FFQN_WF, js, type ContractRun, type Fixture } from './harness.js';

/** A locked workflow with a join set holding `n` child activity executions; returns the children. */
async function workflowWithChildren(fx: Fixture, joinSetId: JoinSetId, n: number) {
  const wf = await fx.lockedWorkflow();
  const children = Array.from({ length: n }, (_, i) => ExecutionId.derive(wf.id, joinSetId, i + 1));
  const step = await fx.store.appendWorkflowStep({
    executionId: wf.id,
    expectedVersion: wf.version,
    events: [
      { type: 'join-set-create', joinSetId },
      ...children.map((childExecutionId) => ({
        type: 'join-set-request' as const,
        joinSetId,
        request: {
          type: 'child-execution' as const,
          childExecutionId,
          ffqn: FFQN_A,
          params: [1],
          componentDigest: DIGEST,
        },
      })),
    ],
    now: fx.now(),
  });
  return { id: wf.id, version: step.version, children };
}

/** Locks and finishes a child with ok(value). */
async function finishChild(fx: Fixture, child: ExecutionId, value: number): Promise<number> {
  return fx.store.finish(child, await fx.lockedVersion(child), { kind: 'ok', value }, fx.now());
}

export function finishCases(run: ContractRun): void {
  run.case('a finished execution keeps its result and shows it in its state', async (fx) => {
    const id = await fx.create();
    const locked = await fx.lockOne(id);
    fx.clock.advance(7);
    const version = await fx.store.finish(id, locked.version, { kind: 'err', value: { reason: 'no' } }, fx.now());
    expect(version).toBe(2);
    expect(await fx.store.getExecution(id)).toMatchObject({
      state: { type: 'finished', finishedAt: fx.now(), result: { kind: 'err', value: { reason: 'no' } } },
      summaryState: 'finished',
      updatedAt: fx.now(),
    });
    expect((await fx.store.getEvents(id, { fromVersion: 2 }))[0]?.event).toEqual({
      type: 'finished',
      result: { kind: 'err', value: { reason: 'no' } },
    });
  });

  run.case('a failure keeps its kind and detail', async (fx) => {
    const id = await fx.create();
    const locked = await fx.lockOne(id);
    await fx.store.finish(
      id,
      locked.version,
      { kind: 'failure', failureKind: 'timed-out', detail: 'after 3 retries' },
      fx.now(),
    );
    expect((await fx.store.getExecution(id)).state).toMatchObject({
      result: { kind: 'failure', failureKind: 'timed-out', detail: 'after 3 retries' },
    });
  });

  run.case(
    "a child's result reaches the parent's join set in the same transaction, with cursors 0, 1, 2",
    async (fx) => {
      const wf = await workflowWithChildren(fx, js.g(1), 3);
      const [c1, c2, c3] = wf.children as [ExecutionId, ExecutionId, ExecutionId];
      const v1 = await finishChild(fx, c2, 20);
      fx.clock.advance(5);
      await finishChild(fx, c1, 10);
      await finishChild(fx, c3, 30);
      const responses = await fx.store.getResponses(wf.id);
      expect(responses.map((r) => [r.cursor, r.joinSetId, r.response])).toEqual([
        [
          0,
          'g:1',
          { type: 'child-finished', childExecutionId: c2, finishedVersion: v1, result: { kind: 'ok', value: 20 } },
        ],
        [
          1,
          'g:1',
          { type: 'child-finished', childExecutionId: c1, finishedVersion: 2, result: { kind: 'ok', value: 10 } },
        ],
        [
          2,
          'g:1',
          { type: 'child-finished', childExecutionId: c3, finishedVersion: 2, result: { kind: 'ok', value: 30 } },
        ],
      ]);
      expect(responses[1]?.createdAt).toBe(fx.now());
      expect((await fx.store.getResponses(wf.id, { fromCursor: 1, limit: 1 })).map((r) => r.cursor)).toEqual([1]);
    },
  );

  run.case('a parent blocked on the join set becomes pending at the time the child finished', async (fx) => {
    const wf = await workflowWithChildren(fx, js.g(1), 1);
    const step = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [{ type: 'join-next', joinSetId: js.g(1), closing: false }],
      end: { type: 'block', joinSetId: js.g(1), closing: false },
      now: fx.now(),
    });
    expect(step.blocked).toBe(true);
    expect(await fx.store.getExecution(wf.id)).toMatchObject({
      state: { type: 'blocked-by-join-set', joinSetId: 'g:1', closing: false },
      summaryState: 'blocked',
    });
    fx.clock.advance(50);
    await finishChild(fx, wf.children[0] as ExecutionId, 1);
    expect(await fx.store.getExecution(wf.id)).toMatchObject({
      state: { type: 'pending-at', scheduledAt: fx.now() },
      version: step.version,
    });
    const relocked = await fx.lockOne(wf.id, FFQN_WF);
    expect(relocked.history?.responses).toHaveLength(1);
  });

  run.case('a parent blocked on another join set stays blocked when a response arrives', async (fx) => {
    const wf = await workflowWithChildren(fx, js.g(1), 1);
    const child2 = ExecutionId.derive(wf.id, js.g(2), 1);
    await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [
        { type: 'join-set-create', joinSetId: js.g(2) },
        {
          type: 'join-set-request',
          joinSetId: js.g(2),
          request: {
            type: 'child-execution',
            childExecutionId: child2,
            ffqn: FFQN_A,
            params: [2],
            componentDigest: DIGEST,
          },
        },
        { type: 'join-next', joinSetId: js.g(2), closing: true },
      ],
      end: { type: 'block', joinSetId: js.g(2), closing: true },
      now: fx.now(),
    });
    await finishChild(fx, wf.children[0] as ExecutionId, 1);
    expect((await fx.store.getExecution(wf.id)).state).toEqual({
      type: 'blocked-by-join-set',
      joinSetId: 'g:2',
      closing: true,
    });
    expect(await fx.store.getResponses(wf.id)).toHaveLength(1);
    await finishChild(fx, child2, 2);
    expect((await fx.store.getExecution(wf.id)).state.type).toBe('pending-at');
  });

  run.case('a locked parent stays locked when a response arrives', async (fx) => {
    const wf = await workflowWithChildren(fx, js.g(1), 1);
    await finishChild(fx, wf.children[0] as ExecutionId, 1);
    expect(await fx.store.getExecution(wf.id)).toMatchObject({ summaryState: 'locked', version: wf.version });
  });

  run.case('finishing a workflow drops its delays that have not fired', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const step = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [
        { type: 'join-set-create', joinSetId: js.g(1) },
        {
          type: 'join-set-request',
          joinSetId: js.g(1),
          request: { type: 'delay', delayId: `Delay_${wf.id.slice(2)}.g:1_1` as never, expiresAt: fx.now() + 10 },
        },
      ],
      now: fx.now(),
    });
    expect(await fx.store.listDelays(wf.id)).toHaveLength(1);
    await fx.store.finish(wf.id, step.version, { kind: 'ok', value: null }, fx.now());
    expect(await fx.store.listDelays(wf.id)).toEqual([]);
    fx.clock.advance(100);
    expect(await fx.store.findExpiredDelays(fx.now())).toEqual([]);
  });
}
