/** `/openapi.json` is generated from the route table: every route and its schemas are in it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROUTES, buildOpenApi } from '../../../src/server/index.js';
import { allResponses, jsonSchemaOf, type JsonSchema } from '../../../src/server/openapi.js';
import { REPO_ROOT } from '../../helpers/bin.js';
import { apiHarness, expectConforms } from './harness.js';

type Operation = {
  operationId: string;
  parameters: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
  security: unknown[];
};

function refsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((item) => refsIn(item, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') {
        out.add(item);
      } else {
        refsIn(item, out);
      }
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  test('is served at /openapi.json as OpenAPI 3.1 built from the route table', async () => {
    const h = await apiHarness({ start: false });
    const response = await h.request('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expectConforms('openapi', response);
    expect(response.json).toEqual(JSON.parse(JSON.stringify(buildOpenApi(ROUTES, '0.0.0-test'))));
    expect(response.json.openapi).toBe('3.1.0');
    expect(response.json.info.version).toBe('0.0.0-test');
  });

  test('every route appears with its parameters, request body and response schemas', () => {
    const doc = buildOpenApi(ROUTES, 'x');
    const named: Record<string, JsonSchema> = {};
    const operationIds = new Set<string>();
    for (const route of ROUTES) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()] as Operation | undefined;
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      if (op === undefined) {
        continue;
      }
      expect(operationIds.has(op.operationId)).toBe(false);
      operationIds.add(op.operationId);
      expect(op.operationId).toBe(route.operationId);
      expect(op.security).toEqual(route.auth ? [{ bearer: [] }] : []);
      const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(op.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathParams);
      expect(op.parameters.filter((p) => p.in === 'path').every((p) => p.required)).toBe(true);
      const queryKeys =
        route.query === undefined ? [] : Object.keys(jsonSchemaOf(route.query, 'input', named)['properties'] ?? {});
      expect(op.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(queryKeys);
      if (route.body === undefined) {
        expect(op.requestBody).toBeUndefined();
      } else {
        expect(op.requestBody?.content['application/json']?.schema).toEqual(jsonSchemaOf(route.body, 'input', named));
      }
      for (const [status, response] of Object.entries(allResponses(route))) {
        const documented = op.responses[status];
        expect(documented, `${route.operationId} ${status}`).toBeDefined();
        if (response.schema !== undefined) {
          expect(documented?.content?.['application/json']?.schema).toEqual(
            jsonSchemaOf(response.schema, 'output', named),
          );
        }
        if (response.eventStream !== undefined) {
          expect(documented?.content?.['text/event-stream']).toBeDefined();
        }
      }
    }
    expect(Object.keys(doc.paths).length).toBe(new Set(ROUTES.map((r) => r.path)).size);
    expect(doc.components.schemas).toEqual(named);
  });

  test('every reference points at a schema of the document, and the main shapes are named', () => {
    const doc = buildOpenApi(ROUTES, 'x');
    for (const ref of refsIn(doc)) {
      expect(ref.startsWith('#/components/schemas/'), ref).toBe(true);
      expect(doc.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Error',
        'ExecutionSummary',
        'ExecutionStatus',
        'ExecutionPage',
        'Finished',
        'Result',
        'Event',
        'HistoryEvent',
        'LogLine',
        'Function',
        'Component',
        'SubmitRequest',
        'Submitted',
      ]),
    );
    const summary = doc.components.schemas['ExecutionSummary'] as { required: string[] };
    expect(summary.required).toEqual([
      'execution_id',
      'ffqn',
      'state',
      'created_at',
      'updated_at',
      'finished',
      'parent_id',
    ]);
  });

  test('docs/api.md documents every route', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'api.md'), 'utf8');
    for (const route of ROUTES) {
      expect(doc, `${route.method} ${route.path}`).toContain(`**\`${route.method} ${route.path}`);
    }
  });
});
