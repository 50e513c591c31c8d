/** `PUT .../cancel`, `PUT .../stub` and `POST .../replay`. */
import { describe, expect, test } from 'vitest';
import { apiHarness, expectConforms, FFQN, type ApiHarness } from './harness.js';

async function submit(h: ApiHarness, ffqn: string, params: unknown[]): Promise<string> {
  const response = await h.request('POST', '/v1/executions', { body: { ffqn, params } });
  expect(response.status).toBe(201);
  return response.json.execution_id as string;
}

async function waitForState(h: ApiHarness, id: string, state: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await h.engine.getStatus(id)).summaryState !== state) {
    if (Date.now() > deadline) {
      throw new Error(`${id} never became ${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('acting on executions', () => {
  test('cancelling a pending activity finishes it as cancelled at once; cancelling again says it already finished', async () => {
    const h = await apiHarness({ start: false });
    const id = await submit(h, FFQN.addOne, [1]);
    const cancelled = await h.request('PUT', `/v1/executions/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expectConforms('cancelExecution', cancelled);
    expect(cancelled.json).toEqual({ execution_id: id, outcome: 'cancelled' });
    const result = await h.request('GET', `/v1/executions/${id}/result`);
    expect(result.json.finished).toEqual({ kind: 'failure', failure_kind: 'cancelled' });
    const again = await h.request('PUT', `/v1/executions/${id}/cancel`);
    expect(again.json).toEqual({ execution_id: id, outcome: 'already-finished' });
  });

  test('cancelling a running activity stops it and it finishes as cancelled', async () => {
    const h = await apiHarness();
    const id = await submit(h, FFQN.sleep, [60_000]);
    await waitForState(h, id, 'locked');
    const cancelled = await h.request('PUT', `/v1/executions/${id}/cancel`);
    expect(cancelled.json).toEqual({ execution_id: id, outcome: 'requested' });
    const finished = await h.engine.awaitResult(id, { timeoutMs: 20_000 });
    expect(finished).toMatchObject({ kind: 'failure', failureKind: 'cancelled' });
  });

  test("a stub's result is written once: the same result again is a 200, another one a 409", async () => {
    const h = await apiHarness();
    const id = await submit(h, FFQN.approve, [7]);
    const written = await h.request('PUT', `/v1/executions/${id}/stub`, { body: { ok: 'alice' } });
    expect(written.status).toBe(200);
    expectConforms('stubExecution', written);
    expect(written.json).toEqual({ execution_id: id, outcome: 'ok' });
    const result = await h.request('GET', `/v1/executions/${id}/result`);
    expect(result.json.finished).toEqual({ kind: 'ok', value: 'alice' });
    const same = await h.request('PUT', `/v1/executions/${id}/stub`, { body: { ok: 'alice' } });
    expect(same.status).toBe(200);
    const other = await h.request('PUT', `/v1/executions/${id}/stub`, { body: { err: null } });
    expect(other.status).toBe(409);
    expectConforms('stubExecution', other);
    expect(other.json).toEqual({ code: 'conflict', message: `${id} already finished with a different result` });
  });

  test('a stub result of the wrong type, an unknown key or a non-stub execution is a 400', async () => {
    const h = await apiHarness({ start: false });
    const id = await submit(h, FFQN.approve, [7]);
    const wrongType = await h.request('PUT', `/v1/executions/${id}/stub`, { body: { ok: 42 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.code).toBe('invalid-argument');
    expect(wrongType.json.message).toContain('expected string, got 42');
    const unknownKey = await h.request('PUT', `/v1/executions/${id}/stub`, { body: { value: 'x' } });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.json.code).toBe('invalid-request');
    const activity = await submit(h, FFQN.addOne, [1]);
    const notStub = await h.request('PUT', `/v1/executions/${activity}/stub`, { body: { ok: 2 } });
    expect(notStub.status).toBe(400);
    expect(notStub.json.message).toContain('is not a stub activity');
    expect((await h.engine.getStatus(id)).summaryState).toBe('pending');
  });

  test('replaying a finished workflow reports it deterministic; replaying an activity is a 400', async () => {
    const h = await apiHarness();
    const id = await submit(h, FFQN.chain, [2]);
    await h.engine.awaitResult(id, { timeoutMs: 30_000 });
    const versionBefore = (await h.engine.getStatus(id)).version;
    const replayed = await h.request('POST', `/v1/executions/${id}/replay`);
    expect(replayed.status).toBe(200);
    expectConforms('replayExecution', replayed);
    expect(replayed.json).toEqual({ execution_id: id, ok: true });
    expect((await h.engine.getStatus(id)).version).toBe(versionBefore);
    const activity = await submit(h, FFQN.addOne, [1]);
    const notWorkflow = await h.request('POST', `/v1/executions/${activity}/replay`);
    expect(notWorkflow.status).toBe(400);
    expect(notWorkflow.json.code).toBe('invalid-argument');
  });
});
