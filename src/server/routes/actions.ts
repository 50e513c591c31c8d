/** Acting on an execution: cancel it, write a stub activity's result, replay a workflow (read-only). */
import type { ReplayResult } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { defineRoute, reply, type Route } from '../route.js';
import { ErrorBody } from '../../wire/common.js';
import { CancelBody, IdParams, PausedBody, ReplayBody, StubBody, StubRequest } from '../../wire/executions.js';
import { NOT_FOUND } from './executions.js';

const cancel = defineRoute({
  method: 'PUT',
  path: '/v1/executions/{id}/cancel',
  operationId: 'cancelExecution',
  summary: 'Cancel an execution',
  description:
    'A running attempt is stopped; a pending activity finishes as `cancelled` at once; a workflow is cancelled by its executor, children first.',
  tag: 'executions',
  params: IdParams,
  responses: { 200: { description: 'what happened', schema: CancelBody }, 404: NOT_FOUND },
  handle: async ({ engine, params }) =>
    reply(200, { execution_id: params.id, outcome: await engine.cancel(params.id) }),
});

function pauseRoute(paused: boolean): Route {
  const verb = paused ? 'pause' : 'unpause';
  return defineRoute({
    method: 'PUT',
    path: `/v1/executions/{id}/${verb}`,
    operationId: `${verb}Execution`,
    summary: paused ? 'Pause an execution' : 'Unpause an execution',
    description: paused
      ? 'A paused execution is not locked until unpaused; a running attempt is stopped and runs again after unpausing. Children of a paused workflow keep running. Pausing a paused execution is a no-op.'
      : 'It can be locked again as soon as its scheduled time has come. Unpausing an execution that is not paused is a no-op.',
    tag: 'executions',
    params: IdParams,
    responses: {
      200: { description: 'the execution after the change', schema: PausedBody },
      404: NOT_FOUND,
      409: { description: 'pause only: the execution has finished', schema: ErrorBody },
    },
    handle: async ({ engine, params }) => {
      const record = paused ? await engine.pause(params.id) : await engine.unpause(params.id);
      return reply(200, { execution_id: params.id, paused: record.paused, state: record.summaryState });
    },
  });
}

const stub = defineRoute({
  method: 'PUT',
  path: '/v1/executions/{id}/stub',
  operationId: 'stubExecution',
  summary: "Write the result of a stub activity's execution",
  description: "The value is checked against the function's return type. Writing the same result again is a no-op.",
  tag: 'executions',
  params: IdParams,
  body: StubRequest,
  responses: {
    200: { description: 'written (or the same result was already written)', schema: StubBody },
    404: NOT_FOUND,
    409: { description: 'a different result was already written', schema: ErrorBody },
  },
  handle: async ({ engine, params, body }) => {
    const outcome = await engine.stub(params.id, body);
    if (outcome === 'conflict') {
      throw new HttpError(409, 'conflict', `${params.id} already finished with a different result`);
    }
    return reply(200, { execution_id: params.id, outcome });
  },
});

function replayJson(executionId: string, result: ReplayResult): ReplayBody {
  if (result.ok) {
    return { execution_id: executionId, ok: true };
  }
  if ('trap' in result) {
    return { execution_id: executionId, ok: false, trap: result.trap };
  }
  const { eventIndex, recorded, requested } = result.report;
  return { execution_id: executionId, ok: false, nondeterminism: { event_index: eventIndex, recorded, requested } };
}

const replay = defineRoute({
  method: 'POST',
  path: '/v1/executions/{id}/replay',
  operationId: 'replayExecution',
  summary: 'Replay a workflow execution against its log (read-only)',
  description:
    'Re-runs the workflow with the component it ran on and reports whether it makes the same decisions. Nothing is written.',
  tag: 'executions',
  params: IdParams,
  responses: { 200: { description: 'the replay outcome', schema: ReplayBody }, 404: NOT_FOUND },
  handle: async ({ engine, params }) => reply(200, replayJson(params.id, await engine.replay(params.id))),
});

export const ACTION_ROUTES: readonly Route[] = [cancel, pauseRoute(true), pauseRoute(false), stub, replay];
