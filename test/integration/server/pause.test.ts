/** `PUT .../pause`, `PUT .../unpause` and scheduled or paused submits. */
import { describe, expect, test } from 'vitest';
import { apiHarness, expectConforms, FFQN } from './harness.js';

describe('pausing and scheduling over the API', () => {
  test('an execution submitted paused waits until unpaused, then runs', async () => {
    const h = await apiHarness();
    const submitted = await h.request('POST', '/v1/executions', {
      body: { ffqn: FFQN.addOne, params: [1], paused: true },
    });
    expect(submitted.status).toBe(201);
    const id = submitted.json.execution_id as string;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const status = await h.request('GET', `/v1/executions/${id}`);
    expect(status.json).toMatchObject({ state: 'paused', paused: true, finished: null });
    const unpaused = await h.request('PUT', `/v1/executions/${id}/unpause`);
    expect(unpaused.status).toBe(200);
    expectConforms('unpauseExecution', unpaused);
    expect(unpaused.json).toMatchObject({ execution_id: id, paused: false });
    expect(['pending', 'locked', 'finished']).toContain(unpaused.json.state); // the executor may take it at once
    expect(await h.engine.awaitResult(id, { timeoutMs: 20_000 })).toMatchObject({ kind: 'ok', value: 2 });
  });

  test('pausing a running activity stops it; a finished one answers 409; an unknown one 404', async () => {
    const h = await apiHarness();
    const created = await h.request('POST', '/v1/executions', { body: { ffqn: FFQN.sleep, params: [60_000] } });
    const id = created.json.execution_id as string;
    const deadline = Date.now() + 20_000;
    while ((await h.engine.getStatus(id)).summaryState !== 'locked' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const paused = await h.request('PUT', `/v1/executions/${id}/pause`);
    expect(paused.status).toBe(200);
    expectConforms('pauseExecution', paused);
    expect(paused.json).toEqual({ execution_id: id, paused: true, state: 'paused' });
    const again = await h.request('PUT', `/v1/executions/${id}/pause`);
    expect(again.json).toEqual({ execution_id: id, paused: true, state: 'paused' });
    const events = await h.request('GET', `/v1/executions/${id}/events`);
    const recorded = events.json.events as { event: { type: string } }[];
    expect(recorded.map((e) => e.event.type)).toEqual(['created', 'locked', 'unlocked', 'paused']);
    await h.request('PUT', `/v1/executions/${id}/cancel`);
    const finishedPause = await h.request('PUT', `/v1/executions/${id}/pause`);
    expect(finishedPause.status).toBe(409);
    expectConforms('pauseExecution', finishedPause);
    expect(finishedPause.json.code).toBe('invalid-state');
    const unknown = await h.request('PUT', '/v1/executions/E_01ARZ3NDEKTSV4RRFFQ69G5FAV/pause');
    expect(unknown.status).toBe(404);
  });

  test('scheduled_at and delay set when it may start; both at once, or a bad delay, are 400', async () => {
    const h = await apiHarness({ start: false });
    const at = '2030-01-31T12:00:00.000Z';
    const scheduled = await h.request('POST', '/v1/executions', {
      body: { ffqn: FFQN.addOne, params: [1], scheduled_at: '2030-01-31T13:00:00+01:00' },
    });
    expect(scheduled.status).toBe(201);
    const status = await h.request('GET', `/v1/executions/${scheduled.json.execution_id}`);
    expect(status.json.pending_state).toEqual({ type: 'pending-at', scheduled_at: at });
    const before = Date.now();
    const delayed = await h.request('PUT', '/v1/executions/E_01ARZ3NDEKTSV4RRFFQ69G5FAV', {
      body: { ffqn: FFQN.addOne, params: [1], delay: '1h30m' },
    });
    expect(delayed.status).toBe(201);
    const record = await h.engine.getStatus('E_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    const scheduledAt = record.state.type === 'pending-at' ? record.state.scheduledAt : 0;
    expect(scheduledAt - before).toBeGreaterThanOrEqual(90 * 60_000);
    expect(scheduledAt - Date.now()).toBeLessThanOrEqual(90 * 60_000);
    const both = await h.request('POST', '/v1/executions', {
      body: { ffqn: FFQN.addOne, params: [1], scheduled_at: at, delay: '1m' },
    });
    expect(both.status).toBe(400);
    expectConforms('submitExecution', both);
    expect(both.json.message).toMatch(/not both/);
    const bad = await h.request('POST', '/v1/executions', { body: { ffqn: FFQN.addOne, params: [1], delay: '10x' } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/body\.delay: expected a duration/);
    const badTime = await h.request('POST', '/v1/executions', {
      body: { ffqn: FFQN.addOne, params: [1], scheduled_at: 'tomorrow' },
    });
    expect(badTime.status).toBe(400);
  });
});
