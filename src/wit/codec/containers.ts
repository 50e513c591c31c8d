/**
 * Codecs of the structural types: lists (and fixed-size lists), tuples,
 * options, results and maps.
 */
import { type TypeCodec, hasOwn, objectOf } from './codec.js';
import { ValueErrorCode, ValueError, mismatch, within } from './errors.js';
import type { JsonValue, WitValue, WitResultValue } from './value.js';

function items(value: unknown, wit: string, size: number | undefined, allowTyped: boolean): ArrayLike<unknown> {
  const list: ArrayLike<unknown> | undefined = Array.isArray(value)
    ? (value as unknown[])
    : allowTyped && ArrayBuffer.isView(value) && !(value instanceof DataView)
      ? (value as unknown as ArrayLike<unknown>)
      : undefined;
  if (list === undefined) {
    throw mismatch(`${wit} (an array)`, value);
  }
  if (size !== undefined && list.length !== size) {
    throw new ValueError(ValueErrorCode.invalidValue, `expected ${wit} (${size} items), got ${list.length} items`, wit);
  }
  return list;
}

function mapItems<T>(list: ArrayLike<unknown>, convert: (item: unknown, index: number) => T): T[] {
  const out: T[] = new Array<T>(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      out[i] = convert(list[i], i);
    } catch (error) {
      throw error instanceof ValueError ? error.within(`[${i}]`) : error;
    }
  }
  return out;
}

/** `list<T>`, or `list<T, N>` when `size` is set. */
export function listCodec(element: TypeCodec, size: number | undefined): TypeCodec {
  const wit = size === undefined ? `list<${element.wit}>` : `list<${element.wit}, ${size}>`;
  const typed = size === undefined ? element.typedArray : undefined;
  return {
    wit,
    jsonNullable: false,
    jsMaybeNull: false,
    fromJson: (json) => mapItems(items(json, wit, size, false), (item) => element.fromJson(item)),
    toJson: (value) => mapItems(items(value, wit, size, false), (item) => element.toJson(item as WitValue)),
    fromJs: (js) => mapItems(items(js, wit, size, true), (item) => element.fromJs(item)),
    toJs(value) {
      const converted = mapItems(items(value, wit, size, false), (item) => element.toJs(item as WitValue));
      return typed === undefined ? converted : (typed.from as (items: unknown[]) => unknown)(converted);
    },
  };
}

/** `tuple<A, B, ...>`: an array of exactly that many items. */
export function tupleCodec(elements: readonly TypeCodec[]): TypeCodec {
  const wit = `tuple<${elements.map((e) => e.wit).join(', ')}>`;
  const each = <T>(value: unknown, convert: (codec: TypeCodec, item: unknown) => T): T[] =>
    mapItems(items(value, wit, elements.length, false), (item, i) => convert(elements[i] as TypeCodec, item));
  return {
    wit,
    jsonNullable: false,
    jsMaybeNull: false,
    fromJson: (json) => each(json, (codec, item) => codec.fromJson(item)),
    toJson: (value) => each(value, (codec, item) => codec.toJson(item as WitValue)),
    fromJs: (js) => each(js, (codec, item) => codec.fromJs(item)),
    toJs: (value) => each(value, (codec, item) => codec.toJs(item as WitValue)),
  };
}

function someOf(value: WitValue, wit: string): WitValue {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && hasOwn(value, 'some')) {
    return (value as { some: WitValue }).some;
  }
  throw mismatch(`${wit} (null or { some: value })`, value);
}

/** The value inside `{"some": value}`. */
function unwrapSome(json: unknown, wit: string): unknown {
  const object = objectOf(json, wit, 'null or {"some": value}');
  const keys = Object.keys(object);
  if (keys.length !== 1 || keys[0] !== 'some') {
    throw mismatch(`${wit} (null or {"some": value})`, json);
  }
  return object['some'];
}

/**
 * `option<T>`. JSON: `null` or the value; when `T` itself can be `null` in
 * JSON (an option), the value is wrapped: `{"some": value}`. JS: jco's form,
 * `undefined` or the value, or `{tag: 'none'}` / `{tag: 'some', val}` when the
 * payload can itself be `undefined`.
 */
export function optionCodec(inner: TypeCodec): TypeCodec {
  const wit = `option<${inner.wit}>`;
  const wrapJson = inner.jsonNullable;
  const tagged = inner.jsMaybeNull;
  return {
    wit,
    jsonNullable: true,
    jsMaybeNull: !tagged,
    fromJson(json) {
      if (json === null) {
        return null;
      }
      if (!wrapJson) {
        return { some: inner.fromJson(json) };
      }
      const payload = unwrapSome(json, wit);
      return { some: within('.some', () => inner.fromJson(payload)) };
    },
    toJson(value): JsonValue {
      if (value === null) {
        return null;
      }
      const some = someOf(value, wit);
      return wrapJson ? { some: within('.some', () => inner.toJson(some)) } : inner.toJson(some);
    },
    fromJs(js) {
      if (!tagged) {
        return js === undefined || js === null ? null : { some: inner.fromJs(js) };
      }
      const object = objectOf(js, wit, "{tag: 'none'} or {tag: 'some', val}");
      if (object['tag'] === 'none') {
        return null;
      }
      if (object['tag'] !== 'some') {
        throw mismatch(`${wit} ({tag: 'none'} or {tag: 'some', val})`, js);
      }
      return { some: within('.val', () => inner.fromJs(object['val'])) };
    },
    toJs(value) {
      if (value === null) {
        return tagged ? { tag: 'none' } : undefined;
      }
      const payload = inner.toJs(someOf(value, wit));
      return tagged ? { tag: 'some', val: payload } : payload;
    },
  };
}

function resultSide(value: WitValue, wit: string): ['ok' | 'err', WitValue | undefined] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (hasOwn(value, 'ok')) {
      return ['ok', (value as { ok: WitValue | undefined }).ok];
    }
    if (hasOwn(value, 'err')) {
      return ['err', (value as { err: WitValue | undefined }).err];
    }
  }
  throw mismatch(`${wit} ({ ok } or { err })`, value);
}

function make(side: 'ok' | 'err', payload: WitValue | undefined): WitResultValue {
  return side === 'ok' ? { ok: payload } : { err: payload };
}

/** `result<T, E>`. JSON: `{"ok": value}` / `{"err": value}` (`null` for no payload). JS: `{tag, val}`. */
export function resultCodec(ok: TypeCodec | null, err: TypeCodec | null): TypeCodec {
  const wit = err === null ? (ok === null ? 'result' : `result<${ok.wit}>`) : `result<${ok?.wit ?? '_'}, ${err.wit}>`;
  const codecOf = (side: 'ok' | 'err'): TypeCodec | null => (side === 'ok' ? ok : err);
  const payloadFromJson = (side: 'ok' | 'err', json: unknown): WitValue | undefined => {
    const codec = codecOf(side);
    if (codec === null) {
      if (json !== null) {
        throw mismatch(`null (${side} has no payload)`, json);
      }
      return undefined;
    }
    return codec.fromJson(json);
  };
  return {
    wit,
    jsonNullable: false,
    jsMaybeNull: false,
    resultParts: { ok, err },
    fromJson(json) {
      const object = objectOf(json, wit, '{"ok": value} or {"err": value}');
      const keys = Object.keys(object);
      const side = keys[0];
      if (keys.length !== 1 || (side !== 'ok' && side !== 'err')) {
        throw mismatch(`${wit} ({"ok": value} or {"err": value})`, json);
      }
      return make(
        side,
        within(`.${side}`, () => payloadFromJson(side, object[side])),
      );
    },
    toJson(value): JsonValue {
      const [side, payload] = resultSide(value, wit);
      const codec = codecOf(side);
      return { [side]: codec === null ? null : within(`.${side}`, () => codec.toJson(payload as WitValue)) };
    },
    fromJs(js) {
      const object = objectOf(js, wit, "{tag: 'ok' | 'err', val}");
      const side = object['tag'];
      if (side !== 'ok' && side !== 'err') {
        throw mismatch(`${wit} ({tag: 'ok' | 'err', val})`, js);
      }
      const codec = codecOf(side);
      return make(side, codec === null ? undefined : within('.val', () => codec.fromJs(object['val'])));
    },
    toJs(value) {
      const [side, payload] = resultSide(value, wit);
      const codec = codecOf(side);
      return { tag: side, val: codec === null ? undefined : codec.toJs(payload as WitValue) };
    },
  };
}

/** `map<K, V>`. JSON: an array of `[key, value]` pairs (keys unique). JS: a `Map`. */
export function mapCodec(key: TypeCodec, value: TypeCodec): TypeCodec {
  const wit = `map<${key.wit}, ${value.wit}>`;
  const pairs = (
    list: Iterable<unknown>,
    convertKey: (k: unknown) => WitValue,
    convertValue: (v: unknown) => WitValue,
  ): [WitValue, WitValue][] => {
    const seen = new Set<string>();
    const out: [WitValue, WitValue][] = [];
    let i = 0;
    for (const pair of list) {
      const index = i++;
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw mismatch(`a [key, value] pair of ${wit}`, pair).within(`[${index}]`);
      }
      const k = within(`[${index}][0]`, () => convertKey(pair[0]));
      const id = typeof k === 'bigint' ? `${k}n` : JSON.stringify(k);
      if (seen.has(id)) {
        throw new ValueError(ValueErrorCode.invalidValue, `duplicate key ${id} in ${wit}`, wit).within(`[${index}][0]`);
      }
      seen.add(id);
      out.push([k, within(`[${index}][1]`, () => convertValue(pair[1]))]);
    }
    return out;
  };
  const entries = (v: WitValue): unknown[] => items(v, wit, undefined, false) as unknown[];
  return {
    wit,
    jsonNullable: false,
    jsMaybeNull: false,
    fromJson: (json) =>
      pairs(
        items(json, wit, undefined, false) as unknown[],
        (k) => key.fromJson(k),
        (v) => value.fromJson(v),
      ),
    toJson: (v) =>
      pairs(
        entries(v),
        (k) => key.toJson(k as WitValue),
        (x) => value.toJson(x as WitValue),
      ) as JsonValue,
    fromJs(js) {
      if (!(js instanceof Map)) {
        throw mismatch(`${wit} (a Map)`, js);
      }
      return pairs(
        js.entries(),
        (k) => key.fromJs(k),
        (v) => value.fromJs(v),
      );
    },
    toJs: (v) =>
      new Map(
        pairs(
          entries(v),
          (k) => key.toJs(k as WitValue) as WitValue,
          (x) => value.toJs(x as WitValue) as WitValue,
        ),
      ),
  };
}
