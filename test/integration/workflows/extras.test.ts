/**
 * The rest of the workflow host, run through the engine in every mode: typed and JSON
 * scheduling of new top-level executions, wasi:logging records kept once, deterministic random
 * values and IDs, child workflows awaited when their join set closes, and cancellation of a
 * workflow blocked on a delay.
 */
import { describe, expect, test } from 'vitest';
import { SimClock } from '../../../src/engine/index.js';
import { watWorkflowFfqn, type WatWorkflowName } from '../../fixtures/wat/workflows.js';
import { MODES, eventually, workflowEngine, type WorkflowHarness } from './harness.js';

const TOP_LEVEL_ID = /^E_[0-9A-HJKMNP-TV-Z]{26}$/;
const ADD_ONE = 'testing:activities/ok@1.0.0.add-one';

/** Runs a fixture that returns `ok(string)` and gives that string. */
async function runForString(
  h: WorkflowHarness,
  name: WatWorkflowName,
  params: unknown[] = [],
): Promise<{ executionId: string; value: string }> {
  const { executionId, result } = await h.run(watWorkflowFfqn(name), params);
  expect(result?.kind).toBe('ok');
  const value = result?.kind === 'ok' ? result.value : null;
  if (typeof value !== 'string') {
    throw new Error(`${name} returned ${JSON.stringify(result)}`);
  }
  return { executionId, value };
}

describe.each(MODES)('workflow host extras ($name)', (mode) => {
  test('a typed -schedule call creates a top-level execution due at the workflow time plus the delay', async () => {
    const clock = new SimClock();
    const h = await workflowEngine({ mode, workflows: ['schedule'], clock });
    h.engine.start();
    const { executionId, value: scheduledId } = await runForString(h, 'schedule', [60_000]);
    expect(scheduledId).toMatch(TOP_LEVEL_ID);
    const workflow = await h.engine.getStatus(executionId);
    const scheduled = await h.engine.getStatus(scheduledId);
    expect({
      ffqn: scheduled.ffqn,
      params: scheduled.params,
      parent: scheduled.parent,
      topmostParentId: scheduled.topmostParentId,
    }).toEqual({
      ffqn: ADD_ONE,
      params: [41],
      parent: null,
      topmostParentId: scheduledId,
    });
    expect(scheduled.firstScheduledAt).toBe(workflow.createdAt + 60_000);
    await (
      await h.engine.tick()
    ).done; // every executor has looked for due work at the current time
    expect((await h.engine.getStatus(scheduledId)).state.type).toBe('pending-at');
    const topLevel = await h.engine.listExecutions({ ffqnPrefix: ADD_ONE });
    expect(topLevel.executions.map((e) => e.executionId)).toEqual([scheduledId]);
    clock.advance(60_000);
    expect(await h.engine.awaitResult(scheduledId, { timeoutMs: 30_000 })).toEqual({ kind: 'ok', value: 42 });
  });

  test('the JSON schedule creates an execution that runs, and rejects params of the wrong type', async () => {
    const h = await workflowEngine({ mode, workflows: ['scheduleJson'] });
    h.engine.start();
    const { value: scheduledId } = await runForString(h, 'scheduleJson');
    expect(scheduledId).toMatch(TOP_LEVEL_ID);
    const scheduled = await h.engine.getStatus(scheduledId);
    expect({ ffqn: scheduled.ffqn, params: scheduled.params, parent: scheduled.parent }).toEqual({
      ffqn: ADD_ONE,
      params: [5],
      parent: null,
    });
    expect(await h.engine.awaitResult(scheduledId, { timeoutMs: 30_000 })).toEqual({ kind: 'ok', value: 6 });
    const { value: error } = await runForString(h, 'scheduleJsonBad');
    expect(error).toMatch(/^invalid-params: /);
    expect(error).toContain('params[0]');
  });

  test('wasi:logging records are kept once each, also when the workflow is replayed', async () => {
    const h = await workflowEngine({ mode, workflows: ['logging'] });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('logging'), []);
    expect(result).toEqual({ kind: 'ok', value: 1 });
    const logs = await h.engine.getLogs({ executionId: executionId as never });
    expect(
      logs.map((line) =>
        line.type === 'log'
          ? { type: line.type, level: line.level, context: line.context, message: line.message }
          : line,
      ),
    ).toEqual([
      { type: 'log', level: 'info', context: 'ctx', message: 'hello' },
      { type: 'log', level: 'warn', context: 'ctx', message: 'after' },
    ]);
  });

  test('random values and generated IDs are in range, replay identically, and differ between executions', async () => {
    const h = await workflowEngine({ mode, workflows: ['random'] });
    h.engine.start();
    const first = await runForString(h, 'random');
    const second = await runForString(h, 'random');
    const parts = [first.value.split('|'), second.value.split('|')];
    for (const [u64, text, id] of parts) {
      expect(Number(u64)).toBeGreaterThanOrEqual(10);
      expect(Number(u64)).toBeLessThan(20);
      expect(text).toMatch(/^[0-9A-Za-z]{5}$/);
      expect(id).toMatch(TOP_LEVEL_ID);
    }
    expect(parts[0]?.[1]).not.toBe(parts[1]?.[1]);
    expect(parts[0]?.[2]).not.toBe(parts[1]?.[2]);
    expect(await h.engine.replay(first.executionId)).toEqual({ ok: true });
    expect(await h.engine.replay(second.executionId)).toEqual({ ok: true });
  });

  test('a child workflow left in an open join set is awaited before the parent finishes', async () => {
    const h = await workflowEngine({ mode, workflows: ['openChild', 'chain'] });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('openChild'), []);
    expect(result).toEqual({ kind: 'ok', value: 1 });
    const [parent, child] = await Promise.all([
      h.engine.getStatus(executionId),
      h.engine.getStatus(`${executionId}.g:1_1`),
    ]);
    expect(child.ffqn).toBe(watWorkflowFfqn('chain'));
    expect(child.params).toEqual([2]);
    expect(child.state).toEqual({
      type: 'finished',
      finishedAt: expect.any(Number) as number,
      result: { kind: 'ok', value: 2 },
    });
    expect(
      parent.state.type === 'finished' &&
        child.state.type === 'finished' &&
        child.state.finishedAt <= parent.state.finishedAt,
    ).toBe(true);
    const closing = (await h.engine.getEvents(executionId)).filter(
      (r) => r.event.type === 'history' && r.event.event.type === 'join-next' && r.event.event.closing,
    );
    expect(closing).toHaveLength(1);
  });

  test('cancelling a workflow blocked on a delay finishes it as cancelled and cancels the delay', async () => {
    const h = await workflowEngine({ mode, workflows: ['cancelMe'] });
    h.engine.start();
    const { executionId } = await h.engine.submit(watWorkflowFfqn('cancelMe'), []);
    await eventually(
      () => h.store.listDelays(executionId as never),
      (delays) => delays.length === 1,
    );
    expect(['requested', 'cancelled']).toContain(await h.engine.cancel(executionId));
    expect(await h.engine.awaitResult(executionId, { timeoutMs: 30_000 })).toEqual({
      kind: 'failure',
      failureKind: 'cancelled',
    });
    expect(await h.store.listDelays(executionId as never)).toEqual([]);
    const responses = (await h.engine.getResponses(executionId)).map((r) =>
      r.response.type === 'delay-finished' ? `delay ${r.response.outcome}` : `child ${r.response.childExecutionId}`,
    );
    expect(responses).toEqual(['delay cancelled']);
  });
});
