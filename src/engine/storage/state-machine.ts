/**
 * How each event changes an execution's row (backend-neutral). Every store applies
 * events through {@link applyEvent}, so all backends enforce the same rules:
 *
 * | event | allowed when | new state |
 * | --- | --- | --- |
 * | `locked` | pending-at, not paused | locked |
 * | `unlocked` / `temporarily-*` | locked | pending-at(backoffUntil); `temporarily-*` count a failure |
 * | `finished` | not finished | finished |
 * | `paused` | not finished, not locked, not paused | paused flag set |
 * | `unpaused` | paused | paused flag cleared |
 * | `cancel-requested` | not finished, not requested | flag set; blocked becomes pending-at(now) |
 * | `history` | locked | unchanged |
 */
import {
  InvalidState,
  type ExecutionEvent,
  type ExecutionId,
  type JoinSetId,
  type PendingState,
  type RetryConfig,
} from '../concepts/index.js';

/** The mutable part of an execution row. */
export interface RowState {
  readonly version: number;
  readonly updatedAt: number;
  readonly state: PendingState;
  readonly paused: boolean;
  readonly cancelRequested: boolean;
  readonly intermittentFailures: number;
  readonly retry: RetryConfig | null;
  /** The version of the `locked` event while locked. */
  readonly lockedAtVersion: number | null;
}

function refuse(executionId: ExecutionId, row: RowState, what: string): never {
  const flags = `${row.paused ? ', paused' : ''}${row.cancelRequested ? ', cancel requested' : ''}`;
  throw new InvalidState(`cannot ${what} execution ${executionId}: it is ${row.state.type}${flags}`);
}

/** An event as far as the state machine cares (history events only by their kind). */
export type StateEvent =
  Exclude<ExecutionEvent, { readonly type: 'created' | 'history' }> | { readonly type: 'history' };

/** The row after appending `event` at `row.version + 1`. Throws `InvalidState` when not allowed. */
export function applyEvent(executionId: ExecutionId, row: RowState, event: StateEvent, now: number): RowState {
  const version = row.version + 1;
  const base = { ...row, version, updatedAt: now };
  const { state } = row;
  switch (event.type) {
    case 'locked':
      if (state.type !== 'pending-at' || row.paused) {
        refuse(executionId, row, 'lock');
      }
      return {
        ...base,
        state: { type: 'locked', executorId: event.executorId, runId: event.runId, lockExpiresAt: event.lockExpiresAt },
        retry: event.retry ?? row.retry,
        lockedAtVersion: version,
      };
    case 'unlocked':
    case 'temporarily-failed':
    case 'temporarily-timed-out':
      if (state.type !== 'locked') {
        refuse(executionId, row, `append ${event.type} to`);
      }
      return {
        ...base,
        state: { type: 'pending-at', scheduledAt: event.backoffUntil },
        intermittentFailures: row.intermittentFailures + (event.type === 'unlocked' ? 0 : 1),
        lockedAtVersion: null,
      };
    case 'finished':
      if (state.type === 'finished') {
        refuse(executionId, row, 'finish');
      }
      return { ...base, state: { type: 'finished', finishedAt: now, result: event.result }, lockedAtVersion: null };
    default:
      return applyFlagOrHistory(executionId, row, base, event, now);
  }
}

function applyFlagOrHistory(
  executionId: ExecutionId,
  row: RowState,
  base: RowState,
  event: Extract<StateEvent, { type: 'paused' | 'unpaused' | 'cancel-requested' | 'history' }>,
  now: number,
): RowState {
  const { state } = row;
  switch (event.type) {
    case 'paused':
      if (state.type === 'finished' || state.type === 'locked' || row.paused) {
        refuse(executionId, row, 'pause');
      }
      return { ...base, paused: true };
    case 'unpaused':
      if (!row.paused) {
        refuse(executionId, row, 'unpause');
      }
      return { ...base, paused: false };
    case 'cancel-requested':
      if (state.type === 'finished' || row.cancelRequested) {
        refuse(executionId, row, 'request cancellation of');
      }
      return {
        ...base,
        cancelRequested: true,
        state: state.type === 'blocked-by-join-set' ? { type: 'pending-at', scheduledAt: now } : state,
      };
    case 'history':
      if (state.type !== 'locked') {
        refuse(executionId, row, 'append history to');
      }
      return base;
  }
}

/** Blocks a locked workflow on a join set, releasing its lock (no event, no version change). */
export function blockOnJoinSet(
  executionId: ExecutionId,
  row: RowState,
  joinSetId: JoinSetId,
  closing: boolean,
  now: number,
): RowState {
  if (row.state.type !== 'locked') {
    refuse(executionId, row, 'block');
  }
  return { ...row, updatedAt: now, state: { type: 'blocked-by-join-set', joinSetId, closing }, lockedAtVersion: null };
}

/**
 * A response for `joinSetId` arrived: a row blocked on that join set becomes
 * pending at `now`; any other row is returned unchanged (same object).
 */
export function wakeOnResponse(row: RowState, joinSetId: JoinSetId, now: number): RowState {
  if (row.state.type !== 'blocked-by-join-set' || row.state.joinSetId !== joinSetId) {
    return row;
  }
  return { ...row, updatedAt: now, state: { type: 'pending-at', scheduledAt: now } };
}

/** True when the row can be locked at `now`. */
export function isLockable(row: RowState, now: number): boolean {
  return row.state.type === 'pending-at' && !row.paused && row.state.scheduledAt <= now;
}
