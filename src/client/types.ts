/**
 * The JSON shapes of the obelisk HTTP API, as the client sees them. They are derived from the
 * zod schemas of `src/wire/` that the server validates and describes in `/openapi.json` with, so
 * the two cannot drift apart; only the client's own option objects are written here.
 */
import type { z } from 'zod';
import type * as common from '../wire/common.js';
import type * as components from '../wire/components.js';
import type * as cron from '../wire/cron.js';
import type * as retention from '../wire/retention.js';
import type * as executions from '../wire/executions.js';
import type * as history from '../wire/history.js';

/** Any JSON value: parameters and results in the JSON encoding of their WIT types. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type SummaryState = z.output<typeof common.SummaryStateText>;
export type FailureKind = z.output<typeof common.FailureKindText>;
export type ComponentKind = z.output<typeof components.ComponentKindText>;
export type Finished = common.Finished;
export type ErrorBody = common.ErrorBody;
export type Health = z.output<typeof components.HealthBody>;
export type FunctionInfo = components.FunctionJson;
export type NamedType = FunctionInfo['params'][number];
export type ExtensionFunction = components.ExtensionFunctionJson;
export type ComponentInfo = components.ComponentJson;
/** What `submit` sends: the request body before the server applies its defaults. */
export type SubmitRequest = z.input<typeof executions.SubmitBody>;
export type Paused = executions.PausedBody;
export type Submitted = executions.Submitted;
export type ExecutionSummary = executions.ExecutionSummary;
export type PendingState = executions.PendingStateJson;
export type ExecutionStatus = executions.ExecutionStatus;

export interface ListExecutionsFilter {
  readonly ffqnPrefix?: string | undefined;
  readonly state?: SummaryState | undefined;
  readonly showDerived?: boolean | undefined;
  readonly executionIdPrefix?: string | undefined;
  readonly queue?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

export interface LogsFilter {
  /** Lowest level of `wasi:logging` records; `off` excludes them. */
  readonly level?: LogLevel | 'off' | undefined;
  /** Which output streams; `[]` excludes them. */
  readonly streams?: readonly ('stdout' | 'stderr')[] | undefined;
  readonly after?: number | undefined;
  readonly limit?: number | undefined;
  readonly showDerived?: boolean | undefined;
}

export type ExecutionPage = executions.ExecutionPage;
export type ResultBody = executions.ResultBody;
/** One event of an execution's log; `event.type` says which (see docs/api.md for every field). */
export type EventRecord = history.EventRecordJson;
export type JoinSetResponse = history.ResponseJson;
export type LogLevel = (typeof history.LOG_LEVEL_NAMES)[number];
export type LogLine = history.LogLineJson;
export type LogsPage = history.LogsBody;
export type Cancelled = z.output<typeof executions.CancelBody>;
export type Stubbed = z.output<typeof executions.StubBody>;
export type ReplayOutcome = executions.ReplayBody;
/** A `[[cron]]` entry (`GET /v1/cron`). */
export type CronInfo = cron.CronJson;

/** What `POST /v1/executions/purge` deleted (or, in a dry run, would delete). */
export type PurgeResult = retention.PurgeBody;
