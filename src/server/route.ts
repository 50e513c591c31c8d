/**
 * The route table's vocabulary: a route declares its method, path pattern, request schemas
 * (path parameters, query, body), responses (status, description, schema) and handler.
 * The dispatcher validates requests with the schemas and `/openapi.json` is generated from them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Engine, EngineLogger } from '../engine/index.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface RouteResponse {
  readonly description: string;
  /** The body's schema; absent for responses without a body. */
  readonly schema?: z.ZodType | undefined;
  /** Also answered as `text/event-stream` (Server-Sent Events); this describes the events. */
  readonly eventStream?: string | undefined;
}

/** What the server knows about itself, handed to every handler. */
export interface ServerInfo {
  readonly version: string;
  readonly logger: EngineLogger;
  /** Every route (the OpenAPI route describes them). */
  readonly routes: readonly Route[];
}

export interface RouteContext<P, Q, B> {
  readonly engine: Engine;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  /** Aborted when the client goes away or the server closes. */
  readonly signal: AbortSignal;
  readonly server: ServerInfo;
}

/** A JSON reply, or `streamed` when the handler wrote the response itself (Server-Sent Events). */
export type Reply = { readonly status: number; readonly body: unknown } | { readonly streamed: true };

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteDefinition<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
> {
  readonly method: HttpMethod;
  /** `/v1/executions/{id}`: `{name}` matches one path segment. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string | undefined;
  readonly tag: string;
  /** Requires the bearer token when the server has one (default true). */
  readonly auth?: boolean | undefined;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Success and error responses this route gives besides the common ones (400, 401, 500). */
  readonly responses: Readonly<Record<number, RouteResponse>>;
  handle(ctx: RouteContext<Output<P>, Output<Q>, Output<B>>): Promise<Reply>;
}

/** A route with its types erased, as kept in the table. */
export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description: string | undefined;
  readonly tag: string;
  readonly auth: boolean;
  readonly params: z.ZodType | undefined;
  readonly query: z.ZodType | undefined;
  readonly body: z.ZodType | undefined;
  readonly responses: Readonly<Record<number, RouteResponse>>;
  handle(ctx: RouteContext<unknown, unknown, unknown>): Promise<Reply>;
}

/** Declares a route; the handler sees the parsed (typed) parameters, query and body. */
export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(definition: RouteDefinition<P, Q, B>): Route {
  return {
    method: definition.method,
    path: definition.path,
    operationId: definition.operationId,
    summary: definition.summary,
    description: definition.description,
    tag: definition.tag,
    auth: definition.auth ?? true,
    params: definition.params,
    query: definition.query,
    body: definition.body,
    responses: definition.responses,
    handle: (ctx) => definition.handle(ctx as RouteContext<Output<P>, Output<Q>, Output<B>>),
  };
}

/** A JSON reply. */
export function reply(status: number, body: unknown): Reply {
  return { status, body };
}
