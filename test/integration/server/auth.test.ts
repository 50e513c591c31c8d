/** The bearer token: every route but `/healthz` and `/openapi.json` requires it when the server has one. */
import { describe, expect, test } from 'vitest';
import { ROUTES } from '../../../src/server/index.js';
import { apiHarness, expectConforms } from './harness.js';

const TOKEN = 's3cret-token';

describe('authentication', () => {
  test('with a token, every protected route answers 401 without it and with a wrong one', async () => {
    const h = await apiHarness({ token: TOKEN, start: false });
    const protectedRoutes = ROUTES.filter((r) => r.auth);
    expect(protectedRoutes.length).toBe(ROUTES.length - 2);
    for (const route of protectedRoutes) {
      const path = route.path.replace(
        '{id}',
        route.path.startsWith('/v1/components') ? `sha256:${'0'.repeat(64)}` : 'E_01ARZ3NDEKTSV4RRFFQ69G5FAV',
      );
      const missing = await fetch(h.url + path, { method: route.method });
      expect(missing.status, `${route.method} ${path}`).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      const body: unknown = await missing.json();
      expect(body).toEqual({
        code: 'unauthorized',
        message: 'this server requires an API token',
        hint: 'pass the token as `Authorization: Bearer <token>` (CLI: --api-token or OBELISK_API_TOKEN)',
      });
      const wrong = await h.request(route.method, path, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      expect(wrong.json.message).toBe('the API token is not valid');
      expectConforms(route.operationId, wrong);
    }
  });

  test('with the right token the routes answer; the scheme name is case-insensitive', async () => {
    const h = await apiHarness({ token: TOKEN, start: false });
    expect((await h.request('GET', '/v1/functions')).status).toBe(200);
    expect((await h.request('GET', '/v1/functions', { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(
      200,
    );
    expect((await h.request('GET', '/v1/functions', { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(
      401,
    );
    expect((await h.request('GET', '/v1/functions', { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(
      401,
    );
  });

  test('health and the OpenAPI document need no token', async () => {
    const h = await apiHarness({ token: TOKEN, start: false });
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.url}/openapi.json`)).status).toBe(200);
  });

  test('without a token nothing is required', async () => {
    const h = await apiHarness({ start: false });
    expect((await fetch(`${h.url}/v1/functions`)).status).toBe(200);
  });
});
