/** What happened to an execution: its event log, the join-set responses it got, and its logs. */
import { ExecutionId, type Engine, type LogStream } from '../../engine/index.js';
import { eventRecordJson, logLineJson, responseJson } from '../convert-history.js';
import { defineRoute, reply, type Route, type RouteResponse } from '../route.js';
import { EventsBody, LogsBody, LogsQuery, PageQuery, ResponsesBody } from '../../wire/history.js';
import { IdParams } from '../../wire/executions.js';
import { NOT_FOUND } from './executions.js';

function page<T>(
  items: readonly T[],
  from: number | undefined,
  limit: number | undefined,
  position: (item: T) => number,
): T[] {
  const after = items.filter((item) => position(item) >= (from ?? 0));
  return limit === undefined ? after : after.slice(0, limit);
}

/** A GET route of one page of an execution's history records, `from` a position on, at most `limit` of them. */
function historyPageRoute<T>(route: {
  readonly records: 'events' | 'responses';
  readonly operationId: string;
  readonly summary: string;
  readonly response: RouteResponse;
  readonly load: (engine: Engine, id: string) => Promise<readonly T[]>;
  readonly position: (record: T) => number;
  readonly json: (record: T) => unknown;
}): Route {
  return defineRoute({
    method: 'GET',
    path: `/v1/executions/{id}/${route.records}`,
    operationId: route.operationId,
    summary: route.summary,
    tag: 'executions',
    params: IdParams,
    query: PageQuery,
    responses: { 200: route.response, 404: NOT_FOUND },
    handle: async ({ engine, params, query }) => {
      const records = await route.load(engine, params.id);
      return reply(200, { [route.records]: page(records, query.from, query.limit, route.position).map(route.json) });
    },
  });
}

const events = historyPageRoute({
  records: 'events',
  operationId: 'getExecutionEvents',
  summary: "An execution's event log",
  response: { description: 'the events from version `from`, in order', schema: EventsBody },
  load: (engine, id) => engine.getEvents(id),
  position: (r) => r.version,
  json: eventRecordJson,
});

const responses = historyPageRoute({
  records: 'responses',
  operationId: 'getExecutionResponses',
  summary: 'The join-set responses delivered to a workflow execution',
  response: { description: 'the responses from cursor `from`, in order', schema: ResponsesBody },
  load: (engine, id) => engine.getResponses(id),
  position: (r) => r.cursor,
  json: responseJson,
});

function streamsOf(text: string | undefined): LogStream[] | undefined {
  if (text === undefined) {
    return undefined;
  }
  return text === 'none' ? [] : [...new Set(text.split(',') as LogStream[])];
}

const logs = defineRoute({
  method: 'GET',
  path: '/v1/executions/{id}/logs',
  operationId: 'getExecutionLogs',
  summary: "An execution's logs: guest stdout / stderr and `wasi:logging` records",
  tag: 'executions',
  params: IdParams,
  query: LogsQuery,
  responses: { 200: { description: 'the lines after `after`, oldest first', schema: LogsBody }, 404: NOT_FOUND },
  handle: async ({ engine, params, query }) => {
    await engine.getStatus(params.id); // 404 for unknown executions rather than an empty list
    const records = await engine.getLogs({
      executionId: ExecutionId.parse(params.id),
      includeDerived: query.show_derived,
      minLevel: query.level,
      streams: streamsOf(query.stream),
      afterId: query.after,
      limit: query.limit,
    });
    const last = records[records.length - 1];
    const body: LogsBody = { logs: records.map(logLineJson), next_after: last?.id ?? query.after ?? 0 };
    return reply(200, body);
  },
});

export const HISTORY_ROUTES: readonly Route[] = [events, responses, logs];
