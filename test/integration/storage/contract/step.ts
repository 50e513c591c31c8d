/** Contract cases: atomic workflow steps (history events with their side effects, then block or finish). */
import { expect } from 'vitest';
import { ExecutionId, type HistoryEventInput } from '../../../../src/engine/concepts/index.js';
import { DIGEST, FFQN_A, FFQN_B, FFQN_WF, expectCode, flush, js, type ContractRun, type Fixture } from './harness.js';

function childRequest(parent: ExecutionId, n: number, joinSetId = js.g(1)): HistoryEventInput {
  return {
    type: 'join-set-request',
    joinSetId,
    request: {
      type: 'child-execution',
      childExecutionId: ExecutionId.derive(parent, joinSetId, n),
      ffqn: FFQN_A,
      params: [n],
      componentDigest: DIGEST,
      queue: 'acts',
    },
  };
}

async function finishChild(fx: Fixture, child: ExecutionId, value: number): Promise<void> {
  await fx.store.finish(child, await fx.lockedVersion(child), { kind: 'ok', value }, fx.now());
}

export function stepCases(run: ContractRun): void {
  run.case('one step creates the join set and its children, records join-next and blocks the workflow', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const events: HistoryEventInput[] = [
      { type: 'persist', what: 'random', value: '123456789012345678' },
      { type: 'join-set-create', joinSetId: js.g(1) },
      childRequest(wf.id, 1),
      childRequest(wf.id, 2),
      { type: 'join-next', joinSetId: js.g(1), closing: false },
    ];
    const step = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events,
      end: { type: 'block', joinSetId: js.g(1), closing: false },
      now: fx.now(),
    });
    expect(step.version).toBe(wf.version + 5);
    expect(step.blocked).toBe(true);
    expect(step.records.map((r) => [r.version, r.event])).toEqual(
      events.map((event, i) => [wf.version + 1 + i, { type: 'history', event }]),
    );
    expect((await fx.store.getEvents(wf.id, { fromVersion: wf.version + 1 })).map((r) => r.event)).toEqual(
      events.map((event) => ({ type: 'history', event })),
    );
    const child = await fx.store.getExecution(ExecutionId.derive(wf.id, js.g(1), 2));
    expect(child).toMatchObject({
      ffqn: FFQN_A,
      params: [2],
      queue: 'acts',
      parent: { executionId: wf.id, joinSetId: 'g:1' },
      topmostParentId: wf.id,
      summaryState: 'pending',
    });
    expect(await fx.store.getExecution(wf.id)).toMatchObject({
      version: step.version,
      state: { type: 'blocked-by-join-set', joinSetId: 'g:1', closing: false },
    });
  });

  run.case('a step that fails part-way writes nothing at all', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const notDerived = ExecutionId.derive(fx.newId(), js.g(1), 1);
    const bad: HistoryEventInput[] = [
      { type: 'join-set-create', joinSetId: js.g(1) },
      childRequest(wf.id, 1),
      {
        type: 'join-set-request',
        joinSetId: js.g(1),
        request: {
          type: 'child-execution',
          childExecutionId: notDerived,
          ffqn: FFQN_A,
          params: [],
          componentDigest: DIGEST,
        },
      },
    ];
    await expectCode(
      fx.store.appendWorkflowStep({ executionId: wf.id, expectedVersion: wf.version, events: bad, now: fx.now() }),
      'invalid-argument',
    );
    await expectCode(
      fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: wf.version,
        events: [childRequest(wf.id, 1, js.g(9))],
        now: fx.now(),
      }),
      'invalid-state',
    );
    expect((await fx.store.getExecution(wf.id)).version).toBe(wf.version);
    expect(await fx.store.getEvents(wf.id, { fromVersion: wf.version + 1 })).toEqual([]);
    await expectCode(fx.store.getExecution(ExecutionId.derive(wf.id, js.g(1), 1)), 'not-found');
    const retry = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: bad.slice(0, 2),
      now: fx.now(),
    });
    expect(retry.version).toBe(wf.version + 2);
  });

  run.case(
    'children a step locks as it creates them are written locked, announced to no one, and returned',
    async (fx) => {
      const wf = await fx.lockedWorkflow();
      const asked: unknown[] = [];
      const runId = fx.runId();
      const lock = {
        executorId: fx.executorId,
        runId,
        lockExpiresAt: fx.now() + 5_000,
        retry: { maxRetries: 2, backoffMs: 50 },
      };
      const wakes = fx.store.waitForPending({ ffqns: [FFQN_A] }, 1_000);
      const first = ExecutionId.derive(wf.id, js.g(1), 1);
      const second = ExecutionId.derive(wf.id, js.g(1), 2);
      const step = await fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: wf.version,
        events: [{ type: 'join-set-create', joinSetId: js.g(1) }, childRequest(wf.id, 1), childRequest(wf.id, 2)],
        now: fx.now(),
        lockChild: (child) => {
          asked.push({
            executionId: child.executionId,
            ffqn: child.ffqn,
            digest: child.componentDigest,
            queue: child.queue,
          });
          return child.executionId === first ? lock : null;
        },
      });
      expect(asked).toEqual([
        { executionId: first, ffqn: FFQN_A, digest: DIGEST, queue: 'acts' },
        { executionId: second, ffqn: FFQN_A, digest: DIGEST, queue: 'acts' },
      ]);
      expect(step.lockedChildren).toEqual([
        {
          executionId: first,
          ffqn: FFQN_A,
          params: [1],
          version: 1,
          componentDigest: DIGEST,
          queue: 'acts',
          parent: { executionId: wf.id, joinSetId: js.g(1) },
          topmostParentId: wf.id,
          intermittentFailures: 0,
          seed: null,
          createdAt: fx.now(),
          executorId: fx.executorId,
          runId,
          lockExpiresAt: lock.lockExpiresAt,
          cancelRequested: false,
        },
      ]);
      expect(await fx.store.getExecution(first)).toMatchObject({
        version: 1,
        state: { type: 'locked', executorId: fx.executorId, runId, lockExpiresAt: lock.lockExpiresAt },
        retry: lock.retry,
      });
      expect((await fx.store.getEvents(first)).map((r) => [r.version, r.event.type])).toEqual([
        [0, 'created'],
        [1, 'locked'],
      ]);
      // The second child is pending (announced); the first is not there to be locked again.
      expect(await wakes).toBe(true);
      expect((await fx.lock({ ffqns: [FFQN_A] })).map((l) => l.executionId)).toEqual([second]);
      // Its lock is an ordinary one: its finish reaches the parent.
      await fx.store.finish(first, 1, { kind: 'ok', value: 7 }, fx.now());
      expect((await fx.store.getResponses(wf.id)).map((r) => r.response)).toMatchObject([
        { type: 'child-finished', childExecutionId: first, result: { kind: 'ok', value: 7 } },
      ]);
    },
  );

  run.case('a child locked at creation alone wakes no executor', async (fx) => {
    const wf = await fx.lockedWorkflow();
    let woke: boolean | null = null;
    const waiting = fx.store.waitForPending({ ffqns: [FFQN_A] }, 1_000).then((v) => (woke = v));
    await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [{ type: 'join-set-create', joinSetId: js.g(1) }, childRequest(wf.id, 1)],
      now: fx.now(),
      lockChild: () => ({ executorId: fx.executorId, runId: fx.runId(), lockExpiresAt: fx.now() + 5_000 }),
    });
    await flush();
    expect(woke).toBeNull();
    fx.clock.advance(1_000);
    await waiting;
    expect(woke).toBe(false);
  });

  run.case('a step needs the current version and the locked state', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const persist: HistoryEventInput = { type: 'persist', what: 'time', value: fx.now() };
    await expectCode(
      fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: wf.version - 1,
        events: [persist],
        now: fx.now(),
      }),
      'version-conflict',
    );
    const v = await fx.store.unlock(
      wf.id,
      wf.version,
      { type: 'unlocked', reason: 'x', backoffUntil: fx.now() },
      fx.now(),
    );
    await expectCode(
      fx.store.appendWorkflowStep({ executionId: wf.id, expectedVersion: v, events: [persist], now: fx.now() }),
      'invalid-state',
    );
  });

  run.case('blocking when an unconsumed response is already there keeps the workflow locked', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const s1 = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [{ type: 'join-set-create', joinSetId: js.g(1) }, childRequest(wf.id, 1), childRequest(wf.id, 2)],
      now: fx.now(),
    });
    await finishChild(fx, ExecutionId.derive(wf.id, js.g(1), 1), 1);
    // The response arrived while the run was hot: its join-next is satisfied, so it does not block.
    const s2 = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: s1.version,
      events: [{ type: 'join-next', joinSetId: js.g(1), closing: false }],
      end: { type: 'block', joinSetId: js.g(1), closing: false },
      now: fx.now(),
    });
    expect(s2.blocked).toBe(false);
    expect((await fx.store.getExecution(wf.id)).summaryState).toBe('locked');
    // The second join-next has no response yet: now it blocks.
    const s3 = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: s2.version,
      events: [{ type: 'join-next', joinSetId: js.g(1), closing: false }],
      end: { type: 'block', joinSetId: js.g(1), closing: false },
      now: fx.now(),
    });
    expect(s3.blocked).toBe(true);
    expect((await fx.store.getExecution(wf.id)).summaryState).toBe('blocked');
  });

  run.case(
    'a hot workflow can block later, in a step with no events, unless its response came meanwhile',
    async (fx) => {
      const wf = await fx.lockedWorkflow();
      const s1 = await fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: wf.version,
        events: [
          { type: 'join-set-create', joinSetId: js.g(1) },
          childRequest(wf.id, 1),
          childRequest(wf.id, 2),
          { type: 'join-next', joinSetId: js.g(1), closing: false },
        ],
        now: fx.now(),
      });
      await finishChild(fx, ExecutionId.derive(wf.id, js.g(1), 1), 1);
      const late = await fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: s1.version,
        events: [],
        end: { type: 'block', joinSetId: js.g(1), closing: false },
        now: fx.now(),
      });
      expect(late).toEqual({ version: s1.version, blocked: false, records: [], lockedChildren: [] });
      const s2 = await fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: s1.version,
        events: [{ type: 'join-next', joinSetId: js.g(1), closing: false }],
        now: fx.now(),
      });
      const blocked = await fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: s2.version,
        events: [],
        end: { type: 'block', joinSetId: js.g(1), closing: false },
        now: fx.now(),
      });
      expect(blocked.blocked).toBe(true);
    },
  );

  run.case('blocking without an outstanding join-next, or awaiting more than was requested, is refused', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const s1 = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [{ type: 'join-set-create', joinSetId: js.g(1) }, childRequest(wf.id, 1)],
      now: fx.now(),
    });
    await expectCode(
      fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: s1.version,
        events: [],
        end: { type: 'block', joinSetId: js.g(1), closing: false },
        now: fx.now(),
      }),
      'invalid-state',
    );
    await expectCode(
      fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: s1.version,
        events: [],
        end: { type: 'block', joinSetId: js.g(5), closing: false },
        now: fx.now(),
      }),
      'invalid-state',
    );
    const twice: HistoryEventInput[] = [
      { type: 'join-next', joinSetId: js.g(1), closing: false },
      { type: 'join-next', joinSetId: js.g(1), closing: false },
    ];
    await expectCode(
      fx.store.appendWorkflowStep({ executionId: wf.id, expectedVersion: s1.version, events: twice, now: fx.now() }),
      'invalid-state',
    );
    await expectCode(
      fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: s1.version,
        events: [{ type: 'join-set-create', joinSetId: js.g(1) }],
        now: fx.now(),
      }),
      'conflict',
    );
  });

  run.case('join-next-try found consumes a response; pending and all-processed are only recorded', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const s1 = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [{ type: 'join-set-create', joinSetId: js.g(1) }, childRequest(wf.id, 1)],
      now: fx.now(),
    });
    await expectCode(
      fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: s1.version,
        events: [{ type: 'join-next-try', joinSetId: js.g(1), outcome: 'found' }],
        now: fx.now(),
      }),
      'invalid-state',
    );
    const s2 = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: s1.version,
      events: [{ type: 'join-next-try', joinSetId: js.g(1), outcome: 'pending' }],
      now: fx.now(),
    });
    await finishChild(fx, ExecutionId.derive(wf.id, js.g(1), 1), 1);
    const s3 = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: s2.version,
      events: [{ type: 'join-next-try', joinSetId: js.g(1), outcome: 'found' }],
      now: fx.now(),
    });
    await expectCode(
      fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: s3.version,
        events: [{ type: 'join-next', joinSetId: js.g(1), closing: false }],
        now: fx.now(),
      }),
      'invalid-state',
    );
    const s4 = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: s3.version,
      events: [{ type: 'join-next-try', joinSetId: js.g(1), outcome: 'all-processed' }],
      now: fx.now(),
    });
    expect(s4.version).toBe(s3.version + 1);
  });

  run.case('a schedule event creates a new top-level execution at its time', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const scheduled = fx.newId();
    const event: HistoryEventInput = {
      type: 'schedule',
      executionId: scheduled,
      ffqn: FFQN_B,
      params: ['x'],
      scheduledAt: fx.now() + 60_000,
      componentDigest: DIGEST,
    };
    await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [event],
      now: fx.now(),
    });
    expect(await fx.store.getExecution(scheduled)).toMatchObject({
      ffqn: FFQN_B,
      parent: null,
      topmostParentId: scheduled,
      firstScheduledAt: fx.now() + 60_000,
      queue: 'default',
    });
    const derived = ExecutionId.derive(wf.id, js.g(1), 1);
    await expectCode(
      fx.store.appendWorkflowStep({
        executionId: wf.id,
        expectedVersion: wf.version + 1,
        events: [{ ...event, executionId: derived }],
        now: fx.now(),
      }),
      'invalid-argument',
    );
  });

  run.case('a stub event finishes the stub child and records the outcome', async (fx) => {
    const wf = await fx.lockedWorkflow();
    const stubChild = ExecutionId.derive(wf.id, js.g(1), 1);
    const s1 = await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [
        { type: 'join-set-create', joinSetId: js.g(1) },
        {
          type: 'join-set-request',
          joinSetId: js.g(1),
          request: {
            type: 'child-execution',
            childExecutionId: stubChild,
            ffqn: FFQN_B,
            params: [],
            componentDigest: DIGEST,
          },
        },
        { type: 'stub', targetExecutionId: stubChild, result: { kind: 'ok', value: 'approved' } },
        { type: 'stub', targetExecutionId: stubChild, result: { kind: 'ok', value: 'approved' } },
        { type: 'stub', targetExecutionId: stubChild, result: { kind: 'ok', value: 'rejected' } },
        { type: 'stub', targetExecutionId: fx.newId(), result: { kind: 'ok', value: null } },
        { type: 'join-next', joinSetId: js.g(1), closing: false },
      ],
      end: { type: 'block', joinSetId: js.g(1), closing: false },
      now: fx.now(),
    });
    const outcomes = s1.records.flatMap((r) =>
      r.event.type === 'history' && r.event.event.type === 'stub' ? [r.event.event.outcome] : [],
    );
    expect(outcomes).toEqual(['ok', 'ok', 'conflict', 'not-found']);
    const stored = await fx.store.getEvents(wf.id, { fromVersion: wf.version + 3, limit: 1 });
    expect(stored[0]?.event).toMatchObject({ type: 'history', event: { type: 'stub', outcome: 'ok' } });
    expect(s1.blocked).toBe(false);
    expect((await fx.store.getExecution(stubChild)).state).toMatchObject({
      type: 'finished',
      result: { kind: 'ok', value: 'approved' },
    });
    expect((await fx.store.getResponses(wf.id)).map((r) => r.response.type)).toEqual(['child-finished']);
  });

  run.case('a step can end by finishing the workflow, which reaches its own parent', async (fx) => {
    const parent = await fx.lockedWorkflow();
    const sub = ExecutionId.derive(parent.id, js.g(1), 1);
    await fx.store.appendWorkflowStep({
      executionId: parent.id,
      expectedVersion: parent.version,
      events: [
        { type: 'join-set-create', joinSetId: js.g(1) },
        {
          type: 'join-set-request',
          joinSetId: js.g(1),
          request: {
            type: 'child-execution',
            childExecutionId: sub,
            ffqn: FFQN_WF,
            params: [],
            componentDigest: DIGEST,
            seed: '9',
          },
        },
      ],
      now: fx.now(),
    });
    const subVersion = await fx.lockedVersion(sub, FFQN_WF);
    expect((await fx.store.getExecution(sub)).seed).toBe('9');
    const done = await fx.store.appendWorkflowStep({
      executionId: sub,
      expectedVersion: subVersion,
      events: [{ type: 'persist', what: 'execution-id', value: 'E_x' }],
      end: { type: 'finish', result: { kind: 'ok', value: 42 } },
      now: fx.now(),
    });
    expect(done.records.map((r) => r.event.type)).toEqual(['history', 'finished']);
    expect((await fx.store.getResponses(parent.id))[0]?.response).toEqual({
      type: 'child-finished',
      childExecutionId: sub,
      finishedVersion: done.version,
      result: { kind: 'ok', value: 42 },
    });
  });
}
