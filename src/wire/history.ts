/** The event log, join-set responses and logs of an execution, as the API shows them. */
import { z } from 'zod';
import { ExecutionIdText, Finished, JsonAny, QueryBool, Timestamp, queryInt } from './common.js';
import { MAX_PAGE } from './executions.js';

const Parent = z.object({ execution_id: ExecutionIdText, join_set_id: z.string() });

const ChildRequest = z.object({
  type: z.literal('child-execution'),
  child_execution_id: ExecutionIdText,
  ffqn: z.string(),
  params: z.array(JsonAny),
  component_id: z.string(),
  queue: z.string().nullable(),
});

const DelayRequest = z.object({ type: z.literal('delay'), delay_id: z.string(), expires_at: Timestamp });

export const HistoryEventJson = z
  .union([
    z.object({ type: z.literal('persist'), what: z.enum(['random', 'execution-id', 'time']), value: JsonAny }),
    z.object({ type: z.literal('join-set-create'), join_set_id: z.string() }),
    z.object({
      type: z.literal('join-set-request'),
      join_set_id: z.string(),
      request: z.union([ChildRequest, DelayRequest]),
    }),
    z.object({ type: z.literal('join-next'), join_set_id: z.string(), closing: z.boolean() }),
    z.object({
      type: z.literal('join-next-try'),
      join_set_id: z.string(),
      outcome: z.enum(['found', 'pending', 'all-processed']),
    }),
    z.object({
      type: z.literal('schedule'),
      execution_id: ExecutionIdText,
      ffqn: z.string(),
      params: z.array(JsonAny),
      scheduled_at: Timestamp,
      component_id: z.string(),
      queue: z.string().nullable(),
    }),
    z.object({
      type: z.literal('stub'),
      target_execution_id: ExecutionIdText,
      result: Finished,
      outcome: z.enum(['ok', 'conflict', 'not-found']),
    }),
  ])
  .meta({ id: 'HistoryEvent', description: 'A decision of a workflow, recorded so that replay reproduces it.' });
export type HistoryEventJson = z.output<typeof HistoryEventJson>;

export const EventJson = z
  .union([
    z.object({
      type: z.literal('created'),
      ffqn: z.string(),
      params: z.array(JsonAny),
      parent: Parent.nullable(),
      topmost_parent_id: ExecutionIdText,
      scheduled_at: Timestamp,
      queue: z.string(),
      component_id: z.string(),
      paused: z.boolean(),
    }),
    z.object({ type: z.literal('locked'), executor_id: z.string(), run_id: z.string(), lock_expires_at: Timestamp }),
    z.object({ type: z.literal('unlocked'), reason: z.string(), backoff_until: Timestamp }),
    z.object({
      type: z.literal('temporarily-failed'),
      reason: z.string(),
      detail: z.string().nullable(),
      backoff_until: Timestamp,
    }),
    z.object({ type: z.literal('temporarily-timed-out'), backoff_until: Timestamp }),
    z.object({ type: z.literal('finished'), result: Finished }),
    z.object({ type: z.literal('paused') }),
    z.object({ type: z.literal('unpaused') }),
    z.object({ type: z.literal('cancel-requested') }),
    z.object({ type: z.literal('history'), event: HistoryEventJson }),
  ])
  .meta({ id: 'Event', description: 'One event of the execution log; its `type` says which.' });
export type EventJson = z.output<typeof EventJson>;

export const EventRecordJson = z
  .object({ version: z.number().int(), created_at: Timestamp, event: EventJson })
  .meta({ id: 'EventRecord' });
export type EventRecordJson = z.output<typeof EventRecordJson>;

export const PageQuery = z.object({
  from: queryInt(0, Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('the first version (events) or cursor (responses) to return; default 0'),
  limit: queryInt(1, MAX_PAGE).optional().describe(`at most this many, 1 to ${MAX_PAGE}; default all`),
});

export const EventsBody = z
  .object({ events: z.array(EventRecordJson).describe('in version order') })
  .meta({ id: 'Events' });

export const ResponseJson = z
  .object({
    cursor: z.number().int(),
    join_set_id: z.string(),
    created_at: Timestamp,
    response: z.union([
      z.object({
        type: z.literal('child-finished'),
        child_execution_id: ExecutionIdText,
        finished_version: z.number().int(),
        result: Finished,
      }),
      z.object({ type: z.literal('delay-finished'), delay_id: z.string(), outcome: z.enum(['fired', 'cancelled']) }),
    ]),
  })
  .meta({ id: 'JoinSetResponse', description: 'A child finished or a delay fired / was cancelled.' });
export type ResponseJson = z.output<typeof ResponseJson>;

export const ResponsesBody = z
  .object({ responses: z.array(ResponseJson).describe('in cursor order') })
  .meta({ id: 'Responses' });

export const LOG_LEVEL_NAMES = ['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const;

export const LogsQuery = z.object({
  level: z
    .enum([...LOG_LEVEL_NAMES, 'off'])
    .optional()
    .describe('lowest `wasi:logging` level to include; `off` excludes log records; default all'),
  stream: z
    .string()
    .regex(/^(none|(stdout|stderr)(,(stdout|stderr))*)$/, 'expected `stdout`, `stderr`, `stdout,stderr` or `none`')
    .optional()
    .describe('output streams to include: `stdout`, `stderr`, `stdout,stderr` (default) or `none`'),
  after: queryInt(0, Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('only lines with a larger `id` (`next_after` of the previous page)'),
  limit: queryInt(1, MAX_PAGE).optional().describe(`at most this many, 1 to ${MAX_PAGE}; default 100`),
  show_derived: QueryBool.optional().describe('also the logs of derived (child) executions'),
});

/** The fields every log line has. */
const LOG_LINE_FIELDS = {
  id: z.number().int(),
  execution_id: ExecutionIdText,
  run_id: z.string().nullable(),
  created_at: Timestamp,
};

export const LogLineJson = z
  .union([
    z.object({
      ...LOG_LINE_FIELDS,
      type: z.literal('stream'),
      stream: z.enum(['stdout', 'stderr']),
      message: z.string(),
    }),
    z.object({
      ...LOG_LINE_FIELDS,
      type: z.literal('log'),
      level: z.enum(LOG_LEVEL_NAMES),
      context: z.string(),
      message: z.string(),
    }),
  ])
  .meta({ id: 'LogLine', description: 'A line of guest output (`stream`) or a `wasi:logging` record (`log`).' });
export type LogLineJson = z.output<typeof LogLineJson>;

export const LogsBody = z
  .object({
    logs: z.array(LogLineJson).describe('oldest first'),
    next_after: z.number().int().describe('pass as `after` to get only newer lines'),
  })
  .meta({ id: 'Logs' });
export type LogsBody = z.output<typeof LogsBody>;
