/**
 * One-line descriptions of history events, for nondeterminism reports, and the rule
 * deciding whether a new request matches a recorded event.
 */
import { canonicalJson, FinishedResult, type HistoryEvent, type HistoryEventInput } from '../../concepts/index.js';

export function describeEvent(event: HistoryEvent | HistoryEventInput): string {
  switch (event.type) {
    case 'persist':
      return `persist ${event.what}`;
    case 'join-set-create':
      return `join-set-create ${event.joinSetId}`;
    case 'join-set-request':
      return event.request.type === 'delay'
        ? `delay ${event.request.delayId} in ${event.joinSetId} until ${new Date(event.request.expiresAt).toISOString()}`
        : `child ${event.request.childExecutionId} ${event.request.ffqn}(${canonicalJson(event.request.params)})`;
    case 'join-next':
      return `join-next ${event.joinSetId}${event.closing ? ' (closing)' : ''}`;
    case 'join-next-try':
      return `join-next-try ${event.joinSetId}`;
    case 'schedule':
      return `schedule ${event.executionId} ${event.ffqn}(${canonicalJson(event.params)}) at ${new Date(event.scheduledAt).toISOString()}`;
    case 'stub':
      return `stub ${event.targetExecutionId}`;
  }
}

/** True when `requested` is the same decision as `recorded` (digests and outcomes are not compared). */
export function sameDecision(recorded: HistoryEvent, requested: HistoryEventInput): boolean {
  switch (requested.type) {
    case 'persist':
      return recorded.type === 'persist' && recorded.what === requested.what;
    case 'join-set-create':
      return recorded.type === 'join-set-create' && recorded.joinSetId === requested.joinSetId;
    case 'join-set-request': {
      if (recorded.type !== 'join-set-request' || recorded.joinSetId !== requested.joinSetId) {
        return false;
      }
      const a = recorded.request;
      const b = requested.request;
      if (a.type === 'delay' || b.type === 'delay') {
        return a.type === 'delay' && b.type === 'delay' && a.delayId === b.delayId && a.expiresAt === b.expiresAt;
      }
      return (
        a.childExecutionId === b.childExecutionId &&
        a.ffqn === b.ffqn &&
        canonicalJson(a.params) === canonicalJson(b.params)
      );
    }
    case 'join-next':
      return (
        recorded.type === 'join-next' &&
        recorded.joinSetId === requested.joinSetId &&
        recorded.closing === requested.closing
      );
    case 'join-next-try':
      return recorded.type === 'join-next-try' && recorded.joinSetId === requested.joinSetId;
    case 'schedule':
      return (
        recorded.type === 'schedule' &&
        recorded.executionId === requested.executionId &&
        recorded.ffqn === requested.ffqn &&
        recorded.scheduledAt === requested.scheduledAt &&
        canonicalJson(recorded.params) === canonicalJson(requested.params)
      );
    case 'stub':
      return (
        recorded.type === 'stub' &&
        recorded.targetExecutionId === requested.targetExecutionId &&
        FinishedResult.equals(recorded.result, requested.result)
      );
  }
}
