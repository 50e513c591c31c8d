/**
 * Fuzz: request bodies, paths and query strings of the HTTP API. Whatever arrives, the server
 * answers below 500, and every 4xx carries the JSON error body with a stable `code`.
 * (`OBELISK_FUZZ_RUNS` sets the number of runs, as for the unit-level fuzz properties.)
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fuzzParameters, fuzzTimeout } from '../../unit/fuzz/fuzz.js';
import { apiHarness, FFQN, type ApiHarness, type JsonResponse } from './harness.js';

function expectHandled(response: JsonResponse, what: string): void {
  expect(response.status, `${what} -> ${response.status} ${response.text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(typeof response.json?.code, `${what}: ${response.text.slice(0, 300)}`).toBe('string');
  }
}

const idLike = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC', 'E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC.g:1_2', 'E_', '..', '%00', '%2F'),
);
const ffqnLike = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(...Object.values(FFQN), 'a:b/c.d', 'a:b/c@1.d'),
);
const submitBody = fc.oneof(
  fc.record(
    {
      ffqn: ffqnLike,
      params: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
      execution_id: idLike,
      queue: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()),
      scheduled_at: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('2030-01-01T00:00:00Z')),
      delay: fc.jsonValue({ maxDepth: 2 }),
      paused: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Encodes arbitrary text as a path segment (any character, percent-encoded). */
const segment = (text: string): string => encodeURIComponent(text);

describe('fuzz: the HTTP API', () => {
  let h: ApiHarness;

  test('arbitrary submit bodies are answered below 500 with coded errors', fuzzTimeout(30), async () => {
    h = await apiHarness({ start: false });
    await fc.assert(
      fc.asyncProperty(submitBody, async (body) => {
        expectHandled(await h.request('POST', '/v1/executions', { body }), `POST ${JSON.stringify(body)}`);
      }),
      fuzzParameters(),
    );
  });

  test('arbitrary raw bodies and content types are answered below 500', fuzzTimeout(30), async () => {
    h = await apiHarness({ start: false });
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
        async (rawBody, type) => {
          const headers: Record<string, string> = type === '' ? {} : { 'content-type': type };
          expectHandled(await h.request('POST', '/v1/executions', { rawBody, headers }), `raw ${rawBody}`);
        },
      ),
      fuzzParameters(),
    );
  });

  test('arbitrary IDs in every execution route are answered below 500', fuzzTimeout(60), async () => {
    h = await apiHarness({ start: false });
    const routes = [
      ['GET', ''],
      ['GET', '/result'],
      ['GET', '/events'],
      ['GET', '/responses'],
      ['GET', '/logs'],
      ['PUT', '/cancel'],
      ['PUT', '/pause'],
      ['PUT', '/unpause'],
      ['PUT', '/stub'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(idLike, fc.constantFrom(...routes), fc.jsonValue({ maxDepth: 2 }), async (id, route, body) => {
        const [method, suffix] = route;
        const path = `/v1/executions/${segment(id)}${suffix}`;
        const init = method === 'PUT' ? { body } : {};
        expectHandled(await h.request(method, path, init), `${method} ${path}`);
      }),
      fuzzParameters(),
    );
  });

  test('arbitrary list queries are answered below 500', fuzzTimeout(30), async () => {
    h = await apiHarness({ start: false });
    const key = fc.constantFrom('limit', 'cursor', 'state', 'ffqn_prefix', 'execution_id_prefix', 'show_derived', 'x');
    const query = fc.array(fc.tuple(key, fc.string({ maxLength: 20 })), { maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(query, async (pairs) => {
        const search = new URLSearchParams(pairs).toString();
        expectHandled(await h.request('GET', `/v1/executions?${search}`), `GET ?${search}`);
      }),
      fuzzParameters(),
    );
  });
});
