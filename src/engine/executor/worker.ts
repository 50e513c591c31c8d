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

/** A mutable holder of the execution's current version, shared by the executor and a worker that appends. */
export interface VersionBox {
  value: number;
}

export interface AttemptContext {
  readonly execution: LockedExecution;
  /** Aborted with an {@link AbortReason} when the attempt must stop now. */
  readonly signal: AbortSignal;
  /** Workers that append events themselves (workflows) keep this current, so lock extensions use it. */
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
