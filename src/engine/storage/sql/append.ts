/**
 * Appending events: the version check, the state machine, the events' side effects
 * (history events, response delivery on `finished`) and the notifications, all in
 * the caller's write transaction.
 */
import {
  FinishedResult,
  InvalidState,
  VersionConflict,
  type ExecutionEvent,
  type ExecutionEventRecord,
  type ExecutionId,
  type HistoryEventInput,
  type StubOutcome,
} from '../../concepts/index.js';
import type { ExecutionRow } from '../row-codec.js';
import { applyEvent, blockOnJoinSet, type RowState } from '../state-machine.js';
import type { AppendableEvent } from '../stores.js';
import type { WorkflowStep, WorkflowStepEnd, WorkflowStepResult } from '../types.js';
import { insertEvent } from './events.js';
import { applyHistory, joinSetCounts, type ChildLocking } from './history.js';
import { note, run, type Sql } from './query.js';
import { countResponses, deliverResponse } from './responses.js';
import { findExecution, loadExecution, writeRowState } from './rows.js';

/** What can be appended: a plain event, or a history event as handed in by a workflow. */
export type AppendInput = AppendableEvent | { readonly type: 'history'; readonly event: HistoryEventInput };

export interface AppendOutcome {
  readonly row: RowState;
  readonly records: readonly ExecutionEventRecord[];
}

/** Loads the execution and checks `expectedVersion`. */
export function* loadAtVersion(executionId: ExecutionId, expectedVersion: number): Sql<ExecutionRow> {
  const execution = yield* loadExecution(executionId);
  if (execution.row.version !== expectedVersion) {
    throw new VersionConflict(executionId, expectedVersion, execution.row.version);
  }
  return execution;
}

function* afterFinished(execution: ExecutionRow, row: RowState, now: number): Sql<void> {
  if (row.state.type !== 'finished') {
    return;
  }
  if (execution.parent !== null) {
    const response = {
      type: 'child-finished',
      childExecutionId: execution.executionId,
      finishedVersion: row.version,
      result: row.state.result,
    } as const;
    yield* deliverResponse(execution.parent.executionId, execution.parent.joinSetId, response, now);
  }
  yield run('DELETE FROM t_delay WHERE execution_id = :id', { id: execution.executionId });
  yield note({ type: 'finished', executionId: execution.executionId });
}

/**
 * Appends `inputs` to a loaded execution (whose version the caller has checked),
 * then lets `finalize` (if given) change the final row (e.g. block it), and writes the row.
 */
export function* appendTo(
  execution: ExecutionRow,
  inputs: readonly AppendInput[],
  now: number,
  finalize?: (row: RowState) => Sql<RowState>,
  children?: ChildLocking,
): Sql<AppendOutcome> {
  const before = execution.row;
  let row = before;
  const records: ExecutionEventRecord[] = [];
  const writeStub = (targetId: ExecutionId, result: FinishedResult): Sql<StubOutcome> =>
    stubTarget(targetId, result, now);
  for (const input of inputs) {
    const next = applyEvent(execution.executionId, row, input, now);
    const stored: ExecutionEvent =
      input.type === 'history'
        ? {
            type: 'history',
            event: yield* applyHistory(execution, input.event, next.version, now, writeStub, children),
          }
        : input;
    records.push(yield* insertEvent(execution.executionId, next.version, now, stored));
    row = next;
    if (stored.type === 'finished') {
      yield* afterFinished(execution, row, now);
    }
  }
  if (finalize !== undefined) {
    row = yield* finalize(row);
  }
  if (row !== before) {
    yield* writeRowState(execution.executionId, row);
  }
  const becamePending =
    row.state.type === 'pending-at' && !row.paused && (before.state.type !== 'pending-at' || before.paused);
  if (becamePending) {
    yield note({ type: 'pending', ffqn: execution.ffqn, queue: execution.queue });
  }
  return { row, records };
}

/** Appends at `expectedVersion + 1`; throws `VersionConflict` on mismatch. */
export function* appendEvents(
  executionId: ExecutionId,
  expectedVersion: number,
  inputs: readonly AppendInput[],
  now: number,
): Sql<AppendOutcome> {
  return yield* appendTo(yield* loadAtVersion(executionId, expectedVersion), inputs, now);
}

/** Writes a stub result: finishes the target unless it is finished already. */
export function* stubTarget(targetId: ExecutionId, result: FinishedResult, now: number): Sql<StubOutcome> {
  const target = yield* findExecution(targetId);
  if (target === undefined) {
    return 'not-found';
  }
  if (target.row.state.type === 'finished') {
    return FinishedResult.equals(target.row.state.result, result) ? 'ok' : 'conflict';
  }
  yield* appendTo(target, [{ type: 'finished', result }], now);
  return 'ok';
}

/** The step's final row for a `block` end: blocked, unless a response is already waiting. */
function blockIfOutstanding(
  execution: ExecutionRow,
  end: Extract<WorkflowStepEnd, { type: 'block' }>,
  now: number,
): (row: RowState) => Sql<RowState> {
  return function* (row: RowState): Sql<RowState> {
    const counts = yield* joinSetCounts(execution.executionId, end.joinSetId);
    if (counts === undefined || counts.awaited === 0) {
      throw new InvalidState(
        `cannot block ${execution.executionId} on join set ${end.joinSetId}: no join-next was recorded for it`,
      );
    }
    if ((yield* countResponses(execution.executionId, end.joinSetId)) >= counts.awaited) {
      return row;
    }
    return blockOnJoinSet(execution.executionId, row, end.joinSetId, end.closing, now);
  };
}

/** One workflow step (see `WorkerStore.appendWorkflowStep`). */
export function* appendWorkflowStep(step: WorkflowStep): Sql<WorkflowStepResult> {
  const execution = yield* loadAtVersion(step.executionId, step.expectedVersion);
  if (execution.row.state.type !== 'locked') {
    throw new InvalidState(
      `cannot append a workflow step to ${step.executionId}: it is ${execution.row.state.type}, not locked`,
    );
  }
  const inputs: AppendInput[] = step.events.map((event) => ({ type: 'history', event }));
  if (step.end?.type === 'finish') {
    inputs.push({ type: 'finished', result: step.end.result });
  }
  const end = step.end;
  const finalize = end?.type === 'block' ? blockIfOutstanding(execution, end, step.now) : undefined;
  const children: ChildLocking | undefined =
    step.lockChild === undefined ? undefined : { lock: step.lockChild, locked: [] };
  const { row, records } = yield* appendTo(execution, inputs, step.now, finalize, children);
  return {
    version: row.version,
    blocked: row.state.type === 'blocked-by-join-set',
    records,
    lockedChildren: children?.locked ?? [],
  };
}
