/**
 * `/openapi.json`: an OpenAPI 3.1 document generated from the route table. Request schemas
 * are converted in zod's `input` mode (what a client sends), response schemas in `output` mode;
 * schemas carrying an `id` become `#/components/schemas/<id>`.
 */
import { z } from 'zod';
import type { Route, RouteResponse } from './route.js';
import { ErrorBody } from '../wire/common.js';

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly securitySchemes: Record<string, unknown>;
  };
}

const DEFS = '"#/$defs/';
const COMPONENTS = '"#/components/schemas/';

/**
 * The JSON Schema of `schema` with its named sub-schemas moved into `named`
 * (and references rewritten to point there).
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output', named: Record<string, JsonSchema>): JsonSchema {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = generated;
  for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
    named[id] = rewriteRefs(def);
  }
  return rewriteRefs(rest);
}

function rewriteRefs(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replaceAll(DEFS, COMPONENTS)) as JsonSchema;
}

/** Query or path parameters from an object schema. */
function parameters(
  schema: z.ZodType | undefined,
  where: 'path' | 'query',
  named: Record<string, JsonSchema>,
): unknown[] {
  if (schema === undefined) {
    return [];
  }
  const object = jsonSchemaOf(schema, 'input', named);
  const properties = (object['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}

function responseObject(response: RouteResponse, named: Record<string, JsonSchema>): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  if (response.schema !== undefined) {
    content['application/json'] = { schema: jsonSchemaOf(response.schema, 'output', named) };
  }
  if (response.eventStream !== undefined) {
    content['text/event-stream'] = { schema: { type: 'string', description: response.eventStream } };
  }
  return Object.keys(content).length === 0
    ? { description: response.description }
    : { description: response.description, content };
}

/** The responses a route declares plus the common ones: 400 for bad input, 401 with auth, 500. */
export function allResponses(route: Route): Record<number, RouteResponse> {
  const common: Record<number, RouteResponse> = {};
  if (route.params !== undefined || route.query !== undefined || route.body !== undefined) {
    common[400] = {
      description: 'malformed request (`invalid-request`, `invalid-json`, `invalid-id`, ...)',
      schema: ErrorBody,
    };
  }
  if (route.auth) {
    common[401] = { description: 'missing or wrong API token', schema: ErrorBody };
  }
  common[500] = { description: 'internal error', schema: ErrorBody };
  return { ...common, ...route.responses };
}

function operation(route: Route, named: Record<string, JsonSchema>): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(allResponses(route))) {
    responses[status] = responseObject(response, named);
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: [route.tag],
    security: route.auth ? [{ bearer: [] }] : [],
    parameters: [...parameters(route.params, 'path', named), ...parameters(route.query, 'query', named)],
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchemaOf(route.body, 'input', named) } },
          },
        }),
    responses,
  };
}

/** Builds the OpenAPI document of `routes`. */
export function buildOpenApi(routes: readonly Route[], version: string): OpenApiDocument {
  const named: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route, named) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'obelisk API',
      version,
      description:
        'Submit and inspect durable executions of WebAssembly components. Errors are `{"code","message","hint"?}`. See docs/api.md.',
    },
    paths,
    components: { schemas: named, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}
