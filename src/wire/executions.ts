/** Request and response bodies of the execution routes (submit, list, status, result, actions). */
import { z } from 'zod';
import { DURATION_FORMAT, parseDuration } from '../cli/duration.js';
import {
  ExecutionIdInput,
  ExecutionIdText,
  FfqnInput,
  Finished,
  JsonAny,
  MAX_QUERY_TEXT_LENGTH,
  QueryBool,
  QueueInput,
  SummaryStateText,
  Timestamp,
  boundedText,
  queryInt,
} from './common.js';

/** The largest page of the execution list and of the logs. */
export const MAX_PAGE = 1000;

const SubmitFields = z.object({
  ffqn: FfqnInput.describe('`ns:pkg/ifc@version.fn`, or the short `.../ifc.fn` when only one loaded function matches'),
  params: z.array(JsonAny).default([]).describe('the parameters in the JSON encoding of their WIT types'),
  execution_id: ExecutionIdInput.optional().describe(
    'a client-chosen ID: submitting it again with the same function, parameters and queue is a no-op',
  ),
  queue: QueueInput.optional().describe('the queue (default `default`); no control characters'),
  scheduled_at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('RFC 3339 time before which it does not start (default: now); not with `delay`'),
  delay: z.string().optional().describe(`start it after this long: ${DURATION_FORMAT}; not with \`scheduled_at\``),
  paused: z.boolean().optional().describe('create it paused: it does not start until unpaused'),
});

/** `scheduled_at` and `delay` exclude each other; `delay` must parse. */
function checkSchedule(
  body: { scheduled_at?: string | undefined; delay?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (body.scheduled_at !== undefined && body.delay !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'give `scheduled_at` or `delay`, not both', path: ['delay'] });
  }
  if (body.delay !== undefined && parseDuration(body.delay) === null) {
    ctx.addIssue({ code: 'custom', message: `expected ${DURATION_FORMAT}`, path: ['delay'] });
  }
}

export const SubmitBody = SubmitFields.superRefine(checkSchedule).meta({ id: 'SubmitRequest' });

export const PutExecutionBody = SubmitFields.extend({
  execution_id: ExecutionIdInput.optional().describe('when given, it must be the ID in the path'),
})
  .superRefine(checkSchedule)
  .meta({ id: 'PutExecutionRequest' });

export const Submitted = z
  .object({
    execution_id: ExecutionIdText,
    ffqn: z.string().describe('the function, in full (a short FFQN resolved)'),
    created: z
      .boolean()
      .describe('false when the same ID was already submitted with the same function, parameters and queue'),
  })
  .meta({ id: 'Submitted' });
export type Submitted = z.output<typeof Submitted>;

export const ExecutionSummary = z
  .object({
    execution_id: ExecutionIdText,
    ffqn: z.string(),
    state: SummaryStateText,
    created_at: Timestamp,
    updated_at: Timestamp,
    finished: Finished.nullable(),
    parent_id: ExecutionIdText.nullable(),
  })
  .meta({ id: 'ExecutionSummary', description: 'One execution in one line.' });
export type ExecutionSummary = z.output<typeof ExecutionSummary>;

export const PendingStateJson = z
  .union([
    z.object({ type: z.literal('pending-at'), scheduled_at: Timestamp }),
    z.object({ type: z.literal('locked'), executor_id: z.string(), run_id: z.string(), lock_expires_at: Timestamp }),
    z.object({ type: z.literal('blocked-by-join-set'), join_set_id: z.string(), closing: z.boolean() }),
    z.object({ type: z.literal('finished'), finished_at: Timestamp }),
  ])
  .meta({ id: 'PendingState', description: 'Where the execution is in its life, in detail.' });
export type PendingStateJson = z.output<typeof PendingStateJson>;

export const ExecutionStatus = ExecutionSummary.extend({
  params: z.array(JsonAny),
  queue: z.string(),
  component_id: z.string().describe('the content digest of the component it runs on'),
  topmost_parent_id: ExecutionIdText,
  join_set_id: z
    .string()
    .nullable()
    .describe('the join set of the parent it was submitted to; null for top-level executions'),
  scheduled_at: Timestamp.describe('when it was first scheduled to run'),
  pending_state: PendingStateJson,
  paused: z.boolean(),
  cancel_requested: z.boolean(),
  intermittent_failures: z.number().int().describe('temporary failures and timeouts so far'),
  version: z.number().int().describe('the version of its last event'),
}).meta({ id: 'ExecutionStatus', description: 'The summary plus the details of one execution.' });
export type ExecutionStatus = z.output<typeof ExecutionStatus>;

export const ListQuery = z.object({
  ffqn_prefix: boundedText(MAX_QUERY_TEXT_LENGTH).optional().describe('only functions whose FFQN starts with this'),
  state: SummaryStateText.optional(),
  show_derived: QueryBool.optional().describe('include derived (child) executions; default false'),
  execution_id_prefix: boundedText(MAX_QUERY_TEXT_LENGTH).optional(),
  queue: QueueInput.optional(),
  limit: queryInt(1, MAX_PAGE).optional().describe(`page size, 1 to ${MAX_PAGE}, default 20`),
  cursor: boundedText(MAX_QUERY_TEXT_LENGTH).optional().describe('`next_cursor` of the previous page'),
});

export const ExecutionPage = z
  .object({
    executions: z.array(ExecutionSummary).describe('newest first'),
    next_cursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'ExecutionPage' });
export type ExecutionPage = z.output<typeof ExecutionPage>;

export const ResultQuery = z.object({
  follow: QueryBool.optional().describe('stream Server-Sent Events until the execution finishes'),
});

export const ResultBody = z
  .object({
    execution_id: ExecutionIdText,
    state: SummaryStateText,
    finished: Finished.nullable().describe('null while it is not finished'),
  })
  .meta({ id: 'Result', description: '200 when finished; 202 (with `finished: null`) while not.' });
export type ResultBody = z.output<typeof ResultBody>;

export const CancelBody = z
  .object({
    execution_id: ExecutionIdText,
    outcome: z
      .enum(['cancelled', 'requested', 'already-finished'])
      .describe('`cancelled`: finished as cancelled now; `requested`: its executor will cancel it'),
  })
  .meta({ id: 'Cancelled' });

export const PausedBody = z
  .object({
    execution_id: ExecutionIdText,
    paused: z.boolean(),
    state: SummaryStateText,
  })
  .meta({ id: 'Paused', description: 'The paused flag and summary state after the change.' });
export type PausedBody = z.output<typeof PausedBody>;

export const StubRequest = z.object({ ok: JsonAny.optional(), err: JsonAny.optional() }).strict().meta({
  id: 'StubRequest',
  description:
    'Exactly one of `ok` and `err`: the JSON encoding of the stub function\'s return value (`{"ok": null}` when it has no payload).',
});

export const StubBody = z.object({ execution_id: ExecutionIdText, outcome: z.literal('ok') }).meta({ id: 'Stubbed' });

export const ReplayBody = z
  .object({
    execution_id: ExecutionIdText,
    ok: z.boolean().describe('true when the code makes the same decisions as the log'),
    nondeterminism: z
      .object({ event_index: z.number().int().nullable(), recorded: z.string(), requested: z.string() })
      .optional()
      .describe('when the code asked for something else than the log recorded'),
    trap: z.string().optional().describe('when the replay trapped or stopped'),
  })
  .meta({ id: 'Replay' });
export type ReplayBody = z.output<typeof ReplayBody>;

export const ExecutionIdBody = z.object({ execution_id: ExecutionIdText }).meta({ id: 'GeneratedExecutionId' });

export const IdParams = z.object({ id: ExecutionIdInput });
