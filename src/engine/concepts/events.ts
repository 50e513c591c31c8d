/**
 * The per-execution event log (append-only; version 0 is `created`, each append
 * adds one). Workflow decisions are `history` events; join-set responses are kept
 * apart (see `responses.ts`).
 */
import type { ComponentDigest, DelayId, ExecutionId, ExecutorId, RunId } from './ids.js';
import type { Ffqn } from './ffqn.js';
import type { JoinSetId } from './join-set-id.js';
import type { JsonValue } from './json.js';
import type { FinishedResult } from './results.js';
import type { RetryConfig } from './retry.js';
import type { ParentRef } from './states.js';

export interface CreatedEvent {
  readonly type: 'created';
  readonly ffqn: Ffqn;
  readonly params: readonly JsonValue[];
  readonly parent: ParentRef | null;
  /** The top-level ancestor (the execution itself when top-level). */
  readonly topmostParentId: ExecutionId;
  readonly scheduledAt: number;
  readonly queue: string;
  readonly componentDigest: ComponentDigest;
  /** Workflows: the seed of their deterministic randomness. */
  readonly seed: string | null;
  /** Created paused (`submit --paused`). */
  readonly paused: boolean;
}

export interface LockedEvent {
  readonly type: 'locked';
  readonly executorId: ExecutorId;
  readonly runId: RunId;
  readonly lockExpiresAt: number;
  /** The retry policy of the locking executor, kept so a lock-expiry watcher anywhere can apply it. */
  readonly retry: RetryConfig | null;
}

/** The lock was given up without a failure; pending again at `backoffUntil`. */
export interface UnlockedEvent {
  readonly type: 'unlocked';
  readonly reason: string;
  readonly backoffUntil: number;
}

/** The attempt failed (trap, retriable `err`); pending again at `backoffUntil`. */
export interface TemporarilyFailedEvent {
  readonly type: 'temporarily-failed';
  readonly reason: string;
  readonly detail?: string | undefined;
  readonly backoffUntil: number;
}

/** The attempt ran out of time (or its executor died); pending again at `backoffUntil`. */
export interface TemporarilyTimedOutEvent {
  readonly type: 'temporarily-timed-out';
  readonly backoffUntil: number;
}

export interface FinishedEvent {
  readonly type: 'finished';
  readonly result: FinishedResult;
}

export interface PausedEvent {
  readonly type: 'paused';
}

export interface UnpausedEvent {
  readonly type: 'unpaused';
}

export interface CancelRequestedEvent {
  readonly type: 'cancel-requested';
}

/** A workflow decision (appended by the workflow's current run while it holds the lock). */
export interface HistoryEnvelope {
  readonly type: 'history';
  readonly event: HistoryEvent;
}

export type ExecutionEvent =
  | CreatedEvent
  | LockedEvent
  | UnlockedEvent
  | TemporarilyFailedEvent
  | TemporarilyTimedOutEvent
  | FinishedEvent
  | PausedEvent
  | UnpausedEvent
  | CancelRequestedEvent
  | HistoryEnvelope;

export type ExecutionEventType = ExecutionEvent['type'];

/** The events that end a lock and make the execution pending again. */
export type UnlockEvent = UnlockedEvent | TemporarilyFailedEvent | TemporarilyTimedOutEvent;

/** One stored event. */
export interface ExecutionEventRecord {
  readonly version: number;
  readonly createdAt: number;
  readonly event: ExecutionEvent;
}

/** A value the workflow obtained from the host and that replay must reproduce. */
export interface PersistEvent {
  readonly type: 'persist';
  readonly what: 'random' | 'execution-id' | 'time';
  readonly value: JsonValue;
}

export interface JoinSetCreateEvent {
  readonly type: 'join-set-create';
  readonly joinSetId: JoinSetId;
}

/** Submitting a child execution; the store creates the child in the same transaction. */
export interface ChildExecutionRequest {
  readonly type: 'child-execution';
  /** Must be `ExecutionId.derive(<this execution>, joinSetId, n)`. */
  readonly childExecutionId: ExecutionId;
  readonly ffqn: Ffqn;
  readonly params: readonly JsonValue[];
  readonly componentDigest: ComponentDigest;
  readonly queue?: string | undefined;
  readonly seed?: string | null | undefined;
}

/** Submitting a delay; the store creates its timer in the same transaction. */
export interface DelayRequest {
  readonly type: 'delay';
  readonly delayId: DelayId;
  readonly expiresAt: number;
}

export interface JoinSetRequestEvent {
  readonly type: 'join-set-request';
  readonly joinSetId: JoinSetId;
  readonly request: ChildExecutionRequest | DelayRequest;
}

/**
 * The workflow asks for the next response of `joinSetId`. The k-th consuming event
 * of a join set (`join-next`, or `join-next-try` with outcome `found`) takes the
 * k-th response of that join set in cursor order.
 */
export interface JoinNextEvent {
  readonly type: 'join-next';
  readonly joinSetId: JoinSetId;
  /** Issued while closing the join set (structured concurrency). */
  readonly closing: boolean;
}

/** A non-blocking join-next and what it saw. `found` consumes a response like `join-next`. */
export interface JoinNextTryEvent {
  readonly type: 'join-next-try';
  readonly joinSetId: JoinSetId;
  readonly outcome: 'found' | 'pending' | 'all-processed';
}

/** Scheduling a new top-level execution; the store creates it in the same transaction. */
export interface ScheduleEvent {
  readonly type: 'schedule';
  readonly executionId: ExecutionId;
  readonly ffqn: Ffqn;
  readonly params: readonly JsonValue[];
  readonly scheduledAt: number;
  readonly componentDigest: ComponentDigest;
  readonly queue?: string | undefined;
  readonly seed?: string | null | undefined;
}

/** What writing a stub result found: written (or already the same), a different result, or no such execution. */
export type StubOutcome = 'ok' | 'conflict' | 'not-found';

/** Writing the result of a stub execution; the store finishes the target in the same transaction. */
export interface StubEvent {
  readonly type: 'stub';
  readonly targetExecutionId: ExecutionId;
  readonly result: FinishedResult;
  /** Filled in by the store when the event is appended. */
  readonly outcome: StubOutcome;
}

export type HistoryEvent =
  | PersistEvent
  | JoinSetCreateEvent
  | JoinSetRequestEvent
  | JoinNextEvent
  | JoinNextTryEvent
  | ScheduleEvent
  | StubEvent;

export type HistoryEventType = HistoryEvent['type'];

/** A history event as handed to the store: a stub's outcome is decided by the store. */
export type HistoryEventInput = Exclude<HistoryEvent, StubEvent> | Omit<StubEvent, 'outcome'>;
