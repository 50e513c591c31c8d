/**
 * Codecs of the primitive types. JSON: integers as numbers (64-bit ones as
 * strings when they are not safe integers), floats as numbers or the strings
 * `"NaN"`, `"Infinity"`, `"-Infinity"`, chars as one-code-point strings.
 * JS (jco): numbers, `bigint` for 64-bit integers, strings.
 */
import { type TypeCodec, type TypedArrayClass, unsupportedCodec } from './codec.js';
import { mismatch } from './errors.js';
import type { JsonValue, WitValue } from './value.js';
import type { Primitive } from '../model.js';

const SMALL_INTS = {
  u8: [0, 0xff, Uint8Array],
  s8: [-0x80, 0x7f, Int8Array],
  u16: [0, 0xffff, Uint16Array],
  s16: [-0x8000, 0x7fff, Int16Array],
  u32: [0, 0xffffffff, Uint32Array],
  s32: [-0x80000000, 0x7fffffff, Int32Array],
} as const satisfies Record<string, readonly [number, number, TypedArrayClass]>;

const LARGE_INTS = {
  u64: [0n, 0xffffffffffffffffn, BigUint64Array],
  s64: [-0x8000000000000000n, 0x7fffffffffffffffn, BigInt64Array],
} as const satisfies Record<string, readonly [bigint, bigint, TypedArrayClass]>;

const F32_MAX = 3.4028234663852886e38;
const DECIMAL = /^-?(0|[1-9][0-9]*)$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function smallInt(name: keyof typeof SMALL_INTS): TypeCodec {
  const [min, max, typedArray] = SMALL_INTS[name];
  const check = (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw mismatch(name, value);
    }
    if (value < min || value > max) {
      throw mismatch(name, value, `out of range ${min}..${max}`);
    }
    return value === 0 ? 0 : value;
  };
  return {
    wit: name,
    jsonNullable: false,
    jsMaybeNull: false,
    typedArray,
    fromJson: check,
    toJson: check,
    fromJs: check,
    toJs: check,
  };
}

function largeInt(name: keyof typeof LARGE_INTS): TypeCodec {
  const [min, max, typedArray] = LARGE_INTS[name];
  const inRange = (value: bigint, found: unknown): bigint => {
    if (value < min || value > max) {
      throw mismatch(name, found, `out of range ${min}..${max}`);
    }
    return value;
  };
  const fromBigint = (value: unknown): bigint => {
    if (typeof value !== 'bigint') {
      throw mismatch(`${name} (a bigint)`, value);
    }
    return inRange(value, value);
  };
  return {
    wit: name,
    jsonNullable: false,
    jsMaybeNull: false,
    typedArray,
    fromJson(json) {
      if (typeof json === 'number') {
        if (!Number.isSafeInteger(json)) {
          throw mismatch(name, json, 'not a safe integer: write large values as decimal strings');
        }
        return inRange(BigInt(json), json);
      }
      if (typeof json === 'string' && DECIMAL.test(json)) {
        return inRange(BigInt(json), json);
      }
      throw mismatch(`${name} (an integer or a decimal string)`, json);
    },
    toJson(value) {
      const v = fromBigint(value);
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    },
    fromJs: fromBigint,
    toJs: fromBigint,
  };
}

function float(name: 'f32' | 'f64'): TypeCodec {
  const round = (value: number, found: unknown): number => {
    if (name === 'f64' || !Number.isFinite(value)) {
      return value;
    }
    if (Math.abs(value) > F32_MAX) {
      throw mismatch(name, found, 'out of the f32 range');
    }
    return Math.fround(value);
  };
  const number = (value: unknown): number => {
    if (typeof value !== 'number') {
      throw mismatch(name, value);
    }
    return round(value, value);
  };
  const special: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
  return {
    wit: name,
    jsonNullable: false,
    jsMaybeNull: false,
    typedArray: name === 'f32' ? Float32Array : Float64Array,
    fromJson(json) {
      if (typeof json === 'string' && json in special) {
        return special[json] as number;
      }
      if (typeof json !== 'number') {
        throw mismatch(`${name} (a number, "NaN", "Infinity" or "-Infinity")`, json);
      }
      return round(json, json);
    },
    toJson(value): JsonValue {
      const v = number(value);
      return Number.isFinite(v) ? v : String(v);
    },
    fromJs: number,
    toJs: number,
  };
}

function stringLike(name: 'char' | 'string'): TypeCodec {
  const check = (value: unknown): string => {
    if (typeof value !== 'string') {
      throw mismatch(name, value);
    }
    if (LONE_SURROGATE.test(value)) {
      throw mismatch(name, value, 'contains an unpaired surrogate');
    }
    if (name === 'char') {
      const codePoints = [...value].length;
      if (codePoints !== 1) {
        throw mismatch(name, value, `${codePoints} characters`);
      }
    }
    return value;
  };
  return {
    wit: name,
    jsonNullable: false,
    jsMaybeNull: false,
    fromJson: check,
    toJson: check,
    fromJs: check,
    toJs: check,
  };
}

const BOOL: TypeCodec = (() => {
  const check = (value: unknown): boolean => {
    if (typeof value !== 'boolean') {
      throw mismatch('bool', value);
    }
    return value;
  };
  return {
    wit: 'bool',
    jsonNullable: false,
    jsMaybeNull: false,
    fromJson: check,
    toJson: check,
    fromJs: check,
    toJs: check,
  };
})();

const CACHE = new Map<Primitive, TypeCodec>();

/** The (shared) codec of a primitive type. */
export function primitiveCodec(name: Primitive): TypeCodec {
  let codec = CACHE.get(name);
  if (codec === undefined) {
    codec = makePrimitive(name);
    CACHE.set(name, codec);
  }
  return codec;
}

function makePrimitive(name: Primitive): TypeCodec {
  switch (name) {
    case 'bool':
      return BOOL;
    case 'u8':
    case 's8':
    case 'u16':
    case 's16':
    case 'u32':
    case 's32':
      return smallInt(name);
    case 'u64':
    case 's64':
      return largeInt(name);
    case 'f32':
    case 'f64':
      return float(name);
    case 'char':
    case 'string':
      return stringLike(name);
    case 'error-context':
      return unsupportedCodec('error-context', 'error contexts exist only inside a running component');
  }
}

export type { WitValue };
