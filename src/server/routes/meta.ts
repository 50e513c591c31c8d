/** The server's own routes: health, the OpenAPI document, and fresh execution IDs. */
import { ExecutionId, type Engine, type StorageOutage } from '../../engine/index.js';
import { buildOpenApi, type OpenApiDocument } from '../openapi.js';
import { defineRoute, reply, type Route } from '../route.js';
import { HealthBody, OpenApiBody, UnhealthyBody } from '../../wire/components.js';
import { ExecutionIdBody } from '../../wire/executions.js';

const health = defineRoute({
  method: 'GET',
  path: '/healthz',
  operationId: 'health',
  summary: 'Is the server up?',
  description: 'Needs no token. Clients poll it to wait for a starting server. 503 while writes to the database fail.',
  tag: 'server',
  auth: false,
  responses: {
    200: { description: 'the server is up', schema: HealthBody },
    503: { description: 'the database fails (full disk, I/O error)', schema: UnhealthyBody },
  },
  handle: (ctx) => {
    const outage = storageOutage(() => ctx.engine);
    if (outage === null) {
      return Promise.resolve(reply(200, { status: 'ok', version: ctx.server.version }));
    }
    const storage = {
      message: outage.message,
      ...(outage.hint === undefined ? {} : { hint: outage.hint }),
      since: new Date(outage.since).toISOString(),
    };
    return Promise.resolve(reply(503, { status: 'unhealthy', version: ctx.server.version, storage }));
  },
});

/** The engine's storage outage; `null` also while there is no engine yet. */
function storageOutage(engine: () => Engine): StorageOutage | null {
  try {
    return engine().stats().storageOutage;
  } catch {
    return null;
  }
}

/** The document depends only on the route table and the version: built once per table. */
const documents = new WeakMap<readonly Route[], OpenApiDocument>();

function openApiOf(routes: readonly Route[], version: string): OpenApiDocument {
  let document = documents.get(routes);
  if (document?.info.version !== version) {
    document = buildOpenApi(routes, version);
    documents.set(routes, document);
  }
  return document;
}

const openapi = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  operationId: 'openapi',
  summary: 'This API as an OpenAPI 3.1 document',
  description: 'Generated from the route table. Needs no token.',
  tag: 'server',
  auth: false,
  responses: { 200: { description: 'the OpenAPI document', schema: OpenApiBody } },
  handle: ({ server }) => Promise.resolve(reply(200, openApiOf(server.routes, server.version))),
});

const executionId = defineRoute({
  method: 'GET',
  path: '/v1/execution-id',
  operationId: 'generateExecutionId',
  summary: 'A new execution ID',
  description: 'For clients that choose the ID before submitting (`PUT /v1/executions/{id}`).',
  tag: 'executions',
  responses: { 200: { description: 'a fresh top-level execution ID', schema: ExecutionIdBody } },
  handle: ({ engine }) => Promise.resolve(reply(200, { execution_id: ExecutionId.generate(engine.clock) })),
});

export const META_ROUTES: readonly Route[] = [health, openapi, executionId];
