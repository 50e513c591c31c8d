import { describe, expect, test } from 'vitest';
import { watWorkflowFfqn } from '../../fixtures/wat/workflows.js';
import { MODES, eventually, historyTypes, workflowEngine } from './harness.js';

describe.each(MODES)('workflows ($name)', (mode) => {
  test('a chain of sequential blocking calls returns the last result', async () => {
    const h = await workflowEngine({ mode, workflows: ['chain'] });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('chain'), [5]);
    expect(result).toEqual({ kind: 'ok', value: 5 });
    const children = await h.engine.listExecutions({ showDerived: true, executionIdPrefix: `${executionId}.` });
    expect(children.executions.map((c) => c.executionId).sort()).toEqual(
      [1, 2, 3, 4, 5].map((n) => `${executionId}.o:${n}_1`),
    );
    for (const child of children.executions) {
      expect((await h.engine.getStatus(child.executionId)).topmostParentId).toBe(executionId);
    }
  });

  test('a fanout awaits every child of one join set', async () => {
    const h = await workflowEngine({ mode, workflows: ['fanout'] });
    h.engine.start();
    const { result } = await h.run(watWorkflowFfqn('fanout'), [10]);
    expect(result).toEqual({ kind: 'ok', value: 55 });
  });

  test('child workflows are submitted and awaited through the generated extensions', async () => {
    const h = await workflowEngine({ mode, workflows: ['fanoutChildren', 'chain'] });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('fanoutChildren'), [3]);
    expect(result).toEqual({ kind: 'ok', value: 3 });
    const grandchild = `${executionId}.g:1_1.o:1_1`;
    expect((await h.engine.getStatus(grandchild)).topmostParentId).toBe(executionId);
  });

  test('a named join set is created once; creating the name again is a conflict', async () => {
    const h = await workflowEngine({ mode, workflows: ['named'] });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('named'), []);
    expect(result).toEqual({ kind: 'ok', value: 32 });
    const ids = (await h.engine.getEvents(executionId)).flatMap((r) =>
      r.event.type === 'history' && r.event.event.type === 'join-set-create' ? [r.event.event.joinSetId] : [],
    );
    expect(ids).toEqual(['n:batch/1']);
  });

  test('join-next-try reports pending while the child runs, and its answer is replayed', async () => {
    const h = await workflowEngine({ mode, workflows: ['joinNextTry'] });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('joinNextTry'), []);
    expect(result).toEqual({ kind: 'ok', value: 5 });
    const tries = (await h.engine.getEvents(executionId)).flatMap((r) =>
      r.event.type === 'history' && r.event.event.type === 'join-next-try' ? [r.event.event.outcome] : [],
    );
    expect(tries).toEqual(['pending']);
    expect(await h.engine.replay(executionId)).toEqual({ ok: true });
  });

  test('returning with an open join set cancels its delay and its unawaited activity', async () => {
    const h = await workflowEngine({ mode, workflows: ['close'], activities: ['ok', 'spin'] });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('close'), []);
    expect(result).toEqual({ kind: 'ok', value: 2 });
    const delays = await h.store.listDelays(executionId as never);
    expect(delays).toEqual([]);
    const responses = (await h.engine.getResponses(executionId)).map((r) =>
      r.response.type === 'delay-finished' ? `delay ${r.response.outcome}` : `child ${r.response.result.kind}`,
    );
    expect(responses).toContain('delay cancelled');
    expect(await historyTypes(h.engine, executionId)).toContain('join-next');
  });

  test('join-set-close cancels what was not awaited, before the workflow returns', async () => {
    const h = await workflowEngine({ mode, workflows: ['closeExplicitly'] });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('closeExplicitly'), []);
    expect(result).toEqual({ kind: 'ok', value: 2 });
    const closing = (await h.engine.getEvents(executionId)).filter(
      (r) => r.event.type === 'history' && r.event.event.type === 'join-next' && r.event.event.closing,
    );
    expect(closing).toHaveLength(2);
  });

  test('a stub activity blocks its caller until its result is written from outside', async () => {
    const h = await workflowEngine({ mode, workflows: ['stubWait'], stubs: true });
    h.engine.start();
    const { executionId } = await h.engine.submit(watWorkflowFfqn('stubWait'), [7]);
    const stubId = `${executionId}.o:1_1`;
    await eventually(
      () => h.engine.getStatus(executionId),
      (s) => s.state.type !== 'pending-at' && s.version > 3,
    );
    await expect(h.engine.stub(stubId, { ok: 'anna' })).resolves.toBe('ok');
    await expect(h.engine.stub(stubId, { ok: 'anna' })).resolves.toBe('ok');
    await expect(h.engine.stub(stubId, { ok: 'bob' })).resolves.toBe('conflict');
    expect(await h.engine.awaitResult(executionId, { timeoutMs: 30_000 })).toEqual({ kind: 'ok', value: 'anna' });
  });

  test('a workflow writes a stub result itself with the -stub extension', async () => {
    const h = await workflowEngine({ mode, workflows: ['stubSelf'], stubs: true });
    h.engine.start();
    const { result } = await h.run(watWorkflowFfqn('stubSelf'), [1]);
    expect(result).toEqual({ kind: 'ok', value: 'approved by workflow' });
  });
});
