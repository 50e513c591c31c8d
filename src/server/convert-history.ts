/** Event log records, join-set responses and log lines as the API's JSON. */
import type {
  ExecutionEvent,
  ExecutionEventRecord,
  HistoryEvent,
  JoinSetResponseRecord,
  LogRecord,
} from '../engine/index.js';
import { finishedJson, isoTime } from './convert.js';
import { publicDetail } from './trace.js';
import type { EventJson, EventRecordJson, HistoryEventJson, LogLineJson, ResponseJson } from '../wire/history.js';

export function eventRecordJson(record: ExecutionEventRecord): EventRecordJson {
  return { version: record.version, created_at: isoTime(record.createdAt), event: eventJson(record.event) };
}

function eventJson(event: ExecutionEvent): EventJson {
  switch (event.type) {
    case 'created':
      return {
        type: 'created',
        ffqn: event.ffqn,
        params: [...event.params],
        parent:
          event.parent === null
            ? null
            : { execution_id: event.parent.executionId, join_set_id: event.parent.joinSetId },
        topmost_parent_id: event.topmostParentId,
        scheduled_at: isoTime(event.scheduledAt),
        queue: event.queue,
        component_id: event.componentDigest,
        paused: event.paused,
      };
    case 'locked':
      return {
        type: 'locked',
        executor_id: event.executorId,
        run_id: event.runId,
        lock_expires_at: isoTime(event.lockExpiresAt),
      };
    case 'unlocked':
      return { type: 'unlocked', reason: event.reason, backoff_until: isoTime(event.backoffUntil) };
    case 'temporarily-failed':
      return {
        type: 'temporarily-failed',
        reason: event.reason,
        detail: event.detail === undefined ? null : publicDetail(event.detail),
        backoff_until: isoTime(event.backoffUntil),
      };
    case 'temporarily-timed-out':
      return { type: 'temporarily-timed-out', backoff_until: isoTime(event.backoffUntil) };
    case 'finished':
      return { type: 'finished', result: finishedJson(event.result) };
    case 'paused':
    case 'unpaused':
    case 'cancel-requested':
      return { type: event.type };
    case 'history':
      return { type: 'history', event: historyJson(event.event) };
  }
}

function historyJson(event: HistoryEvent): HistoryEventJson {
  switch (event.type) {
    case 'persist':
      return { type: 'persist', what: event.what, value: event.value };
    case 'join-set-create':
      return { type: 'join-set-create', join_set_id: event.joinSetId };
    case 'join-set-request': {
      const request = event.request;
      return {
        type: 'join-set-request',
        join_set_id: event.joinSetId,
        request:
          request.type === 'delay'
            ? { type: 'delay', delay_id: request.delayId, expires_at: isoTime(request.expiresAt) }
            : {
                type: 'child-execution',
                child_execution_id: request.childExecutionId,
                ffqn: request.ffqn,
                params: [...request.params],
                component_id: request.componentDigest,
                queue: request.queue ?? null,
              },
      };
    }
    case 'join-next':
      return { type: 'join-next', join_set_id: event.joinSetId, closing: event.closing };
    case 'join-next-try':
      return { type: 'join-next-try', join_set_id: event.joinSetId, outcome: event.outcome };
    case 'schedule':
      return {
        type: 'schedule',
        execution_id: event.executionId,
        ffqn: event.ffqn,
        params: [...event.params],
        scheduled_at: isoTime(event.scheduledAt),
        component_id: event.componentDigest,
        queue: event.queue ?? null,
      };
    case 'stub':
      return {
        type: 'stub',
        target_execution_id: event.targetExecutionId,
        result: finishedJson(event.result),
        outcome: event.outcome,
      };
  }
}

export function responseJson(record: JoinSetResponseRecord): ResponseJson {
  const response = record.response;
  return {
    cursor: record.cursor,
    join_set_id: record.joinSetId,
    created_at: isoTime(record.createdAt),
    response:
      response.type === 'delay-finished'
        ? { type: 'delay-finished', delay_id: response.delayId, outcome: response.outcome }
        : {
            type: 'child-finished',
            child_execution_id: response.childExecutionId,
            finished_version: response.finishedVersion,
            result: finishedJson(response.result),
          },
  };
}

export function logLineJson(record: LogRecord): LogLineJson {
  const base = {
    id: record.id,
    execution_id: record.executionId,
    run_id: record.runId,
    created_at: isoTime(record.createdAt),
    message: record.message,
  };
  return record.type === 'stream'
    ? { ...base, type: 'stream', stream: record.stream }
    : { ...base, type: 'log', level: record.level, context: record.context };
}
