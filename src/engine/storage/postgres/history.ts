/**
 * Side effects of workflow history events, inside the step's transaction:
 * join sets and their counters, child executions, delays, scheduled executions
 * and stub results.
 */
import {
  Conflict,
  DelayId,
  ExecutionId,
  InvalidArgument,
  InvalidState,
  type ChildExecutionRequest,
  type DelayRequest,
  type FinishedResult,
  type HistoryEvent,
  type HistoryEventInput,
  type JoinSetId,
  type StubOutcome,
} from '../../concepts/index.js';
import { DEFAULT_QUEUE } from '../types.js';
import { checkDerivedId, insertExecution } from './create.js';
import { num, type ExecutionRow } from './rows.js';
import { countResponses } from './responses.js';
import type { Tx } from './tx.js';

/** The counters of one join set. */
export interface JoinSetCounts {
  readonly requests: number;
  /** Consuming events so far: `join-next` and `join-next-try` with outcome `found`. */
  readonly awaited: number;
}

export async function joinSetCounts(
  tx: Tx,
  executionId: ExecutionId,
  joinSetId: JoinSetId,
): Promise<JoinSetCounts | undefined> {
  const row = await tx.c.get(
    'SELECT requests, awaited FROM t_join_set WHERE execution_id = :id AND join_set_id = :js',
    {
      id: executionId,
      js: joinSetId,
    },
  );
  return row === undefined ? undefined : { requests: num(row, 'requests'), awaited: num(row, 'awaited') };
}

async function requireJoinSet(tx: Tx, executionId: ExecutionId, joinSetId: JoinSetId): Promise<JoinSetCounts> {
  const counts = await joinSetCounts(tx, executionId, joinSetId);
  if (counts === undefined) {
    throw new InvalidState(`join set ${joinSetId} of ${executionId} was not created (append join-set-create first)`);
  }
  return counts;
}

async function bump(
  tx: Tx,
  executionId: ExecutionId,
  joinSetId: JoinSetId,
  column: 'requests' | 'awaited',
): Promise<void> {
  await tx.c.run(`UPDATE t_join_set SET ${column} = ${column} + 1 WHERE execution_id = :id AND join_set_id = :js`, {
    id: executionId,
    js: joinSetId,
  });
}

async function createJoinSet(tx: Tx, executionId: ExecutionId, joinSetId: JoinSetId, version: number): Promise<void> {
  if ((await joinSetCounts(tx, executionId, joinSetId)) !== undefined) {
    throw new Conflict(`join set ${joinSetId} of ${executionId} already exists`);
  }
  await tx.c.run('INSERT INTO t_join_set (execution_id, join_set_id, created_version) VALUES (:id, :js, :version)', {
    id: executionId,
    js: joinSetId,
    version,
  });
}

async function requestChild(
  tx: Tx,
  execution: ExecutionRow,
  joinSetId: JoinSetId,
  request: ChildExecutionRequest,
  now: number,
): Promise<void> {
  const parent = { executionId: execution.executionId, joinSetId };
  checkDerivedId(request.childExecutionId, parent);
  const created = await insertExecution(tx, {
    executionId: request.childExecutionId,
    ffqn: request.ffqn,
    params: request.params,
    componentDigest: request.componentDigest,
    scheduledAt: now,
    queue: request.queue ?? DEFAULT_QUEUE,
    seed: request.seed ?? null,
    parent,
    topmostParentId: execution.topmostParentId,
    paused: false,
    now,
  });
  if (!created) {
    throw new Conflict(`child execution ${request.childExecutionId} already exists`);
  }
}

async function requestDelay(
  tx: Tx,
  execution: ExecutionRow,
  joinSetId: JoinSetId,
  request: DelayRequest,
  now: number,
): Promise<void> {
  DelayId.parse(request.delayId);
  const exists = await tx.c.get(
    'SELECT 1 AS x FROM t_delay WHERE delay_id = :id UNION ALL SELECT 1 FROM t_response WHERE delay_id = :id',
    { id: request.delayId },
  );
  if (exists !== undefined) {
    throw new Conflict(`delay ${request.delayId} already exists`);
  }
  await tx.c.run(
    'INSERT INTO t_delay (delay_id, execution_id, join_set_id, expires_at, created_at) VALUES (:delay_id, :execution_id, :join_set_id, :expires_at, :created_at)',
    {
      delay_id: request.delayId,
      execution_id: execution.executionId,
      join_set_id: joinSetId,
      expires_at: request.expiresAt,
      created_at: now,
    },
  );
}

async function joinNext(tx: Tx, executionId: ExecutionId, joinSetId: JoinSetId): Promise<void> {
  const counts = await requireJoinSet(tx, executionId, joinSetId);
  if (counts.awaited >= counts.requests) {
    throw new InvalidState(`join set ${joinSetId} of ${executionId} has no request left to await (all processed)`);
  }
  await bump(tx, executionId, joinSetId, 'awaited');
}

async function joinNextTryFound(tx: Tx, executionId: ExecutionId, joinSetId: JoinSetId): Promise<void> {
  const counts = await requireJoinSet(tx, executionId, joinSetId);
  if ((await countResponses(tx.c, executionId, joinSetId)) <= counts.awaited) {
    throw new InvalidState(`join set ${joinSetId} of ${executionId} has no unconsumed response`);
  }
  await bump(tx, executionId, joinSetId, 'awaited');
}

/** Finishes a stub target; see {@link StubOutcome}. */
export type StubWriter = (targetId: ExecutionId, result: FinishedResult) => Promise<StubOutcome>;

/**
 * Applies the side effects of one history event appended at `version` by `execution`
 * and returns the event as stored.
 */
export async function applyHistory(
  tx: Tx,
  execution: ExecutionRow,
  event: HistoryEventInput,
  version: number,
  now: number,
  writeStub: StubWriter,
): Promise<HistoryEvent> {
  const id = execution.executionId;
  switch (event.type) {
    case 'persist':
      return event;
    case 'join-set-create':
      await createJoinSet(tx, id, event.joinSetId, version);
      return event;
    case 'join-set-request':
      await requireJoinSet(tx, id, event.joinSetId);
      if (event.request.type === 'child-execution') {
        await requestChild(tx, execution, event.joinSetId, event.request, now);
      } else {
        await requestDelay(tx, execution, event.joinSetId, event.request, now);
      }
      await bump(tx, id, event.joinSetId, 'requests');
      return event;
    case 'join-next':
      await joinNext(tx, id, event.joinSetId);
      return event;
    case 'join-next-try':
      if (event.outcome === 'found') {
        await joinNextTryFound(tx, id, event.joinSetId);
      }
      return event;
    case 'schedule':
      await scheduleExecution(tx, event, now);
      return event;
    case 'stub':
      if (event.targetExecutionId === id) {
        throw new InvalidArgument(`execution ${id} cannot stub itself`);
      }
      return { ...event, outcome: await writeStub(event.targetExecutionId, event.result) };
  }
}

async function scheduleExecution(
  tx: Tx,
  event: Extract<HistoryEvent, { type: 'schedule' }>,
  now: number,
): Promise<void> {
  if (!ExecutionId.isTopLevel(ExecutionId.parse(event.executionId))) {
    throw new InvalidArgument(`a scheduled execution must have a top-level ID, got ${event.executionId}`);
  }
  await insertExecution(tx, {
    executionId: event.executionId,
    ffqn: event.ffqn,
    params: event.params,
    componentDigest: event.componentDigest,
    scheduledAt: event.scheduledAt,
    queue: event.queue ?? DEFAULT_QUEUE,
    seed: event.seed ?? null,
    parent: null,
    topmostParentId: event.executionId,
    paused: false,
    now,
  });
}
