/**
 * The executor knows workers only through this interface: it locks executions,
 * hands each to a {@link Worker}, keeps the lock alive, enforces the deadline and
 * applies the outcome. The WASM runtime implements workers; nothing here imports it.
 */
import type { JsonValue } from '../concepts/index.js';
import type { LockedExecution } from '../storage/index.js';

/** Why the executor aborted an attempt (the `reason` of {@link AttemptContext.signal}). */
export const AbortReason = {
  /** The attempt ran longer than its `max_duration`. */
  timeout: 'timeout',
  /** The execution was cancelled. */
  cancel: 'cancel',
  /** The executor is stopping; the execution is unlocked for someone else. */
  shutdown: 'shutdown',
  /** The lock was lost (paused, or taken over after expiry). Nothing may be written. */
  lockLost: 'lock-lost',
} as const;
export type AbortReason = (typeof AbortReason)[keyof typeof AbortReason];

/** The execution's current version as seen by everyone but the {@link VersionBox}'s owner: read only. */
export interface VersionView {
  readonly value: number;
}

/**
 * The execution's current version during one attempt (every append names the version it expects).
 * It has one writer at a time, handed over explicitly:
 *
 * 1. The executor makes it from the lock (`{ value: execution.version }`) and owns it until it
 *    calls {@link Worker.run}.
 * 2. `run(ctx)` hands it to the worker as {@link AttemptContext.version}. Until the returned
 *    promise settles only the worker writes it, each time it appended something itself (a workflow
 *    step, an unlock, a finish): the version the store returned. The worker may delegate that to
 *    one helper at a time (the workflow `RunHandler`, whose calls never overlap).
 * 3. When `run` settles the box is back with the executor: the worker writes it no more, and the
 *    executor reads it to record the outcome.
 *
 * The lock keep-alive only reads it, as a {@link VersionView}: a newer version it learns from
 * the store stays its own, so it can never put back an older value over one the worker just wrote.
 */
export interface VersionBox extends VersionView {
  value: number;
}

export interface AttemptContext {
  readonly execution: LockedExecution;
  /** Aborted with an {@link AbortReason} when the attempt must stop now. */
  readonly signal: AbortSignal;
  /**
   * The execution's version, the worker's to write while `run` lasts: workers that append events
   * themselves (workflows) keep it current, so lock extensions and the recorded outcome use it.
   */
  readonly version: VersionBox;
  /** When the attempt will be stopped (`null`: no deadline). */
  readonly deadline: number | null;
}

/** What an attempt produced. Values use the JSON encoding of WIT values. */
export type AttemptOutcome =
  | { readonly kind: 'ok'; readonly value: JsonValue }
  /** The function returned `err`. `permanent`: its variant case says it must not be retried. */
  | { readonly kind: 'err'; readonly value: JsonValue; readonly permanent: boolean }
  /** The guest trapped (or threw), or its output did not match its type. */
  | { readonly kind: 'trap'; readonly reason: string; readonly detail?: string | undefined }
  /** The worker already wrote the outcome itself (a workflow that blocked, finished or unlocked). */
  | { readonly kind: 'persisted' };

export interface Worker {
  /** How many more attempts it can start right now (the executor never locks more). */
  capacity(): number;
  /**
   * Runs one attempt. Must settle soon after `ctx.signal` aborts; the executor then
   * ignores the outcome and applies the abort reason itself.
   */
  run(ctx: AttemptContext): Promise<AttemptOutcome>;
  /**
   * Called before the executor finishes an execution as `cancelled` (workflows cancel their
   * children here). Must not throw for children that are already gone.
   */
  beforeCancel?(execution: LockedExecution): Promise<void>;
}
