/** One line per event of an execution's log, for the detail's timeline. */
import type { EventRecord, Finished } from '../client/index.js';
import { duration, finishedSummary } from './format.js';

type Fields = Record<string, unknown>;

const str = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function after(fromIso: unknown, toIso: unknown): string {
  return duration(Date.parse(str(toIso)) - Date.parse(str(fromIso)));
}

function historyText(event: Fields): string {
  const request = (event['request'] ?? {}) as Fields;
  switch (event['type']) {
    case 'join-set-create':
      return `join set ${str(event['join_set_id'])} created`;
    case 'join-set-request':
      return request['type'] === 'delay'
        ? `request delay ${str(request['delay_id'])} until ${str(request['expires_at'])}`
        : `request child ${str(request['child_execution_id'])} ${str(request['ffqn'])}(${JSON.stringify(request['params'])})`;
    case 'join-next':
      return `await next response of ${str(event['join_set_id'])}${event['closing'] === true ? ' (closing)' : ''}`;
    case 'join-next-try':
      return `try next response of ${str(event['join_set_id'])}: ${str(event['outcome'])}`;
    case 'persist':
      return `persist ${str(event['what'])} ${JSON.stringify(event['value'])}`;
    case 'schedule':
      return `schedule ${str(event['execution_id'])} ${str(event['ffqn'])} at ${str(event['scheduled_at'])}`;
    case 'stub':
      return `stub ${str(event['target_execution_id'])}: ${str(event['outcome'])}`;
    default:
      return str(event['type']);
  }
}

/** `+1.2s  locked`, `+3.0s  retry: trap "unreachable", backoff 200ms`, ... */
export function eventText(record: EventRecord, createdAt: string): string {
  const e = record.event as Fields;
  const at = `+${after(createdAt, record.created_at)}`.padEnd(8);
  let text: string;
  switch (e['type']) {
    case 'created':
      text = `created${e['paused'] === true ? ' paused' : ''}, scheduled at ${str(e['scheduled_at'])}`;
      break;
    case 'locked':
      text = `locked by ${str(e['executor_id'])} (run ${str(e['run_id'])})`;
      break;
    case 'unlocked':
      text = `unlocked: ${str(e['reason'])}, pending again in ${after(record.created_at, e['backoff_until'])}`;
      break;
    case 'temporarily-failed':
      text = `retry: ${str(e['reason'])}${e['detail'] == null ? '' : ` (${str(e['detail'])})`}, backoff ${after(record.created_at, e['backoff_until'])}`;
      break;
    case 'temporarily-timed-out':
      text = `retry: timed out, backoff ${after(record.created_at, e['backoff_until'])}`;
      break;
    case 'finished':
      text = `finished: ${finishedSummary(e['result'] as Finished)}`;
      break;
    case 'history':
      text = historyText((e['event'] ?? {}) as Fields);
      break;
    default:
      text = str(e['type']);
  }
  return `${at}${text}`;
}
