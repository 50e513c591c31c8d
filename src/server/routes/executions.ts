/** Submitting executions (server- or client-chosen ID), listing them and reading one's status. */
import { echo, NotFound, type Engine, type Submitted as EngineSubmitted } from '../../engine/index.js';
import { ApiErrorCode, HttpError } from '../errors.js';
import { summaryJson, statusJson } from '../convert.js';
import { parseDuration } from '../../cli/duration.js';
import { resolveFfqn } from '../ffqn.js';
import { defineRoute, reply, type Reply, type Route } from '../route.js';
import { ErrorBody } from '../../wire/common.js';
import {
  ExecutionPage,
  ExecutionStatus,
  IdParams,
  ListQuery,
  PutExecutionBody,
  SubmitBody,
  Submitted,
} from '../../wire/executions.js';

interface Submission {
  readonly ffqn: string;
  readonly params: unknown[];
  readonly executionId?: string | undefined;
  readonly queue?: string | undefined;
  readonly scheduled_at?: string | undefined;
  readonly delay?: string | undefined;
  readonly paused?: boolean | undefined;
}

/** When the submission may start: `scheduled_at`, now + `delay`, or now (`undefined`). */
function scheduledAt(engine: Engine, submission: Submission): number | undefined {
  if (submission.scheduled_at !== undefined) {
    return Date.parse(submission.scheduled_at);
  }
  const delay = submission.delay === undefined ? null : parseDuration(submission.delay);
  return delay === null ? undefined : engine.clock.now() + delay;
}

/** 201 when created, 200 when the same ID was already submitted with the same parameters. */
async function submit(engine: Engine, submission: Submission): Promise<Reply> {
  const ffqn = resolveFfqn(submission.ffqn, engine.functions());
  const {
    executionId,
    ffqn: fullFfqn,
    created,
  } = await engine
    .submit(ffqn, submission.params, {
      executionId: submission.executionId,
      queue: submission.queue,
      scheduledAt: scheduledAt(engine, submission),
      paused: submission.paused,
    })
    .catch(withFunctionHint);
  const body: Submitted = { execution_id: executionId, ffqn: fullFfqn, created };
  return reply(created ? 201 : 200, body);
}

function withFunctionHint(error: unknown): EngineSubmitted {
  if (error instanceof NotFound && error.what === 'function') {
    throw new HttpError(404, error.code, error.message, 'GET /v1/functions lists the functions that can be submitted');
  }
  throw error;
}

const SUBMIT_ERRORS = {
  400: {
    description: 'malformed request, unknown or ambiguous short FFQN, or parameters that do not match the signature',
    schema: ErrorBody,
  },
  404: { description: 'no loaded function has this FFQN', schema: ErrorBody },
  409: {
    description: 'the execution ID exists with another function, other parameters or another queue',
    schema: ErrorBody,
  },
} as const;

const post = defineRoute({
  method: 'POST',
  path: '/v1/executions',
  operationId: 'submitExecution',
  summary: 'Submit an execution',
  description:
    "Parameters are checked against the function's WIT signature before anything is stored; an invalid value is rejected with the path of the bad field. `scheduled_at` or `delay` schedule it for later; `paused` creates it paused.",
  tag: 'executions',
  body: SubmitBody,
  responses: {
    201: { description: 'created', schema: Submitted },
    200: {
      description:
        'this `execution_id` was already submitted with the same function, parameters and queue: nothing changed',
      schema: Submitted,
    },
    ...SUBMIT_ERRORS,
  },
  handle: ({ engine, body }) => submit(engine, { ...body, executionId: body.execution_id }),
});

const put = defineRoute({
  method: 'PUT',
  path: '/v1/executions/{id}',
  operationId: 'putExecution',
  summary: 'Submit an execution with a client-chosen ID (idempotent)',
  tag: 'executions',
  params: IdParams,
  body: PutExecutionBody,
  responses: {
    201: { description: 'created', schema: Submitted },
    200: {
      description: 'already submitted with the same function, parameters and queue: nothing changed',
      schema: Submitted,
    },
    ...SUBMIT_ERRORS,
  },
  handle: ({ engine, params, body }) => {
    if (body.execution_id !== undefined && body.execution_id !== params.id) {
      throw new HttpError(
        400,
        ApiErrorCode.invalidRequest,
        `the body's execution_id ${echo(body.execution_id)} is not the ID in the path ${echo(params.id)}`,
        'leave execution_id out of the body, or give the same ID',
      );
    }
    return submit(engine, { ...body, executionId: params.id });
  },
});

const list = defineRoute({
  method: 'GET',
  path: '/v1/executions',
  operationId: 'listExecutions',
  summary: 'List executions, newest first',
  description: 'Top-level executions only unless `show_derived=true`. Pages are chained with `cursor`.',
  tag: 'executions',
  query: ListQuery,
  responses: { 200: { description: 'one page', schema: ExecutionPage } },
  handle: async ({ engine, query }) => {
    const page = await engine.listExecutions({
      ffqnPrefix: query.ffqn_prefix,
      state: query.state,
      showDerived: query.show_derived,
      executionIdPrefix: query.execution_id_prefix,
      queue: query.queue,
      limit: query.limit,
      cursor: query.cursor,
    });
    const body: ExecutionPage = { executions: page.executions.map(summaryJson), next_cursor: page.nextCursor };
    return reply(200, body);
  },
});

export const NOT_FOUND = { description: 'no execution has this ID', schema: ErrorBody } as const;

const get = defineRoute({
  method: 'GET',
  path: '/v1/executions/{id}',
  operationId: 'getExecution',
  summary: "An execution's status",
  tag: 'executions',
  params: IdParams,
  responses: { 200: { description: 'its summary and details', schema: ExecutionStatus }, 404: NOT_FOUND },
  handle: async ({ engine, params }) => reply(200, statusJson(await engine.getStatus(params.id))),
});

export const EXECUTION_ROUTES: readonly Route[] = [post, put, list, get];
