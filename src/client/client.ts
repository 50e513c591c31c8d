/** The typed client of the obelisk HTTP API: one method per route, on `fetch`. */
import { ApiError, ApiProtocolError } from './errors.js';
import { parseSse, textChunks } from './sse.js';
import { createTransport, type Transport, type TransportOptions } from './transport.js';
import type {
  Cancelled,
  ComponentInfo,
  CronInfo,
  ErrorBody,
  EventRecord,
  ExecutionPage,
  ExecutionStatus,
  FunctionInfo,
  Health,
  JoinSetResponse,
  ListExecutionsFilter,
  LogsFilter,
  LogsPage,
  Paused,
  PurgeResult,
  ReplayOutcome,
  ResultBody,
  Stubbed,
  SubmitRequest,
  Submitted,
} from './types.js';

/** Where the API is and how to talk to it (see {@link TransportOptions}). */
export type ApiClientOptions = TransportOptions;

export interface FollowOptions {
  /** Called with each `status` event (first at once, then on every state change). */
  readonly onStatus?: ((status: ExecutionStatus) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface ApiClient {
  readonly baseUrl: string;
  readonly health: () => Promise<Health>;
  readonly openapi: () => Promise<Record<string, unknown>>;
  readonly listFunctions: () => Promise<FunctionInfo[]>;
  readonly listComponents: (options?: { extensions?: boolean }) => Promise<ComponentInfo[]>;
  readonly getComponentWit: (componentId: string) => Promise<string>;
  readonly generateExecutionId: () => Promise<string>;
  /** `GET /v1/cron`: the cron entries with their next and last firings. */
  readonly listCron: () => Promise<CronInfo[]>;
  /** `POST /v1/executions`: `created` is false when `execution_id` was already submitted with the same parameters. */
  readonly submit: (request: SubmitRequest) => Promise<Submitted>;
  /** `PUT /v1/executions/{id}`: submit with a client-chosen ID. */
  readonly putExecution: (executionId: string, request: Omit<SubmitRequest, 'execution_id'>) => Promise<Submitted>;
  readonly listExecutions: (filter?: ListExecutionsFilter) => Promise<ExecutionPage>;
  readonly getExecution: (executionId: string) => Promise<ExecutionStatus>;
  /** The result now: `finished` is null while the execution has not finished. */
  readonly getResult: (executionId: string) => Promise<ResultBody>;
  /** Waits (Server-Sent Events) until the execution finishes and returns its result. */
  readonly followResult: (executionId: string, options?: FollowOptions) => Promise<ResultBody>;
  readonly getEvents: (executionId: string, options?: { from?: number; limit?: number }) => Promise<EventRecord[]>;
  readonly getResponses: (
    executionId: string,
    options?: { from?: number; limit?: number },
  ) => Promise<JoinSetResponse[]>;
  readonly getLogs: (executionId: string, filter?: LogsFilter) => Promise<LogsPage>;
  readonly cancel: (executionId: string) => Promise<Cancelled>;
  /** A paused execution is not started again until unpaused. */
  readonly pause: (executionId: string) => Promise<Paused>;
  readonly unpause: (executionId: string) => Promise<Paused>;
  /** Writes a stub activity's result: `{ok: value}` or `{err: value}`. */
  readonly stub: (executionId: string, result: { ok: unknown } | { err: unknown }) => Promise<Stubbed>;
  readonly replay: (executionId: string) => Promise<ReplayOutcome>;
  /** `POST /v1/executions/purge`: deletes finished trees older than `olderThan` (e.g. `7d`). */
  readonly purge: (request: { olderThan: string; dryRun?: boolean }) => Promise<PurgeResult>;
}

/** Creates a client of the API at `baseUrl`. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const transport = createTransport(options);
  return {
    baseUrl: transport.baseUrl,
    ...serverMethods(transport),
    ...executionMethods(transport),
    ...historyMethods(transport),
  };
}

const id = encodeURIComponent;

function serverMethods({
  json,
}: Transport): Pick<
  ApiClient,
  'health' | 'openapi' | 'listFunctions' | 'listComponents' | 'getComponentWit' | 'generateExecutionId' | 'listCron'
> {
  return {
    health: () => json('/healthz'),
    openapi: () => json('/openapi.json'),
    listFunctions: async () => (await json<{ functions: FunctionInfo[] }>('/v1/functions')).functions,
    listComponents: async (opts = {}) =>
      (await json<{ components: ComponentInfo[] }>('/v1/components', { query: { extensions: opts.extensions } }))
        .components,
    getComponentWit: async (componentId) => (await json<{ wit: string }>(`/v1/components/${id(componentId)}/wit`)).wit,
    generateExecutionId: async () => (await json<{ execution_id: string }>('/v1/execution-id')).execution_id,
    listCron: async () => (await json<{ crons: CronInfo[] }>('/v1/cron')).crons,
  };
}

type ExecutionMethods =
  | 'submit'
  | 'putExecution'
  | 'listExecutions'
  | 'getExecution'
  | 'getResult'
  | 'followResult'
  | 'cancel'
  | 'pause'
  | 'unpause'
  | 'stub'
  | 'replay'
  | 'purge';

function executionMethods({ json, send }: Transport): Pick<ApiClient, ExecutionMethods> {
  return {
    submit: (request) => json('/v1/executions', { method: 'POST', body: request }),
    purge: (request) =>
      json('/v1/executions/purge', {
        method: 'POST',
        body: { older_than: request.olderThan, dry_run: request.dryRun ?? false },
      }),
    putExecution: (executionId, request) => json(`/v1/executions/${id(executionId)}`, { method: 'PUT', body: request }),
    listExecutions: (filter = {}) =>
      json('/v1/executions', {
        query: {
          ffqn_prefix: filter.ffqnPrefix,
          state: filter.state,
          show_derived: filter.showDerived,
          execution_id_prefix: filter.executionIdPrefix,
          queue: filter.queue,
          limit: filter.limit,
          cursor: filter.cursor,
        },
      }),
    getExecution: (executionId) => json(`/v1/executions/${id(executionId)}`),
    getResult: (executionId) => json(`/v1/executions/${id(executionId)}/result`),
    followResult: async (executionId, follow = {}) => {
      const response = await send(`/v1/executions/${id(executionId)}/result`, {
        query: { follow: true },
        accept: 'text/event-stream',
        signal: follow.signal,
        stream: true,
      });
      return readFollow(response, follow);
    },
    cancel: (executionId) => json(`/v1/executions/${id(executionId)}/cancel`, { method: 'PUT' }),
    pause: (executionId) => json(`/v1/executions/${id(executionId)}/pause`, { method: 'PUT' }),
    unpause: (executionId) => json(`/v1/executions/${id(executionId)}/unpause`, { method: 'PUT' }),
    stub: (executionId, result) => json(`/v1/executions/${id(executionId)}/stub`, { method: 'PUT', body: result }),
    replay: (executionId) => json(`/v1/executions/${id(executionId)}/replay`, { method: 'POST' }),
  };
}

function historyMethods({ json }: Transport): Pick<ApiClient, 'getEvents' | 'getResponses' | 'getLogs'> {
  return {
    getEvents: async (executionId, page = {}) =>
      (await json<{ events: EventRecord[] }>(`/v1/executions/${id(executionId)}/events`, { query: page })).events,
    getResponses: async (executionId, page = {}) =>
      (await json<{ responses: JoinSetResponse[] }>(`/v1/executions/${id(executionId)}/responses`, { query: page }))
        .responses,
    getLogs: (executionId, filter = {}) =>
      json(`/v1/executions/${id(executionId)}/logs`, {
        query: {
          level: filter.level,
          stream:
            filter.streams === undefined ? undefined : filter.streams.length === 0 ? 'none' : filter.streams.join(','),
          after: filter.after,
          limit: filter.limit,
          show_derived: filter.showDerived,
        },
      }),
  };
}

/** Reads `status` events until `finished`; an `error` event becomes an {@link ApiError}. */
async function readFollow(response: Response, options: FollowOptions): Promise<ResultBody> {
  if (response.body === null) {
    throw new ApiProtocolError('the event stream has no body');
  }
  for await (const message of parseSse(textChunks(response.body))) {
    const data = JSON.parse(message.data) as unknown;
    switch (message.event) {
      case 'status':
        options.onStatus?.(data as ExecutionStatus);
        break;
      case 'finished':
        await response.body.cancel().catch(() => undefined);
        return data as ResultBody;
      case 'error': {
        const body = data as ErrorBody;
        throw new ApiError(response.status, body.code, body.message, body.hint);
      }
      default:
        break;
    }
  }
  throw new ApiProtocolError('the event stream ended before the execution finished');
}
