/**
 * The codec of one function signature, compiled once and used for every
 * call: parameters as a JSON array (`params[i]` in messages), the result as
 * one JSON value, and both in jco's JS representation.
 */
import { type TypeCodec, hasOwn } from './codec.js';
import { compileType } from './compile.js';
import { ValueErrorCode, ValueError, within } from './errors.js';
import type { JsonValue, WitValue } from './value.js';
import type { Func, Resolve } from '../model.js';

/** How a call of a jco export ended: it returned a value or threw one. */
export type JsCallOutcome = { readonly returned: unknown } | { readonly thrown: unknown };

export interface FunctionCodec {
  readonly func: Func;
  /** The parameters' names and codecs, in order. */
  readonly params: readonly { readonly name: string; readonly codec: TypeCodec }[];
  /** The result's codec; `null` when the function returns nothing. */
  readonly result: TypeCodec | null;
  /** Validates a JSON array of parameters. */
  paramsFromJson(json: unknown): WitValue[];
  paramsToJson(values: readonly WitValue[]): JsonValue[];
  /** Validates the arguments jco passes to a host import. */
  paramsFromJs(args: readonly unknown[]): WitValue[];
  /** The arguments to pass to a jco export. */
  paramsToJs(values: readonly WitValue[]): unknown[];
  /** The result from JSON (`null` for functions without a result gives `undefined`). */
  resultFromJson(json: unknown): WitValue | undefined;
  /** The result as JSON (`null` for functions without a result). */
  resultToJson(value: WitValue | undefined): JsonValue;
  /** The result in jco's form (a `result` stays `{tag, val}`: what a host import may return). */
  resultToJs(value: WitValue | undefined): unknown;
  resultFromJs(js: unknown): WitValue | undefined;
  /**
   * The result of calling a jco export. When the function returns a `result`,
   * jco returns the `ok` payload and throws the `err` payload; any other
   * thrown value (a trap: an `Error` without `payload`) is rethrown.
   */
  resultFromJsCall(outcome: JsCallOutcome): WitValue | undefined;
}

function arityError(func: Func, got: number): ValueError {
  const expected = func.params.map((p) => p.name).join(', ');
  const n = func.params.length;
  return new ValueError(
    ValueErrorCode.arity,
    `expected ${n} parameter${n === 1 ? '' : 's'} (${expected}), got ${got}`,
  ).at('params');
}

function atRoot<T>(root: string, convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    throw error instanceof ValueError ? error.at(root) : error;
  }
}

function isTrap(thrown: unknown): boolean {
  return thrown instanceof Error && !hasOwn(thrown, 'payload');
}

/** Compiles the codec of `func`, a function of `resolve`. */
export function compileFunctionCodec(resolve: Resolve, func: Func): FunctionCodec {
  const params = func.params.map((p) => ({ name: p.name, codec: compileType(resolve, p.type) }));
  const result = func.result === null ? null : compileType(resolve, func.result);
  const each = <T>(values: readonly unknown[], convert: (codec: TypeCodec, value: unknown) => T): T[] => {
    if (values.length !== params.length) {
      throw arityError(func, values.length);
    }
    return atRoot('params', () => params.map((p, i) => within(`[${i}]`, () => convert(p.codec, values[i]))));
  };
  const onResult = <T>(none: T, convert: (codec: TypeCodec) => T): T =>
    result === null ? none : atRoot('result', () => convert(result));
  return {
    func,
    params,
    result,
    paramsFromJson(json) {
      if (!Array.isArray(json)) {
        throw new ValueError(ValueErrorCode.invalidValue, 'expected a JSON array of parameters').at('params');
      }
      return each(json as unknown[], (codec, v) => codec.fromJson(v));
    },
    paramsToJson: (values) => each(values, (codec, v) => codec.toJson(v as WitValue)),
    paramsFromJs: (args) => each(args, (codec, v) => codec.fromJs(v)),
    paramsToJs: (values) => each(values, (codec, v) => codec.toJs(v as WitValue)),
    resultFromJson: (json) => onResult(undefined, (codec) => codec.fromJson(json)),
    resultToJson: (value) => onResult(null, (codec) => codec.toJson(value as WitValue)),
    resultToJs: (value) => onResult(undefined, (codec) => codec.toJs(value as WitValue)),
    resultFromJs: (js) => onResult(undefined, (codec) => codec.fromJs(js)),
    resultFromJsCall(outcome) {
      const parts = result?.resultParts;
      if ('thrown' in outcome) {
        if (parts === undefined || isTrap(outcome.thrown)) {
          throw outcome.thrown;
        }
        const thrown = outcome.thrown;
        const payload =
          thrown !== null && typeof thrown === 'object' && hasOwn(thrown, 'payload')
            ? (thrown as { payload: unknown }).payload
            : thrown;
        return atRoot('result', () => ({
          err: parts.err === null ? undefined : within('.err', () => (parts.err as TypeCodec).fromJs(payload)),
        }));
      }
      if (parts === undefined) {
        return onResult(undefined, (codec) => codec.fromJs(outcome.returned));
      }
      return atRoot('result', () => ({
        ok: parts.ok === null ? undefined : within('.ok', () => (parts.ok as TypeCodec).fromJs(outcome.returned)),
      }));
    },
  };
}
