/** Human output of the execution commands: results, tables, statuses, events and log lines. */
import type { EventRecord, ExecutionStatus, Finished, LogLine, PendingState } from '../../client/index.js';

/** The JSON encoding of the return value (`{"ok":55}`, `{"err":"..."}`); `null` for failures. */
export function returnValueJson(finished: Finished): string | null {
  return finished.kind === 'failure' ? null : JSON.stringify({ [finished.kind]: finished.value });
}

/** `failed: timed-out (detail)`. */
export function failureText(finished: Finished & { kind: 'failure' }): string {
  return finished.detail === undefined
    ? `failed: ${finished.failure_kind}`
    : `failed: ${finished.failure_kind} (${finished.detail})`;
}

/** One short cell: `ok 55`, `err "x"`, `failure timed-out`, or `-`. */
export function finishedCell(finished: Finished | null, max = 40): string {
  if (finished === null) {
    return '-';
  }
  const text =
    finished.kind === 'failure'
      ? `failure ${finished.failure_kind}`
      : `${finished.kind} ${JSON.stringify(finished.value)}`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Left-aligned columns separated by two spaces. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function pendingText(state: PendingState): string {
  switch (state.type) {
    case 'pending-at':
      return `pending at ${state.scheduled_at}`;
    case 'locked':
      return `locked by ${state.executor_id} (run ${state.run_id}) until ${state.lock_expires_at}`;
    case 'blocked-by-join-set':
      return `blocked on join set ${state.join_set_id}${state.closing ? ' (closing)' : ''}`;
    case 'finished':
      return `finished at ${state.finished_at}`;
  }
}

/** `execution get`: the status as labelled lines. */
export function statusText(status: ExecutionStatus): string {
  const rows: [string, string][] = [
    ['execution', status.execution_id],
    ['function', status.ffqn],
    ['state', status.state],
  ];
  if (status.finished !== null) {
    rows.push([
      'result',
      returnValueJson(status.finished) ?? failureText(status.finished as Finished & { kind: 'failure' }),
    ]);
  }
  rows.push(
    ['params', JSON.stringify(status.params)],
    ['detail', pendingText(status.pending_state)],
    ['created', status.created_at],
    ['updated', status.updated_at],
    ['queue', status.queue],
    ['component', status.component_id],
  );
  if (status.parent_id !== null) {
    rows.push(['parent', `${status.parent_id} (join set ${status.join_set_id ?? '?'})`]);
  }
  if (status.paused) {
    rows.push(['paused', 'yes']);
  }
  if (status.cancel_requested) {
    rows.push(['cancel', 'requested']);
  }
  if (status.intermittent_failures > 0) {
    rows.push(['retries', String(status.intermittent_failures)]);
  }
  return rows.map(([label, value]) => `${label.padEnd(10)} ${value}`).join('\n');
}

type Fields = Readonly<Record<string, unknown>>;

function field(event: Fields, name: string): string {
  const value = event[name];
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function historyText(event: Fields): string {
  const type = field(event, 'type');
  const request = (event['request'] ?? {}) as Fields;
  switch (type) {
    case 'join-set-request':
      return request['type'] === 'delay'
        ? `join-set-request ${field(event, 'join_set_id')}: delay ${field(request, 'delay_id')} until ${field(request, 'expires_at')}`
        : `join-set-request ${field(event, 'join_set_id')}: ${field(request, 'child_execution_id')} ${field(request, 'ffqn')}(${JSON.stringify(request['params'] ?? [])})`;
    case 'join-set-create':
      return `join-set-create ${field(event, 'join_set_id')}`;
    case 'join-next':
      return `join-next ${field(event, 'join_set_id')}${event['closing'] === true ? ' (closing)' : ''}`;
    case 'join-next-try':
      return `join-next-try ${field(event, 'join_set_id')}: ${field(event, 'outcome')}`;
    case 'persist':
      return `persist ${field(event, 'what')} ${JSON.stringify(event['value'])}`;
    case 'schedule':
      return `schedule ${field(event, 'execution_id')} ${field(event, 'ffqn')}(${JSON.stringify(event['params'] ?? [])}) at ${field(event, 'scheduled_at')}`;
    case 'stub':
      return `stub ${field(event, 'target_execution_id')} ${finishedCell(event['result'] as Finished)}: ${field(event, 'outcome')}`;
    default:
      return type;
  }
}

/** `execution events`: one line per event. */
export function eventText(record: EventRecord): string {
  const event = record.event as Fields;
  let text: string;
  switch (record.event.type) {
    case 'created':
      text = `created ${field(event, 'ffqn')}(${JSON.stringify(event['params'])}) queue ${field(event, 'queue')}, scheduled at ${field(event, 'scheduled_at')}`;
      break;
    case 'locked':
      text = `locked by ${field(event, 'executor_id')} (run ${field(event, 'run_id')}) until ${field(event, 'lock_expires_at')}`;
      break;
    case 'unlocked':
      text = `unlocked: ${field(event, 'reason')}; pending at ${field(event, 'backoff_until')}`;
      break;
    case 'temporarily-failed':
      text = `temporarily failed: ${field(event, 'reason')}${event['detail'] === null ? '' : ` (${field(event, 'detail')})`}; retry at ${field(event, 'backoff_until')}`;
      break;
    case 'temporarily-timed-out':
      text = `temporarily timed out; retry at ${field(event, 'backoff_until')}`;
      break;
    case 'finished':
      text = `finished ${finishedCell(event['result'] as Finished, 200)}`;
      break;
    case 'history':
      text = historyText(event['event'] as Fields);
      break;
    default:
      text = record.event.type;
  }
  return `${String(record.version).padStart(4)}  ${record.created_at}  ${text}`;
}

/** `execution logs`: one line per log line. */
export function logText(line: LogLine, withExecution: boolean): string {
  const prefix = `${line.created_at}${withExecution ? `  ${line.execution_id}` : ''}`;
  const message = line.message.replace(/\n$/, '');
  return line.type === 'stream'
    ? `${prefix}  ${line.stream.padEnd(6)}  ${message}`
    : `${prefix}  ${line.level.toUpperCase().padEnd(6)}  ${line.context === '' ? '' : `${line.context}: `}${message}`;
}
