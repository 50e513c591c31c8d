/**
 * The outcome of one activity attempt, and how a value thrown out of a guest export is
 * classified. Values are in jco's JS representation (bigint for 64-bit integers, `{ tag, val }`
 * for variants, ...); they survive the structured clone between threads.
 */
import { COMPONENT_ERROR_MARKER } from './glue-patch.js';

/** The export returned normally (for a `result` export: its `ok` payload). */
export interface OkOutcome {
  readonly kind: 'ok';
  readonly value: unknown;
}
/** A `result` export returned `err`; `value` is the err payload. */
export interface ErrOutcome {
  readonly kind: 'err';
  readonly value: unknown;
}
/** The guest trapped (or the host failed under it); retriable. */
export interface TrapOutcome {
  readonly kind: 'trap';
  readonly message: string;
  readonly stack?: string;
}
/** The attempt ran longer than its `max_duration` and was stopped. */
export interface TimeoutOutcome {
  readonly kind: 'timeout';
}
/** The attempt was cancelled through its `AbortSignal` (queued or running). */
export interface CancelledOutcome {
  readonly kind: 'cancelled';
}

/** What `runAttempt` resolves to. */
export type AttemptOutcome = OkOutcome | ErrOutcome | TrapOutcome | TimeoutOutcome | CancelledOutcome;

/** The outcomes decided inside the worker (timeouts and cancellations are decided outside). */
export type FinishedOutcome = OkOutcome | ErrOutcome | TrapOutcome;

const marker = Symbol.for(COMPONENT_ERROR_MARKER);

/**
 * True when `thrown` is the glue's `ComponentError` for a returned `err` (marked at transpile
 * time by the `component-error-marker` glue patch).
 */
export function isGuestErr(thrown: unknown): thrown is Error & { payload: unknown } {
  return (
    thrown instanceof Error &&
    (thrown as unknown as Record<symbol, unknown>)[marker] === true &&
    Object.hasOwn(thrown, 'payload')
  );
}

/**
 * Classifies a value thrown out of a guest export: the glue's marked `ComponentError` is the
 * guest's `err`; anything else (a `WebAssembly.RuntimeError`, a host error, a non-Error value)
 * is a trap.
 */
export function classifyThrown(thrown: unknown): ErrOutcome | TrapOutcome {
  if (isGuestErr(thrown)) {
    return { kind: 'err', value: thrown.payload };
  }
  if (thrown instanceof Error) {
    const message = `${thrown.name}: ${thrown.message}`;
    return thrown.stack === undefined ? { kind: 'trap', message } : { kind: 'trap', message, stack: thrown.stack };
  }
  return { kind: 'trap', message: `guest threw a non-Error value: ${describe(thrown)}` };
}

function describe(value: unknown): string {
  try {
    return typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
