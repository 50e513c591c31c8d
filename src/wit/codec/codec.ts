/**
 * The converter compiled for one WIT type, and the helpers shared by the
 * converters of each kind of type.
 */
import { ValueErrorCode, ValueError, mismatch } from './errors.js';
import type { JsonValue, WitValue } from './value.js';

/** Converts values of one WIT type between JSON, {@link WitValue} and jco's JS representation. */
export interface TypeCodec {
  /** The type in WIT syntax, for messages (`u16`, `list<string>`, `record address`). */
  readonly wit: string;
  /** Whether the JSON encoding of some value is `null` (only options). */
  readonly jsonNullable: boolean;
  /** Whether jco represents some value as `undefined` (options whose payload is not itself such a type). */
  readonly jsMaybeNull: boolean;
  /** The element class jco uses for a `list` of this type (`Uint8Array` for `u8`), if any. */
  readonly typedArray?: TypedArrayClass;
  /** For `result` types (also behind aliases): the codecs of the payloads. */
  readonly resultParts?: { readonly ok: TypeCodec | null; readonly err: TypeCodec | null };
  fromJson(json: unknown): WitValue;
  toJson(value: WitValue): JsonValue;
  fromJs(js: unknown): WitValue;
  toJs(value: WitValue): unknown;
}

export type TypedArrayClass =
  | Uint8ArrayConstructor
  | Int8ArrayConstructor
  | Uint16ArrayConstructor
  | Int16ArrayConstructor
  | Uint32ArrayConstructor
  | Int32ArrayConstructor
  | BigUint64ArrayConstructor
  | BigInt64ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

/** Whether `value` is a plain object (not null, not an array, not a typed array or Map). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    ArrayBuffer.isView(value) ||
    value instanceof Map
  ) {
    return false;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own enumerable keys of an object, or fails with `expected <wit>`. */
export function objectOf(value: unknown, wit: string, note: string): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw mismatch(`${wit} (${note})`, value);
  }
  return value;
}

export function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** A codec for types that have no JSON or JS form here (resources, streams, futures, error contexts). */
export function unsupportedCodec(wit: string, what: string): TypeCodec {
  const fail = (): never => {
    throw new ValueError(ValueErrorCode.unsupportedType, `values of type ${wit} cannot be converted: ${what}`, wit);
  };
  return { wit, jsonNullable: false, jsMaybeNull: false, fromJson: fail, toJson: fail, fromJs: fail, toJs: fail };
}

/** The WIT name of a record field or case as a JSON key: `snake_case` (`field-one` -> `field_one`). */
export function snakeCase(name: string): string {
  return name.toLowerCase().replaceAll('-', '_');
}

/** The name jco gives a record field or flag: lower camel case (`field-one` -> `fieldOne`, `DNS-name` -> `dnsName`). */
export function camelCase(name: string): string {
  const words = name.split('-');
  return words
    .map((word, i) => (i === 0 ? word.toLowerCase() : `${word.charAt(0).toUpperCase()}${word.slice(1).toLowerCase()}`))
    .join('');
}
