/**
 * Shared pieces of the API's JSON: errors, timestamps, JSON values, results and the
 * query-string helpers. Every schema with an `id` becomes a named schema in
 * `/openapi.json` (`#/components/schemas/<id>`).
 */
import { z } from 'zod';

/** Every error response: a stable `code`, a human `message` and, when there is one, a `hint`. */
export const ErrorBody = z
  .object({
    code: z.string().describe('stable error code, e.g. `not-found`, `invalid-argument`, `invalid-json`'),
    message: z.string(),
    hint: z.string().optional().describe('what to do about it, when there is something to say'),
  })
  .meta({ id: 'Error', description: 'An error: a stable code, a message and maybe a hint.' });
export type ErrorBody = z.output<typeof ErrorBody>;

/** RFC 3339 timestamps in UTC with milliseconds (`2025-01-31T12:00:00.000Z`). */
export const Timestamp = z.string().describe('RFC 3339 timestamp (UTC, milliseconds)');

/** Any JSON value: parameters and results in the JSON encoding of their WIT types. */
export const JsonAny = z.unknown().describe('a JSON value (the JSON encoding of a WIT value)');

export const ExecutionIdText = z
  .string()
  .describe('an execution ID: `E_<ulid>`, or `E_<ulid>.<join-set-id>_<n>` for a derived one');

/** Longest FFQN a request may carry (the engine's `MAX_FFQN_LENGTH`). */
export const MAX_FFQN_LENGTH = 512;
/** Longest execution ID a request may carry (the engine's `MAX_EXECUTION_ID_LENGTH`). */
export const MAX_EXECUTION_ID_LENGTH = 512;
/** Longest queue name (the engine's `MAX_QUEUE_LENGTH`). */
export const MAX_QUEUE_LENGTH = 128;
/** Longest prefix, cursor or other free text in a query string. */
export const MAX_QUERY_TEXT_LENGTH = 512;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;

/** A request string of at most `max` characters without control characters. */
export function boundedText(max: number): z.ZodString {
  return z
    .string()
    .max(max, { error: `longer than ${max} characters`, abort: true })
    .refine((text) => !CONTROL_RE.test(text), { error: 'contains a control character' });
}

/** An execution ID in a request (path or body). */
export const ExecutionIdInput = boundedText(MAX_EXECUTION_ID_LENGTH).describe(
  `an execution ID (at most ${MAX_EXECUTION_ID_LENGTH} characters): \`E_<ulid>\`, or \`E_<ulid>.<join-set-id>_<n>\` for a derived one`,
);

/** An FFQN in a request. */
export const FfqnInput = boundedText(MAX_FFQN_LENGTH);

/** A queue name in a request. */
export const QueueInput = boundedText(MAX_QUEUE_LENGTH).min(1, { error: 'must not be empty' });

export const FailureKindText = z.enum(['timed-out', 'nondeterminism-detected', 'cancelled', 'uncategorized']);

/** How an execution finished (in summaries and results). */
export const Finished = z
  .union([
    z.object({ kind: z.literal('ok'), value: JsonAny }),
    z.object({ kind: z.literal('err'), value: JsonAny }),
    z.object({
      kind: z.literal('failure'),
      failure_kind: FailureKindText,
      detail: z.string().optional().describe('more about the failure, when known (not in list rows)'),
    }),
  ])
  .meta({
    id: 'Finished',
    description:
      'The function returned `ok(value)` or `err(value)` (`value` is the JSON encoding of the payload, `null` when there is none), or the engine gave up (`failure`).',
  });
export type Finished = z.output<typeof Finished>;

export const SummaryStateText = z.enum(['pending', 'locked', 'blocked', 'paused', 'cancelling', 'finished']);

/** A boolean query parameter: `true`/`false` (also `1`/`0`). */
export const QueryBool = z
  .enum(['true', 'false', '1', '0'], { error: 'expected `true` or `false`' })
  .transform((value) => value === 'true' || value === '1')
  .describe('`true` or `false`');

/** An integer query parameter within bounds. */
export function queryInt(min: number, max: number): z.ZodCoercedNumber<unknown> {
  return z.coerce.number<unknown>().int().min(min).max(max);
}
