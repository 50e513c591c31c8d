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
import { applyEvent, blockOnJoinSet, type RowState } from '../state-machine.js';
import type { AppendableEvent } from '../stores.js';
import type { WorkflowStep, WorkflowStepEnd, WorkflowStepResult } from '../types.js';
import { insertEvent } from './events.js';
import { applyHistory, joinSetCounts } from './history.js';
import { countResponses, deliverResponse } from './responses.js';
import { findExecution, loadExecution, writeRowState, type ExecutionRow } from './rows.js';
import { notifyFinished, notifyPending, type Tx } from './tx.js';

/** What can be appended: a plain event, or a history event as handed in by a workflow. */
export type AppendInput = AppendableEvent | { readonly type: 'history'; readonly event: HistoryEventInput };

export interface AppendOutcome {
  readonly row: RowState;
  readonly records: readonly ExecutionEventRecord[];
}

/** Loads the execution and checks `expectedVersion`. */
export async function loadAtVersion(tx: Tx, executionId: ExecutionId, expectedVersion: number): Promise<ExecutionRow> {
  const execution = await loadExecution(tx.c, executionId);
  if (execution.row.version !== expectedVersion) {
    throw new VersionConflict(executionId, expectedVersion, execution.row.version);
  }
  return execution;
}

async function afterFinished(tx: Tx, execution: ExecutionRow, row: RowState, now: number): Promise<void> {
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
    await deliverResponse(tx, execution.parent.executionId, execution.parent.joinSetId, response, now);
  }
  await tx.c.run('DELETE FROM t_delay WHERE execution_id = :id', { id: execution.executionId });
  notifyFinished(tx, execution.executionId);
}

/**
 * Appends `inputs` to a loaded execution (whose version the caller has checked),
 * then lets `finalize` change the final row (e.g. block it), and writes the row.
 */
export async function appendTo(
  tx: Tx,
  execution: ExecutionRow,
  inputs: readonly AppendInput[],
  now: number,
  finalize: (row: RowState) => Promise<RowState> = (row) => Promise.resolve(row),
): Promise<AppendOutcome> {
  const before = execution.row;
  let row = before;
  const records: ExecutionEventRecord[] = [];
  const writeStub = (targetId: ExecutionId, result: FinishedResult): Promise<StubOutcome> =>
    stubTarget(tx, targetId, result, now);
  for (const input of inputs) {
    const next = applyEvent(execution.executionId, row, input, now);
    const stored: ExecutionEvent =
      input.type === 'history'
        ? { type: 'history', event: await applyHistory(tx, execution, input.event, next.version, now, writeStub) }
        : input;
    records.push(await insertEvent(tx.c, execution.executionId, next.version, now, stored));
    row = next;
    if (stored.type === 'finished') {
      await afterFinished(tx, execution, row, now);
    }
  }
  row = await finalize(row);
  if (row !== before) {
    await writeRowState(tx.c, execution.executionId, row);
  }
  const becamePending =
    row.state.type === 'pending-at' && !row.paused && (before.state.type !== 'pending-at' || before.paused);
  if (becamePending) {
    notifyPending(tx, execution.ffqn, execution.queue);
  }
  return { row, records };
}

/** Appends at `expectedVersion + 1`; throws `VersionConflict` on mismatch. */
export async function appendEvents(
  tx: Tx,
  executionId: ExecutionId,
  expectedVersion: number,
  inputs: readonly AppendInput[],
  now: number,
): Promise<AppendOutcome> {
  return appendTo(tx, await loadAtVersion(tx, executionId, expectedVersion), inputs, now);
}

/** Writes a stub result: finishes the target unless it is finished already. */
export async function stubTarget(
  tx: Tx,
  targetId: ExecutionId,
  result: FinishedResult,
  now: number,
): Promise<StubOutcome> {
  const target = await findExecution(tx.c, targetId);
  if (target === undefined) {
    return 'not-found';
  }
  if (target.row.state.type === 'finished') {
    return FinishedResult.equals(target.row.state.result, result) ? 'ok' : 'conflict';
  }
  await appendTo(tx, target, [{ type: 'finished', result }], now);
  return 'ok';
}

/** The step's final row for a `block` end: blocked, unless a response is already waiting. */
function blockIfOutstanding(
  tx: Tx,
  execution: ExecutionRow,
  end: Extract<WorkflowStepEnd, { type: 'block' }>,
  now: number,
): (row: RowState) => Promise<RowState> {
  return async (row: RowState): Promise<RowState> => {
    const counts = await joinSetCounts(tx, execution.executionId, end.joinSetId);
    if (counts === undefined || counts.awaited === 0) {
      throw new InvalidState(
        `cannot block ${execution.executionId} on join set ${end.joinSetId}: no join-next was recorded for it`,
      );
    }
    if ((await countResponses(tx.c, execution.executionId, end.joinSetId)) >= counts.awaited) {
      return row;
    }
    return blockOnJoinSet(execution.executionId, row, end.joinSetId, end.closing, now);
  };
}

/** One workflow step (see `WorkerStore.appendWorkflowStep`). */
export async function appendWorkflowStep(tx: Tx, step: WorkflowStep): Promise<WorkflowStepResult> {
  const execution = await loadAtVersion(tx, step.executionId, step.expectedVersion);
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
  const finalize = end?.type === 'block' ? blockIfOutstanding(tx, execution, end, step.now) : undefined;
  const { row, records } = await appendTo(tx, execution, inputs, step.now, finalize);
  return { version: row.version, blocked: row.state.type === 'blocked-by-join-set', records };
}
