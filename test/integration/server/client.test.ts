/** The typed API client against a real server: every method, errors, an unreachable server, SSE framing. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import {
  ApiError,
  ApiUnreachableError,
  createApiClient,
  parseSse,
  type SseMessage,
} from '../../../src/client/index.js';
import { apiHarness, FFQN } from './harness.js';

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  for (const part of parts) {
    yield await Promise.resolve(part);
  }
}

async function collect(source: AsyncIterable<SseMessage>): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const message of source) {
    out.push(message);
  }
  return out;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the API client', () => {
  test('every method talks to its route and returns the API shapes', async () => {
    const h = await apiHarness({ token: 'tok' });
    const client = createApiClient({ baseUrl: `${h.url}/`, token: 'tok' });
    expect(await client.health()).toEqual({ status: 'ok', version: '0.0.0-test' });
    expect((await client.openapi())['openapi']).toBe('3.1.0');
    const functions = await client.listFunctions();
    expect(functions.map((f) => f.ffqn)).toContain(FFQN.addOne);
    const components = await client.listComponents({ extensions: true });
    expect(components.find((c) => c.name === 'ok')?.extensions?.length).toBe(5);
    expect(await client.getComponentWit(functions.find((f) => f.ffqn === FFQN.addOne)?.component_id ?? '')).toContain(
      'interface ok',
    );
    const chosen = await client.generateExecutionId();
    const put = await client.putExecution(chosen, { ffqn: FFQN.chain, params: [2] });
    expect(put).toEqual({ execution_id: chosen, ffqn: FFQN.chain, created: true });
    expect((await client.followResult(chosen)).finished).toEqual({ kind: 'ok', value: 2 });
    expect((await client.getResult(chosen)).finished).toEqual({ kind: 'ok', value: 2 });
    expect((await client.getExecution(chosen)).state).toBe('finished');
    expect(
      (await client.listExecutions({ ffqnPrefix: 'testing:workflows/', limit: 5 })).executions.map(
        (e) => e.execution_id,
      ),
    ).toEqual([chosen]);
    const derived = (await client.listExecutions({ showDerived: true })).executions.filter(
      (e) => e.parent_id === chosen,
    );
    expect(derived).toHaveLength(2);
    const child = derived[0]?.execution_id ?? '';
    expect(child).toContain(':');
    expect((await client.getExecution(child)).parent_id).toBe(chosen);
    expect((await fetch(`${h.url}/v1/executions/${child}`, { headers: { authorization: 'Bearer tok' } })).status).toBe(
      200,
    );
    expect((await client.getEvents(chosen, { from: 0, limit: 1 }))[0]?.event.type).toBe('created');
    expect((await client.getResponses(chosen)).map((r) => r.cursor)).toEqual([0, 1]);
    expect(await client.replay(chosen)).toEqual({ execution_id: chosen, ok: true });
    const stdio = await client.submit({ ffqn: FFQN.stdio, params: ['out', 'err'] });
    await client.followResult(stdio.execution_id);
    expect(
      (await client.getLogs(stdio.execution_id, { streams: ['stdout'] })).logs.map((l) => l.message.trim()),
    ).toEqual(['out']);
    expect((await client.getLogs(stdio.execution_id, { streams: [] })).logs).toEqual([]);
    const stub = await client.submit({ ffqn: FFQN.approve, params: [1] });
    expect(await client.stub(stub.execution_id, { ok: 'me' })).toEqual({
      execution_id: stub.execution_id,
      outcome: 'ok',
    });
    const pending = await client.submit({ ffqn: FFQN.sleep, params: [60_000] });
    expect((await client.cancel(pending.execution_id)).outcome).toMatch(/^(cancelled|requested)$/);
  });

  test('an error answer becomes an ApiError with its status, code, message and hint', async () => {
    const h = await apiHarness({ start: false });
    const client = createApiClient({ baseUrl: h.url });
    const error = await client.submit({ ffqn: '.../ok.add-one', params: [1] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'ambiguous-ffqn',
      hint: 'pass the full FFQN (namespace:package/interface.function)',
    });
    const unauthorized = await createApiClient({ baseUrl: (await apiHarness({ token: 't', start: false })).url })
      .listFunctions()
      .catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  test('a server that is not there gives the "cannot reach" error naming the URL', async () => {
    const baseUrl = `http://127.0.0.1:${await freePort()}`;
    const error = await createApiClient({ baseUrl })
      .listFunctions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiUnreachableError);
    expect((error as Error).message).toBe(
      `cannot reach the server at ${baseUrl}: is \`obelisk dev\` or \`obelisk server run\` running? (set --api-url or OBELISK_API_URL)`,
    );
    expect((error as ApiUnreachableError).code).toBe('unreachable');
  });

  test('an error answer that is not JSON keeps its status', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const error = await createApiClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
        .health()
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        status: 502,
        code: 'http-502',
        message: 'the server answered 502 Bad Gateway: bad gateway',
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('the SSE parser joins events split across chunks, CRLF line ends and multi-line data, and skips comments', async () => {
    const messages = await collect(
      parseSse(
        chunks(
          'event: sta',
          'tus\r',
          '\ndata: {"a"',
          ':1}\r\n\r\n: keepalive\n\n',
          'data: one\ndata: two\nid: 7\n\n',
          'event: x\n',
        ),
      ),
    );
    expect(messages).toEqual([
      { event: 'status', data: '{"a":1}', id: undefined },
      { event: 'message', data: 'one\ntwo', id: '7' },
    ]);
  });
});
