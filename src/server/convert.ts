/** Engine records as the API's JSON: snake_case keys, RFC 3339 times, component digests as `component_id`. */
import type {
  ExecutionRecord,
  ExecutionSummary as EngineSummary,
  FinishedResult,
  FinishedSummary,
  PendingState,
} from '../engine/index.js';
import type { Finished } from '../wire/common.js';
import { publicDetail } from './trace.js';
import type { ExecutionStatus, ExecutionSummary, PendingStateJson, ResultBody } from '../wire/executions.js';

/** Milliseconds since the epoch as an RFC 3339 timestamp. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** A finished result; failure details are kept (without host frames) when the engine has them. */
export function finishedJson(result: FinishedResult | FinishedSummary): Finished {
  if (result.kind !== 'failure') {
    return { kind: result.kind, value: result.value };
  }
  const detail = 'detail' in result ? result.detail : undefined;
  return detail === undefined
    ? { kind: 'failure', failure_kind: result.failureKind }
    : { kind: 'failure', failure_kind: result.failureKind, detail: publicDetail(detail) };
}

export function summaryJson(summary: EngineSummary): ExecutionSummary {
  return {
    execution_id: summary.executionId,
    ffqn: summary.ffqn,
    state: summary.state,
    created_at: isoTime(summary.createdAt),
    updated_at: isoTime(summary.updatedAt),
    finished: summary.finished === null ? null : finishedJson(summary.finished),
    parent_id: summary.parentId,
  };
}

function pendingStateJson(state: PendingState): PendingStateJson {
  switch (state.type) {
    case 'pending-at':
      return { type: 'pending-at', scheduled_at: isoTime(state.scheduledAt) };
    case 'locked':
      return {
        type: 'locked',
        executor_id: state.executorId,
        run_id: state.runId,
        lock_expires_at: isoTime(state.lockExpiresAt),
      };
    case 'blocked-by-join-set':
      return { type: 'blocked-by-join-set', join_set_id: state.joinSetId, closing: state.closing };
    case 'finished':
      return { type: 'finished', finished_at: isoTime(state.finishedAt) };
  }
}

export function statusJson(record: ExecutionRecord): ExecutionStatus {
  return {
    execution_id: record.executionId,
    ffqn: record.ffqn,
    state: record.summaryState,
    created_at: isoTime(record.createdAt),
    updated_at: isoTime(record.updatedAt),
    finished: record.state.type === 'finished' ? finishedJson(record.state.result) : null,
    parent_id: record.parent?.executionId ?? null,
    params: [...record.params],
    queue: record.queue,
    component_id: record.componentDigest,
    topmost_parent_id: record.topmostParentId,
    join_set_id: record.parent?.joinSetId ?? null,
    scheduled_at: isoTime(record.firstScheduledAt),
    pending_state: pendingStateJson(record.state),
    paused: record.paused,
    cancel_requested: record.cancelRequested,
    intermittent_failures: record.intermittentFailures,
    version: record.version,
  };
}

export function resultJson(record: ExecutionRecord): ResultBody {
  return {
    execution_id: record.executionId,
    state: record.summaryState,
    finished: record.state.type === 'finished' ? finishedJson(record.state.result) : null,
  };
}
