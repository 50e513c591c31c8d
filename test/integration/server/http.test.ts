/** The transport: unknown routes and methods, listening errors, exact host binding, the engine getter, internal errors. */
import { describe, expect, test, vi } from 'vitest';
import { ApiServerListenError, startApiServer } from '../../../src/server/index.js';
import { apiHarness } from './harness.js';

describe('the HTTP server', () => {
  test('an unknown path is a 404 and a known path with another method a 405', async () => {
    const h = await apiHarness({ start: false });
    const unknown = await h.request('GET', '/v1/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      code: 'not-found',
      message: 'no route GET "/v1/nothing"',
      hint: 'GET /openapi.json lists the routes',
    });
    const wrongMethod = await h.request('DELETE', '/v1/executions');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json).toEqual({
      code: 'method-not-allowed',
      message: 'DELETE is not allowed on "/v1/executions"; allowed: POST, GET',
    });
  });

  test('a taken port is an error with the code address-in-use', async () => {
    const h = await apiHarness({ start: false });
    const error = await startApiServer({
      engine: h.engine,
      host: '127.0.0.1',
      port: h.api.port,
      version: 'x',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiServerListenError);
    expect(error).toMatchObject({
      code: 'address-in-use',
      host: '127.0.0.1',
      port: h.api.port,
      message: `cannot listen on 127.0.0.1:${h.api.port}: the address is already in use`,
    });
  });

  test('the server binds exactly the given host', async () => {
    const h = await apiHarness({ start: false });
    expect(h.url).toBe(`http://127.0.0.1:${h.api.port}`);
    expect((await fetch(`http://127.0.0.1:${h.api.port}/healthz`)).status).toBe(200);
    await expect(fetch(`http://127.0.0.2:${h.api.port}/healthz`)).rejects.toThrow();
  });

  test('an unexpected failure is a 500 without details, and the server logs it; every request is logged at debug level', async () => {
    const logged: string[] = [];
    const requests: string[] = [];
    const log = (message: string, fields?: Record<string, unknown>): void =>
      void logged.push(`${message} ${JSON.stringify(fields)}`);
    const debug = (message: string): void => void requests.push(message);
    const h = await apiHarness({ start: false });
    const api = await startApiServer({
      engine: {
        ...h.engine,
        functions: () => {
          throw new Error('engine exploded');
        },
      },
      host: '127.0.0.1',
      port: 0,
      version: 'x',
      logger: { debug, info: () => undefined, warn: log, error: log },
    });
    try {
      const response = await fetch(`${api.url}/v1/functions`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        code: 'internal',
        message: 'internal server error',
        hint: 'the server log has the details',
      });
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain('API GET /v1/functions failed');
      expect(logged[0]).toContain('engine exploded');
      expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
      await vi.waitFor(() => expect(requests).toEqual(['API GET /v1/functions 500', 'API GET /healthz 200']));
    } finally {
      await api.close();
    }
  });
});
