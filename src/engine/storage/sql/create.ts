/** Creating executions: from the API, as a workflow's child, or scheduled by a workflow. */
import {
  ComponentDigest,
  Conflict,
  ExecutionId,
  Ffqn,
  InvalidArgument,
  canonicalJson,
  type CreatedEvent,
  type JsonValue,
  type ParentRef,
} from '../../concepts/index.js';
import { DEFAULT_QUEUE, type CreateExecutionRequest, type CreateExecutionResult } from '../types.js';
import { parseJson } from '../row-codec.js';
import { insertEvent } from './events.js';
import { note, run, type Sql } from './query.js';
import { findExecution, loadExecution } from './rows.js';

/** A fully resolved new execution. */
export interface NewExecution {
  readonly executionId: ExecutionId;
  readonly ffqn: Ffqn;
  readonly params: readonly JsonValue[];
  readonly componentDigest: ComponentDigest;
  readonly scheduledAt: number;
  readonly queue: string;
  readonly seed: string | null;
  readonly parent: ParentRef | null;
  readonly topmostParentId: ExecutionId;
  readonly paused: boolean;
  readonly now: number;
  /** Announce it to waiting executors when it is pending (default); not when its creator locks it at once. */
  readonly announce?: boolean;
}

const INSERT = `INSERT INTO t_execution (
  execution_id, ffqn, params, queue, component_digest, seed, parent_id, parent_join_set_id, topmost_parent_id,
  is_top_level, created_at, first_scheduled_at, updated_at, version, state, scheduled_at, paused
) VALUES (
  :execution_id, :ffqn, :params, :queue, :component_digest, :seed, :parent_id, :parent_join_set_id, :topmost_parent_id,
  :is_top_level, :created_at, :scheduled_at, :created_at, 0, 'pending-at', :scheduled_at, :paused
)`;

function validate(spec: NewExecution): void {
  ExecutionId.parse(spec.executionId);
  Ffqn.parse(spec.ffqn);
  ComponentDigest.parse(spec.componentDigest);
  if (!Array.isArray(spec.params)) {
    throw new InvalidArgument('params must be a JSON array');
  }
  if (spec.queue === '') {
    throw new InvalidArgument('queue must not be empty');
  }
  if (!Number.isFinite(spec.scheduledAt) || !Number.isFinite(spec.now)) {
    throw new InvalidArgument('scheduledAt and now must be finite numbers (ms since the epoch)');
  }
}

/**
 * Inserts the execution and its `created` event, unless it exists: then returns
 * `false` if it has the same FFQN, parameters and queue, and throws `Conflict` otherwise.
 */
export function* insertExecution(spec: NewExecution): Sql<boolean> {
  validate(spec);
  const params = canonicalJson(spec.params);
  const existing = yield* findExecution(spec.executionId);
  if (existing !== undefined) {
    if (
      existing.ffqn === spec.ffqn &&
      existing.queue === spec.queue &&
      canonicalJson(parseJson(existing.paramsJson)) === params
    ) {
      return false;
    }
    throw new Conflict(`execution ${spec.executionId} already exists with a different function, parameters or queue`, {
      hint: 'choose a new execution ID, or submit the same function, parameters and queue',
    });
  }
  yield run(INSERT, {
    execution_id: spec.executionId,
    ffqn: spec.ffqn,
    params,
    queue: spec.queue,
    component_digest: spec.componentDigest,
    seed: spec.seed,
    parent_id: spec.parent?.executionId ?? null,
    parent_join_set_id: spec.parent?.joinSetId ?? null,
    topmost_parent_id: spec.topmostParentId,
    is_top_level: spec.parent === null ? 1 : 0,
    created_at: spec.now,
    scheduled_at: spec.scheduledAt,
    paused: spec.paused ? 1 : 0,
  });
  const event: CreatedEvent = {
    type: 'created',
    ffqn: spec.ffqn,
    params: spec.params,
    parent: spec.parent,
    topmostParentId: spec.topmostParentId,
    scheduledAt: spec.scheduledAt,
    queue: spec.queue,
    componentDigest: spec.componentDigest,
    seed: spec.seed,
    paused: spec.paused,
  };
  yield* insertEvent(spec.executionId, 0, spec.now, event);
  if (!spec.paused && spec.announce !== false) {
    yield note({ type: 'pending', ffqn: spec.ffqn, queue: spec.queue });
  }
  return true;
}

/** Checks that `childId` was derived from `parent` (throws `InvalidArgument` otherwise). */
export function checkDerivedId(childId: ExecutionId, parent: ParentRef): void {
  const link = ExecutionId.parentOf(childId);
  if (link === null || link.parentId !== parent.executionId || link.joinSetId !== parent.joinSetId) {
    throw new InvalidArgument(
      `execution ID ${childId} is not derived from ${parent.executionId} and join set ${parent.joinSetId}`,
      { hint: 'make child IDs with ExecutionId.derive(parent, joinSetId, n)' },
    );
  }
}

/** Checks that `childId` was derived from `parent` and returns the parent's topmost ancestor. */
export function* checkDerivedFrom(childId: ExecutionId, parent: ParentRef): Sql<ExecutionId> {
  checkDerivedId(childId, parent);
  return (yield* loadExecution(parent.executionId, false)).topmostParentId;
}

/** `createExecution` of the API store. */
export function* createExecution(request: CreateExecutionRequest): Sql<CreateExecutionResult> {
  const parent = request.parent ?? null;
  let topmostParentId = request.executionId;
  if (parent === null) {
    if (!ExecutionId.isTopLevel(ExecutionId.parse(request.executionId))) {
      throw new InvalidArgument(`${request.executionId} is a derived execution ID: pass its parent`);
    }
  } else {
    topmostParentId = yield* checkDerivedFrom(request.executionId, parent);
  }
  const created = yield* insertExecution({
    executionId: request.executionId,
    ffqn: request.ffqn,
    params: request.params,
    componentDigest: request.componentDigest,
    scheduledAt: request.scheduledAt,
    queue: request.queue ?? DEFAULT_QUEUE,
    seed: request.seed ?? null,
    parent,
    topmostParentId,
    paused: request.paused ?? false,
    now: request.now,
  });
  if (created) {
    return { created, version: 0 };
  }
  return { created, version: (yield* loadExecution(request.executionId, false)).row.version };
}
