/**
 * The API client's timeouts against real local TCP servers: one that accepts and never answers,
 * one that sends headers and then stalls, and an event stream kept alive by comments.
 */
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { ApiTimeoutError, createApiClient } from '../../../src/client/index.js';

const servers: { close(): void }[] = [];
const sockets: Socket[] = [];

afterEach(() => {
  sockets.splice(0).forEach((socket) => socket.destroy());
  servers.splice(0).forEach((server) => server.close());
});

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Accepts connections, reads the request, never writes a byte. */
const silent = (): Promise<string> =>
  listen(
    createServer((socket) => {
      sockets.push(socket);
      socket.resume();
    }),
  );

/** Answers every request with `answer`. */
const http = (answer: (response: ServerResponse) => void): Promise<string> =>
  listen(
    createHttpServer((request, response) => {
      sockets.push(request.socket);
      answer(response);
    }),
  );

describe('API client timeouts', () => {
  test('a server that accepts the connection and never answers is a timeout error naming it', async () => {
    const baseUrl = await silent();
    const api = createApiClient({ baseUrl, timeoutMs: 300 });
    const error = await api.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect((error as ApiTimeoutError).message).toBe(`the server at ${baseUrl} did not answer within 300 ms`);
    expect((error as ApiTimeoutError).code).toBe('timeout');
  });

  test('a body that stops half-way is a timeout error', async () => {
    const baseUrl = await http((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"status":');
    });
    const api = createApiClient({ baseUrl, timeoutMs: 300 });
    await expect(api.health()).rejects.toBeInstanceOf(ApiTimeoutError);
  });

  test('an event stream that goes silent times out with the stream limit', async () => {
    const baseUrl = await http((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(': keepalive\n\n');
    });
    const api = createApiClient({ baseUrl, timeoutMs: 60_000, streamTimeoutMs: 300 });
    const error = await api.followResult('E_01').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect((error as ApiTimeoutError).limitMs).toBe(300);
  });

  test('an event stream kept alive by comments outlives the idle limit of plain requests', async () => {
    const finished = { finished: { kind: 'ok', value: 1 } };
    const baseUrl = await http((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      let beats = 0;
      const timer = setInterval(() => {
        beats += 1;
        if (beats < 8) {
          response.write(': keepalive\n\n');
        } else {
          clearInterval(timer);
          response.end(`event: finished\ndata: ${JSON.stringify(finished)}\n\n`);
        }
      }, 100);
    });
    // 8 keepalives 100 ms apart: longer in total than the stream limit, but never silent for it.
    const api = createApiClient({ baseUrl, timeoutMs: 50, streamTimeoutMs: 500 });
    await expect(api.followResult('E_01')).resolves.toEqual(finished);
  });
});
