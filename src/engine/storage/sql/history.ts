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
  canonicalJson,
} from '../../concepts/index.js';
import { num, type ExecutionRow } from '../row-codec.js';
import { applyEvent } from '../state-machine.js';
import { DEFAULT_QUEUE, type ChildLock, type LockedExecution, type NewChild } from '../types.js';
import { checkDerivedId, insertExecution, type NewExecution } from './create.js';
import { insertEvent } from './events.js';
import { lockedEvent, lockedExecution } from './locked.js';
import { get, run, type Sql, type SqlRow } from './query.js';
import { countResponses } from './responses.js';
import { writeRowState } from './rows.js';

/** Children created locked by a workflow step (see `WorkflowStep.lockChild`): the question, and what was locked. */
export interface ChildLocking {
  readonly lock: (child: NewChild) => ChildLock | null;
  readonly locked: LockedExecution[];
}

/** The counters of one join set. */
export interface JoinSetCounts {
  readonly requests: number;
  /** Consuming events so far: `join-next` and `join-next-try` with outcome `found`. */
  readonly awaited: number;
}

export function* joinSetCounts(executionId: ExecutionId, joinSetId: JoinSetId): Sql<JoinSetCounts | undefined> {
  const row = (yield get('SELECT requests, awaited FROM t_join_set WHERE execution_id = :id AND join_set_id = :js', {
    id: executionId,
    js: joinSetId,
  })) as SqlRow | undefined;
  return row === undefined ? undefined : { requests: num(row, 'requests'), awaited: num(row, 'awaited') };
}

function* requireJoinSet(executionId: ExecutionId, joinSetId: JoinSetId): Sql<JoinSetCounts> {
  const counts = yield* joinSetCounts(executionId, joinSetId);
  if (counts === undefined) {
    throw new InvalidState(`join set ${joinSetId} of ${executionId} was not created (append join-set-create first)`);
  }
  return counts;
}

function* bump(executionId: ExecutionId, joinSetId: JoinSetId, column: 'requests' | 'awaited'): Sql<void> {
  yield run(`UPDATE t_join_set SET ${column} = ${column} + 1 WHERE execution_id = :id AND join_set_id = :js`, {
    id: executionId,
    js: joinSetId,
  });
}

function* createJoinSet(executionId: ExecutionId, joinSetId: JoinSetId, version: number): Sql<void> {
  if ((yield* joinSetCounts(executionId, joinSetId)) !== undefined) {
    throw new Conflict(`join set ${joinSetId} of ${executionId} already exists`);
  }
  yield run('INSERT INTO t_join_set (execution_id, join_set_id, created_version) VALUES (:id, :js, :version)', {
    id: executionId,
    js: joinSetId,
    version,
  });
}

function* requestChild(
  execution: ExecutionRow,
  joinSetId: JoinSetId,
  request: ChildExecutionRequest,
  now: number,
  children: ChildLocking | undefined,
): Sql<void> {
  const parent = { executionId: execution.executionId, joinSetId };
  checkDerivedId(request.childExecutionId, parent);
  const spec = {
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
  };
  const lock = children?.lock(spec) ?? null;
  const created = yield* insertExecution({ ...spec, announce: lock === null });
  if (!created) {
    throw new Conflict(`child execution ${request.childExecutionId} already exists`);
  }
  if (lock !== null && children !== undefined) {
    children.locked.push(yield* lockNewChild(spec, lock, now));
  }
}

/** Appends the `locked` event to a child just created (version 0, pending) and returns it as locked. */
function* lockNewChild(spec: NewExecution, lock: ChildLock, now: number): Sql<LockedExecution> {
  const created: ExecutionRow = {
    executionId: spec.executionId,
    ffqn: spec.ffqn,
    paramsJson: canonicalJson(spec.params),
    queue: spec.queue,
    componentDigest: spec.componentDigest,
    seed: spec.seed,
    parent: spec.parent,
    topmostParentId: spec.topmostParentId,
    createdAt: spec.now,
    firstScheduledAt: spec.scheduledAt,
    row: {
      version: 0,
      updatedAt: spec.now,
      state: { type: 'pending-at', scheduledAt: spec.scheduledAt },
      paused: false,
      cancelRequested: false,
      intermittentFailures: 0,
      retry: null,
      lockedAtVersion: null,
    },
  };
  const event = lockedEvent(lock);
  const row = applyEvent(spec.executionId, created.row, event, now);
  yield { kind: 'keep-row', execution: created };
  yield* insertEvent(spec.executionId, row.version, now, event);
  yield* writeRowState(spec.executionId, row);
  return lockedExecution(created, spec.params, row, lock);
}

function* requestDelay(execution: ExecutionRow, joinSetId: JoinSetId, request: DelayRequest, now: number): Sql<void> {
  DelayId.parse(request.delayId);
  const exists = yield get(
    'SELECT 1 AS x FROM t_delay WHERE delay_id = :id UNION ALL SELECT 1 FROM t_response WHERE delay_id = :id',
    { id: request.delayId },
  );
  if (exists !== undefined) {
    throw new Conflict(`delay ${request.delayId} already exists`);
  }
  yield run(
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

function* joinNext(executionId: ExecutionId, joinSetId: JoinSetId): Sql<void> {
  const counts = yield* requireJoinSet(executionId, joinSetId);
  if (counts.awaited >= counts.requests) {
    throw new InvalidState(`join set ${joinSetId} of ${executionId} has no request left to await (all processed)`);
  }
  yield* bump(executionId, joinSetId, 'awaited');
}

function* joinNextTryFound(executionId: ExecutionId, joinSetId: JoinSetId): Sql<void> {
  const counts = yield* requireJoinSet(executionId, joinSetId);
  if ((yield* countResponses(executionId, joinSetId)) <= counts.awaited) {
    throw new InvalidState(`join set ${joinSetId} of ${executionId} has no unconsumed response`);
  }
  yield* bump(executionId, joinSetId, 'awaited');
}

/** Finishes a stub target; see {@link StubOutcome}. */
export type StubWriter = (targetId: ExecutionId, result: FinishedResult) => Sql<StubOutcome>;

/**
 * Applies the side effects of one history event appended at `version` by `execution`
 * and returns the event as stored.
 */
export function* applyHistory(
  execution: ExecutionRow,
  event: HistoryEventInput,
  version: number,
  now: number,
  writeStub: StubWriter,
  children?: ChildLocking,
): Sql<HistoryEvent> {
  const id = execution.executionId;
  switch (event.type) {
    case 'persist':
      return event;
    case 'join-set-create':
      yield* createJoinSet(id, event.joinSetId, version);
      return event;
    case 'join-set-request':
      yield* requireJoinSet(id, event.joinSetId);
      if (event.request.type === 'child-execution') {
        yield* requestChild(execution, event.joinSetId, event.request, now, children);
      } else {
        yield* requestDelay(execution, event.joinSetId, event.request, now);
      }
      yield* bump(id, event.joinSetId, 'requests');
      return event;
    case 'join-next':
      yield* joinNext(id, event.joinSetId);
      return event;
    case 'join-next-try':
      if (event.outcome === 'found') {
        yield* joinNextTryFound(id, event.joinSetId);
      }
      return event;
    case 'schedule':
      yield* scheduleExecution(event, now);
      return event;
    case 'stub':
      if (event.targetExecutionId === id) {
        throw new InvalidArgument(`execution ${id} cannot stub itself`);
      }
      return { ...event, outcome: yield* writeStub(event.targetExecutionId, event.result) };
  }
}

function* scheduleExecution(event: Extract<HistoryEvent, { type: 'schedule' }>, now: number): Sql<void> {
  if (!ExecutionId.isTopLevel(ExecutionId.parse(event.executionId))) {
    throw new InvalidArgument(`a scheduled execution must have a top-level ID, got ${event.executionId}`);
  }
  yield* insertExecution({
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
