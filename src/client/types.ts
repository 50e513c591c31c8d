/**
 * The JSON shapes of the obelisk HTTP API, as the client sees them (the server describes the
 * same shapes with zod schemas and `/openapi.json`; `docs/api.md` documents them).
 */

/** Any JSON value: parameters and results in the JSON encoding of their WIT types. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type SummaryState = 'pending' | 'locked' | 'blocked' | 'paused' | 'cancelling' | 'finished';
export type FailureKind = 'timed-out' | 'nondeterminism-detected' | 'cancelled' | 'uncategorized';
export type ComponentKind = 'activity_wasm' | 'activity_stub' | 'workflow';

export type Finished =
  | { readonly kind: 'ok'; readonly value: JsonValue }
  | { readonly kind: 'err'; readonly value: JsonValue }
  | { readonly kind: 'failure'; readonly failure_kind: FailureKind; readonly detail?: string };

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

export interface Health {
  readonly status: 'ok';
  readonly version: string;
}

export interface NamedType {
  readonly name: string;
  readonly type: string;
}

export interface FunctionInfo {
  readonly ffqn: string;
  readonly params: readonly NamedType[];
  readonly result: string | null;
  readonly component_id: string;
  readonly kind: ComponentKind;
}

export interface ExtensionFunction {
  readonly ffqn: string;
  readonly params: readonly NamedType[];
  readonly result: string | null;
}

export interface ComponentInfo {
  readonly component_id: string;
  readonly name: string;
  readonly kind: ComponentKind;
  readonly exports: readonly string[];
  readonly imports: readonly string[];
  readonly extensions?: readonly ExtensionFunction[];
}

export interface SubmitRequest {
  readonly ffqn: string;
  readonly params: readonly unknown[];
  readonly execution_id?: string;
  readonly queue?: string;
  /** RFC 3339: do not start before this time. */
  readonly scheduled_at?: string;
  /** Start after this long (`10m`, `1h30m`); not with `scheduled_at`. */
  readonly delay?: string;
  /** Create it paused. */
  readonly paused?: boolean;
}

export interface Paused {
  readonly execution_id: string;
  readonly paused: boolean;
  readonly state: SummaryState;
}

export interface Submitted {
  readonly execution_id: string;
  readonly ffqn: string;
  readonly created: boolean;
}

export interface ExecutionSummary {
  readonly execution_id: string;
  readonly ffqn: string;
  readonly state: SummaryState;
  readonly created_at: string;
  readonly updated_at: string;
  readonly finished: Finished | null;
  readonly parent_id: string | null;
}

export type PendingState =
  | { readonly type: 'pending-at'; readonly scheduled_at: string }
  | { readonly type: 'locked'; readonly executor_id: string; readonly run_id: string; readonly lock_expires_at: string }
  | { readonly type: 'blocked-by-join-set'; readonly join_set_id: string; readonly closing: boolean }
  | { readonly type: 'finished'; readonly finished_at: string };

export interface ExecutionStatus extends ExecutionSummary {
  readonly params: readonly JsonValue[];
  readonly queue: string;
  readonly component_id: string;
  readonly topmost_parent_id: string;
  readonly join_set_id: string | null;
  readonly scheduled_at: string;
  readonly pending_state: PendingState;
  readonly paused: boolean;
  readonly cancel_requested: boolean;
  readonly intermittent_failures: number;
  readonly version: number;
}

export interface ListExecutionsFilter {
  readonly ffqnPrefix?: string | undefined;
  readonly state?: SummaryState | undefined;
  readonly showDerived?: boolean | undefined;
  readonly executionIdPrefix?: string | undefined;
  readonly queue?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

export interface ExecutionPage {
  readonly executions: readonly ExecutionSummary[];
  readonly next_cursor: string | null;
}

export interface ResultBody {
  readonly execution_id: string;
  readonly state: SummaryState;
  readonly finished: Finished | null;
}

/** One event of an execution's log; `event.type` says which (see docs/api.md for every field). */
export interface EventRecord {
  readonly version: number;
  readonly created_at: string;
  readonly event: { readonly type: string; readonly [field: string]: unknown };
}

export interface JoinSetResponse {
  readonly cursor: number;
  readonly join_set_id: string;
  readonly created_at: string;
  readonly response:
    | {
        readonly type: 'child-finished';
        readonly child_execution_id: string;
        readonly finished_version: number;
        readonly result: Finished;
      }
    | { readonly type: 'delay-finished'; readonly delay_id: string; readonly outcome: 'fired' | 'cancelled' };
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'critical';

interface LogLineBase {
  readonly id: number;
  readonly execution_id: string;
  readonly run_id: string | null;
  readonly created_at: string;
  readonly message: string;
}

export type LogLine =
  | (LogLineBase & { readonly type: 'stream'; readonly stream: 'stdout' | 'stderr' })
  | (LogLineBase & { readonly type: 'log'; readonly level: LogLevel; readonly context: string });

export interface LogsFilter {
  /** Lowest level of `wasi:logging` records; `off` excludes them. */
  readonly level?: LogLevel | 'off' | undefined;
  /** Which output streams; `[]` excludes them. */
  readonly streams?: readonly ('stdout' | 'stderr')[] | undefined;
  readonly after?: number | undefined;
  readonly limit?: number | undefined;
  readonly showDerived?: boolean | undefined;
}

export interface LogsPage {
  readonly logs: readonly LogLine[];
  readonly next_after: number;
}

export interface Cancelled {
  readonly execution_id: string;
  readonly outcome: 'cancelled' | 'requested' | 'already-finished';
}

export interface Stubbed {
  readonly execution_id: string;
  readonly outcome: 'ok';
}

export interface ReplayOutcome {
  readonly execution_id: string;
  readonly ok: boolean;
  readonly nondeterminism?: {
    readonly event_index: number | null;
    readonly recorded: string;
    readonly requested: string;
  };
  readonly trap?: string;
}
