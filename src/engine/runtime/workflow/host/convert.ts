/**
 * Conversions between the engine's JSON results and the JS values jco's glue expects for the
 * obelisk host types (`execution-id`, `schedule-at`, `response-id`, ...).
 */
import {
  ExecutionId,
  type FailureKind,
  type FinishedResult,
  type JoinSetResponseRecord,
  type JsonValue,
} from '../../../concepts/index.js';
import type { TypeCodec } from '../../../../wit/codec/index.js';
import type { Resolve, Type } from '../../../../wit/model.js';
import { WorkflowTrap } from '../errors.js';

export interface ExecutionIdJs {
  readonly id: string;
}

export const executionIdJs = (id: string): ExecutionIdJs => ({ id });

export function parseExecutionIdJs(value: unknown): ExecutionId {
  const id = (value as Partial<ExecutionIdJs> | null)?.id;
  if (typeof id !== 'string') {
    throw new WorkflowTrap('expected an execution-id record');
  }
  return ExecutionId.parse(id);
}

type DurationJs = {
  readonly tag: 'milliseconds' | 'seconds' | 'minutes' | 'hours' | 'days';
  readonly val: bigint | number;
};
type ScheduleAtJs =
  | { readonly tag: 'now' }
  | { readonly tag: 'at'; readonly val: { seconds: bigint; nanoseconds: number } }
  | { readonly tag: 'in'; readonly val: DurationJs };

const UNIT_MS = { milliseconds: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export function durationMs(duration: DurationJs): number {
  const unit = UNIT_MS[duration.tag] as number | undefined;
  if (unit === undefined) {
    throw new WorkflowTrap(`unknown duration unit ${String(duration.tag)}`);
  }
  return Number(duration.val) * unit;
}

/** The time a `schedule-at` names, relative to the workflow's time `now`. */
export function scheduleAtMs(value: unknown, now: number): number {
  const at = value as ScheduleAtJs;
  switch (at.tag) {
    case 'now':
      return now;
    case 'at':
      return Number(at.val.seconds) * 1000 + Math.floor(at.val.nanoseconds / 1_000_000);
    case 'in':
      return now + durationMs(at.val);
    default:
      throw new WorkflowTrap('expected a schedule-at value');
  }
}

export function datetimeJs(ms: number): { seconds: bigint; nanoseconds: number } {
  return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1_000_000 };
}

/** `response-id` of a response. */
export function responseIdJs(response: JoinSetResponseRecord): { tag: string; val: ExecutionIdJs } {
  return response.response.type === 'child-finished'
    ? { tag: 'execution-id', val: { id: response.response.childExecutionId } }
    : { tag: 'delay-id', val: { id: response.response.delayId } };
}

/**
 * The JSON of a child's return value `R` (a `result`) for a finished child. A platform failure
 * becomes R's `err`: the `execution-failed` case of an error variant, a text for `string`, or
 * no payload.
 */
export function resultJsonOf(result: FinishedResult, resolve: Resolve, resultType: Type): JsonValue {
  if (result.kind === 'ok') {
    return { ok: result.value };
  }
  if (result.kind === 'err') {
    return { err: result.value };
  }
  return { err: failureAsErr(result.failureKind, result.detail, resolve, resultType) };
}

function failureAsErr(kind: FailureKind, detail: string | undefined, resolve: Resolve, resultType: Type): JsonValue {
  const err = errTypeOf(resolve, resultType);
  if (err === null) {
    return null;
  }
  if (err.kind === 'primitive' && err.name === 'string') {
    return detail === undefined ? `execution failed: ${kind}` : `execution failed: ${kind}: ${detail}`;
  }
  return 'execution_failed';
}

function errTypeOf(resolve: Resolve, type: Type): Type | null {
  let current = type;
  while (current.kind === 'named') {
    const def = resolve.types[current.id];
    if (def?.kind.tag !== 'alias') {
      break;
    }
    current = def.kind.target;
  }
  if (current.kind !== 'result') {
    throw new WorkflowTrap('the imported function does not return a result');
  }
  let err = current.err;
  while (err !== null && err.kind === 'named') {
    const def = resolve.types[err.id];
    if (def?.kind.tag !== 'alias') {
      break;
    }
    err = def.kind.target;
  }
  return err;
}

/** R as jco's JS value (nested form `{ tag, val }`). */
export function resultValueJs(codec: TypeCodec, json: JsonValue): unknown {
  return codec.toJs(codec.fromJson(json));
}

/** The `execution-failure` record for a failed child. */
export function executionFailureJs(childId: string, result: FinishedResult & { kind: 'failure' }): unknown {
  return { executionId: { id: childId }, kind: result.failureKind, reason: result.detail };
}

/**
 * How a host function returns a top-level `result` to jco's glue: the `ok` payload is
 * returned as is and the `err` payload is thrown inside an object with a `payload`
 * property (jco cannot tell an explicit `{tag, val}` from a payload that is itself tagged).
 */
export function okResult(val: unknown): unknown {
  return val;
}

export function errResult(val: unknown): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- jco's glue lowers a thrown object's `payload` as the `err` of the import.
  throw { payload: val };
}

/** Returns a `{ tag, val }` result value the way {@link okResult} / {@link errResult} do. */
export function returnResult(result: unknown): unknown {
  const { tag, val } = result as { tag: 'ok' | 'err'; val: unknown };
  return tag === 'ok' ? okResult(val) : errResult(val);
}
