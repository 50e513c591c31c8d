/** Small text helpers of the TUI: times, durations, IDs, function names, result summaries, colours. */
import type { ExecutionSummary, Finished, SummaryState } from '../client/index.js';

/** `HH:MM:SS` in local time for today, `MM-DD HH:MM` otherwise. */
export function shortTime(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const hms = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return new Date(now).toDateString() === date.toDateString()
    ? hms
    : `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${hms.slice(0, 5)}`;
}

/** `850ms`, `12.3s`, `4m05s`, `2h10m`. */
export function duration(ms: number): string {
  if (ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** How long it ran (finished) or has existed so far. */
export function executionDuration(summary: ExecutionSummary, now = Date.now()): string {
  const end = summary.state === 'finished' ? Date.parse(summary.updated_at) : now;
  return duration(end - Date.parse(summary.created_at));
}

/** The ID, shortened to its random tail when `width` is small (`E_…7Q2M9XKA`). */
export function shortId(id: string, width: number): string {
  if (id.length <= width) return id;
  return `${id.slice(0, 2)}…${id.slice(id.length - (width - 3))}`;
}

/** `workflow.fiboa` for `testing:fibo-workflow/workflow.fiboa`. */
export function shortFfqn(ffqn: string): string {
  const slash = ffqn.lastIndexOf('/');
  const rest = slash === -1 ? ffqn : ffqn.slice(slash + 1);
  const dot = rest.lastIndexOf('.');
  return dot === -1 ? rest : `${rest.slice(0, dot).replace(/@.*$/, '')}.${rest.slice(dot + 1)}`;
}

/** The result in a few words: `ok 55`, `err "boom"`, `cancelled`. */
export function finishedSummary(finished: Finished | null): string {
  if (finished === null) return '';
  if (finished.kind === 'failure') return finished.failure_kind;
  const value = JSON.stringify(finished.value) ?? '';
  return value === 'null' ? finished.kind : `${finished.kind} ${value}`;
}

/** Cuts text to `width` with an ellipsis, and pads it. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const cut = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  return cut.padEnd(width);
}

export const STATE_COLOR: Readonly<Record<SummaryState, string>> = {
  pending: 'yellow',
  locked: 'cyan',
  blocked: 'blue',
  paused: 'magenta',
  cancelling: 'red',
  finished: 'green',
};

/** The colour of a row: failures red, other finished green, the rest by state. */
export function stateColor(summary: Pick<ExecutionSummary, 'state' | 'finished'>): string {
  if (summary.finished !== null && summary.finished.kind !== 'ok') return 'red';
  return STATE_COLOR[summary.state];
}
