/**
 * Dispatching one request: find the route by method and path, check the token, parse the path
 * parameters, query and body with the route's schemas, run the handler, and turn whatever it
 * returns or throws into a JSON response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { echo, type Engine } from '../engine/index.js';
import { readJsonBody, sendJson } from './body.js';
import { ApiErrorCode, describeIssues, errorReply, HttpError } from './errors.js';
import type { Route, ServerInfo } from './route.js';

export interface DispatchOptions {
  readonly routes: readonly Route[];
  readonly engine: Engine;
  readonly checkAuth: (headers: IncomingMessage['headers']) => void;
  readonly server: ServerInfo;
}

interface Match {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/** Matches `/v1/executions/E_1/result` against `/v1/executions/{id}/result`. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] as string;
    const actual = got[i] as string;
    if (segment.startsWith('{') && segment.endsWith('}')) {
      if (actual === '') {
        return null;
      }
      params[segment.slice(1, -1)] = decodeSegment(actual);
    } else if (segment !== actual) {
      return null;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(
      400,
      ApiErrorCode.invalidRequest,
      `malformed percent-encoding in the path segment ${echo(segment)}`,
    );
  }
}

function findRoute(routes: readonly Route[], method: string, path: string): Match {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params === null) {
      continue;
    }
    if (route.method === method) {
      return { route, params };
    }
    allowed.push(route.method);
  }
  if (allowed.length > 0) {
    throw new HttpError(
      405,
      ApiErrorCode.methodNotAllowed,
      `${method} is not allowed on ${echo(path)}; allowed: ${allowed.join(', ')}`,
    );
  }
  throw new HttpError(
    404,
    ApiErrorCode.notFound,
    `no route ${method} ${echo(path)}`,
    'GET /openapi.json lists the routes',
  );
}

function parseWith(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (schema === undefined) {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new HttpError(400, ApiErrorCode.invalidRequest, describeIssues(parsed.error, where));
  }
  return parsed.data;
}

function queryObject(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    query[key] = value;
  }
  return query;
}

/** Handles one request; never throws. */
export async function dispatch(
  options: DispatchOptions,
  request: IncomingMessage,
  response: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  try {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const { route, params } = findRoute(options.routes, request.method ?? 'GET', url.pathname);
    if (route.auth) {
      options.checkAuth(request.headers);
    }
    const parsedParams = parseWith(route.params, params, 'path');
    const query = parseWith(route.query, queryObject(url), 'query');
    const raw = route.body === undefined ? undefined : await readJsonBody(request);
    if (route.body !== undefined && raw === undefined) {
      throw new HttpError(400, ApiErrorCode.invalidRequest, 'this route needs a JSON request body');
    }
    const body = parseWith(route.body, raw, 'body');
    const result = await route.handle({
      engine: options.engine,
      params: parsedParams,
      query,
      body,
      request,
      response,
      signal,
      server: options.server,
    });
    if (!('streamed' in result)) {
      sendJson(response, result.status, result.body);
    }
  } catch (error: unknown) {
    sendError(options.server, request, response, error);
  }
}

function sendError(server: ServerInfo, request: IncomingMessage, response: ServerResponse, error: unknown): void {
  const { status, body, unexpected } = errorReply(error);
  if (unexpected) {
    server.logger.error(`API ${request.method ?? '?'} ${request.url ?? '?'} failed`, {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  if (response.headersSent) {
    response.end(); // a stream already started; nothing else can be said
    return;
  }
  const headers: Record<string, string> = {};
  if (status === 401) {
    headers['www-authenticate'] = 'Bearer';
  }
  if (status === 413) {
    headers['connection'] = 'close'; // the rest of the body is not read
  }
  sendJson(response, status, body, headers);
}
