/**
 * An execution's result: 200 when finished, 202 while not; with `follow=true`, a stream of
 * Server-Sent Events until it finishes (see docs/api.md):
 *
 * - `status`: the execution's status (`ExecutionStatus`), first at once and then whenever its state is
 *   seen to change (it is read again at least every {@link FOLLOW_POLL_MS} ms);
 * - `finished`: the result (`Result`), last;
 * - `error`: `{"code","message"}` when the server cannot go on (the stream ends after it).
 */
import type { Engine } from '../../engine/index.js';
import { resultJson, statusJson } from '../convert.js';
import { errorReply } from '../errors.js';
import { defineRoute, reply, type Reply, type Route } from '../route.js';
import { ResultBody, ResultQuery, IdParams } from '../../wire/executions.js';
import { openSse } from '../sse.js';
import { NOT_FOUND } from './executions.js';

/** How often a followed execution's state is re-read while it has not finished. */
export const FOLLOW_POLL_MS = 250;

/** The SSE event names of `GET /v1/executions/{id}/result?follow=true`. */
export const SseEvent = { status: 'status', finished: 'finished', error: 'error' } as const;
export type SseEvent = (typeof SseEvent)[keyof typeof SseEvent];

/** Streams the execution's progress: one read of the execution per wake-up (a finish, or every poll interval). */
async function follow(
  engine: Engine,
  id: string,
  response: Parameters<typeof openSse>[0],
  signal: AbortSignal,
): Promise<Reply> {
  let record = await engine.getStatus(id); // unknown IDs get a plain 404 before the stream starts
  const sse = openSse(response);
  let lastState: string | null = null;
  try {
    while (!signal.aborted) {
      if (record.summaryState !== lastState) {
        sse.send(SseEvent.status, statusJson(record));
        lastState = record.summaryState;
      }
      if (record.state.type === 'finished') {
        sse.send(SseEvent.finished, resultJson(record));
        break;
      }
      record = await engine.awaitStatus(id, { timeoutMs: FOLLOW_POLL_MS, signal });
    }
  } catch (error: unknown) {
    sse.send(SseEvent.error, errorReply(error).body);
  } finally {
    sse.end();
  }
  return { streamed: true };
}

const result = defineRoute({
  method: 'GET',
  path: '/v1/executions/{id}/result',
  operationId: 'getExecutionResult',
  summary: "An execution's result, or a stream of its progress",
  description:
    'Without `follow`: 200 with the result when finished, 202 with `finished: null` while not. ' +
    'With `follow=true`: `text/event-stream` with events `status` (an ExecutionStatus; first, then on every state change), ' +
    '`finished` (a Result; last) and `error` (an Error; the stream ends).',
  tag: 'executions',
  params: IdParams,
  query: ResultQuery,
  responses: {
    200: {
      description: 'finished: the result (or, with `follow=true`, the event stream)',
      schema: ResultBody,
      eventStream:
        'with `follow=true`: `event: status` (data: ExecutionStatus), then `event: finished` (data: Result) or `event: error` (data: Error); `: keepalive` comments every 15 s',
    },
    202: { description: 'not finished yet (`finished` is null)', schema: ResultBody },
    404: NOT_FOUND,
  },
  handle: async (ctx) => {
    const { params, query } = ctx;
    if (query.follow === true) {
      return follow(ctx.engine, params.id, ctx.response, ctx.signal);
    }
    const record = await ctx.engine.getStatus(params.id);
    return reply(record.state.type === 'finished' ? 200 : 202, resultJson(record));
  },
});

export const RESULT_ROUTES: readonly Route[] = [result];
