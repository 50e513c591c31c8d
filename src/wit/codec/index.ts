/**
 * The WIT value codec: converts values of WIT types between JSON (the
 * encoding of `docs/wit-json.md`, used by the CLI, the API and the
 * database), the in-memory {@link WitValue}, and the JS representation that
 * jco's generated bindings take and return. Every conversion validates: a
 * bad value is a {@link ValueError} naming its path and the expected type.
 *
 * Per-call work is a walk of the value: compile a function's codec once with
 * {@link compileFunctionCodec} and reuse it.
 */
import { compileType } from './compile.js';
import { ValueError } from './errors.js';
import type { JsonValue, WitValue } from './value.js';
import type { Resolve, Type } from '../model.js';

export { compileType } from './compile.js';
export type { TypeCodec } from './codec.js';
export { compileFunctionCodec, type FunctionCodec, type JsCallOutcome } from './function.js';
export { ValueError, ValueErrorCode } from './errors.js';
export type { JsonValue, WitValue, WitRecordValue, WitVariantValue, WitOptionSome, WitResultValue } from './value.js';

function rooted<T>(root: string, convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    throw error instanceof ValueError ? error.at(root) : error;
  }
}

/**
 * Validates a JSON value against a WIT type.
 *
 * @param root - name of the value in error paths (`$` unless given)
 * @throws ValueError when the value does not fit the type
 */
export function jsonToValue(resolve: Resolve, type: Type, json: unknown, root = '$'): WitValue {
  return rooted(root, () => compileType(resolve, type).fromJson(json));
}

/** The JSON encoding of a value of a WIT type. */
export function valueToJson(resolve: Resolve, type: Type, value: WitValue, root = '$'): JsonValue {
  return rooted(root, () => compileType(resolve, type).toJson(value));
}

/** jco's JS representation of a value of a WIT type (BigInt for 64-bit integers, `{tag, val}` variants, ...). */
export function valueToJs(resolve: Resolve, type: Type, value: WitValue, root = '$'): unknown {
  return rooted(root, () => compileType(resolve, type).toJs(value));
}

/** Validates a value in jco's JS representation against a WIT type. */
export function jsToValue(resolve: Resolve, type: Type, js: unknown, root = '$'): WitValue {
  return rooted(root, () => compileType(resolve, type).fromJs(js));
}
