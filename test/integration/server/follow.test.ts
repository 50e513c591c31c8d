/** `GET /v1/executions/{id}/result?follow=true`: Server-Sent Events until the execution finishes. */
import { describe, expect, test } from 'vitest';
import { createApiClient, parseSse, type ExecutionStatus, type SseMessage } from '../../../src/client/index.js';
import { textChunks } from '../../../src/client/sse.js';
import { ResultBody, ExecutionStatus as StatusSchema } from '../../../src/wire/executions.js';
import { NotFound, type Engine } from '../../../src/engine/index.js';
import { startApiServer } from '../../../src/server/index.js';
import { apiHarness, FFQN, type ApiHarness } from './harness.js';

async function submit(h: ApiHarness, ffqn: string, params: unknown[]): Promise<string> {
  const response = await h.request('POST', '/v1/executions', { body: { ffqn, params } });
  return response.json.execution_id as string;
}

async function readAll(response: Response): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  for await (const message of parseSse(textChunks(response.body as ReadableStream<Uint8Array>))) {
    messages.push(message);
  }
  return messages;
}

describe('following a result', () => {
  test('the stream sends status events on state changes and ends with the finished event', async () => {
    const h = await apiHarness({ start: false });
    const id = await submit(h, FFQN.chain, [3]);
    const response = await fetch(`${h.url}/v1/executions/${id}/result?follow=true`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    h.engine.start();
    const messages = await readAll(response);
    const names = messages.map((m) => m.event);
    expect(names[0]).toBe('status');
    expect(names[names.length - 1]).toBe('finished');
    expect(names.slice(0, -1).every((n) => n === 'status')).toBe(true);
    const states = messages.slice(0, -1).map((m) => StatusSchema.parse(JSON.parse(m.data)).state);
    expect(states[0]).toBe('pending');
    expect(states[states.length - 1]).toBe('finished');
    expect(new Set(states).size).toBe(states.length); // one event per state change
    expect(ResultBody.parse(JSON.parse(messages[messages.length - 1]?.data ?? ''))).toEqual({
      execution_id: id,
      state: 'finished',
      finished: { kind: 'ok', value: 3 },
    });
  });

  test('following a finished execution sends its status and result at once', async () => {
    const h = await apiHarness();
    const id = await submit(h, FFQN.fail, ['bad']);
    await h.engine.awaitResult(id, { timeoutMs: 20_000 });
    const messages = await readAll(await fetch(`${h.url}/v1/executions/${id}/result?follow=true`));
    expect(messages.map((m) => m.event)).toEqual(['status', 'finished']);
    expect(JSON.parse(messages[1]?.data ?? '')).toEqual({
      execution_id: id,
      state: 'finished',
      finished: { kind: 'err', value: 'bad' },
    });
  });

  test('closing the server ends an open stream and the server still closes', async () => {
    const h = await apiHarness({ start: false });
    const id = await submit(h, FFQN.addOne, [1]);
    const response = await fetch(`${h.url}/v1/executions/${id}/result?follow=true`);
    const reading = readAll(response);
    await h.api.close();
    const messages = await reading;
    expect(messages.map((m) => m.event)).toEqual(['status']);
  });

  test('a client that goes away stops its stream and the server keeps serving', async () => {
    const h = await apiHarness({ start: false });
    const id = await submit(h, FFQN.addOne, [1]);
    const controller = new AbortController();
    const response = await fetch(`${h.url}/v1/executions/${id}/result?follow=true`, { signal: controller.signal });
    expect(response.status).toBe(200);
    controller.abort();
    await expect(readAll(response)).rejects.toThrow();
    expect((await h.request('GET', '/healthz')).status).toBe(200);
  });

  test('the client follows a result, reporting each status, and returns the finished result', async () => {
    const h = await apiHarness({ start: false });
    const client = createApiClient({ baseUrl: h.url });
    const id = await submit(h, FFQN.chain, [2]);
    const statuses: ExecutionStatus[] = [];
    let firstStatus: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (firstStatus = resolve));
    const following = client.followResult(id, {
      onStatus: (s) => {
        statuses.push(s);
        firstStatus();
      },
    });
    await started;
    h.engine.start();
    const result = await following;
    expect(result).toEqual({ execution_id: id, state: 'finished', finished: { kind: 'ok', value: 2 } });
    expect(statuses[0]?.state).toBe('pending');
    expect(statuses[statuses.length - 1]?.state).toBe('finished');
  });

  test('the stream ends with an error event when the execution cannot be read any more', async () => {
    const h = await apiHarness({ start: false });
    const id = await submit(h, FFQN.addOne, [1]);
    let reads = 0;
    // A real engine whose reads fail after the stream has started (as when the store goes away).
    const failing: Engine = {
      ...h.engine,
      awaitStatus: (executionId) => {
        reads++;
        return Promise.reject(new NotFound('execution', executionId));
      },
    };
    const api = await startApiServer({ engine: failing, host: '127.0.0.1', port: 0, version: 'x' });
    try {
      const messages = await readAll(await fetch(`${api.url}/v1/executions/${id}/result?follow=true`));
      expect(messages.map((m) => m.event)).toEqual(['status', 'error']);
      expect(JSON.parse(messages[1]?.data ?? '')).toEqual({ code: 'not-found', message: `execution not found: ${id}` });
      expect(reads).toBe(1);
    } finally {
      await api.close();
    }
  });
});
