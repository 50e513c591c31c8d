/**
 * Codecs of the named aggregate types: records, variants, enums and flags.
 * JSON uses `snake_case` names; jco uses lower camel case for record fields
 * and flags, and the WIT (kebab-case) names for variant and enum cases.
 */
import { type TypeCodec, camelCase, hasOwn, objectOf, snakeCase } from './codec.js';
import { ValueErrorCode, ValueError, mismatch, within } from './errors.js';
import type { JsonValue, WitValue, WitVariantValue } from './value.js';

interface Named {
  /** The WIT name (`field-one`). */
  readonly name: string;
  /** JSON key (`field_one`). */
  readonly json: string;
  /** jco key (`fieldOne`). */
  readonly js: string;
}

function named(name: string): Named {
  return { name, json: snakeCase(name), js: camelCase(name) };
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/** A record: a JSON object with exactly the fields (snake_case keys), a jco object with camelCase keys. */
export function recordCodec(
  wit: string,
  fields: readonly { readonly name: string; readonly codec: TypeCodec }[],
): TypeCodec {
  const all = fields.map((f) => ({ ...named(f.name), codec: f.codec }));
  const keys = { json: new Set(all.map((f) => f.json)), js: new Set(all.map((f) => f.js)) };
  const toValue = (
    input: unknown,
    key: 'json' | 'js',
    convert: (codec: TypeCodec, v: unknown) => WitValue,
  ): WitValue => {
    const object = objectOf(input, wit, key === 'json' ? 'a JSON object' : 'an object');
    for (const k of Object.keys(object)) {
      if (!keys[key].has(k)) {
        throw new ValueError(
          ValueErrorCode.invalidValue,
          `unknown field "${k}" in ${wit} (fields: ${quoteList([...keys[key]])})`,
          wit,
        );
      }
    }
    const result: Record<string, WitValue> = {};
    for (const field of all) {
      if (!hasOwn(object, field[key])) {
        throw new ValueError(ValueErrorCode.invalidValue, `missing field "${field[key]}" of ${wit}`, wit);
      }
      result[field.name] = within(`.${field[key]}`, () => convert(field.codec, object[field[key]]));
    }
    return result;
  };
  const fromValue = <T>(
    value: WitValue,
    key: 'json' | 'js',
    convert: (codec: TypeCodec, v: WitValue) => T,
  ): Record<string, T> => {
    const object = objectOf(value, wit, 'an object keyed by WIT field names');
    const result: Record<string, T> = {};
    for (const field of all) {
      if (!hasOwn(object, field.name)) {
        throw new ValueError(ValueErrorCode.invalidValue, `missing field "${field.name}" of ${wit}`, wit);
      }
      result[field[key]] = within(`.${field.json}`, () => convert(field.codec, object[field.name] as WitValue));
    }
    return result;
  };
  return {
    wit,
    jsonNullable: false,
    jsMaybeNull: false,
    fromJson: (json) => toValue(json, 'json', (c, v) => c.fromJson(v)),
    toJson: (value) => fromValue(value, 'json', (c, v) => c.toJson(v)),
    fromJs: (js) => toValue(js, 'js', (c, v) => c.fromJs(v)),
    toJs: (value) => fromValue(value, 'js', (c, v) => c.toJs(v)),
  };
}

interface CaseCodec extends Named {
  readonly codec: TypeCodec | null;
}

function caseByName(
  cases: readonly CaseCodec[],
  wit: string,
  found: unknown,
  key: 'json' | 'name',
  name: unknown,
): CaseCodec {
  const match = cases.find((c) => c[key] === name);
  if (match === undefined) {
    throw mismatch(`${wit} (one of ${quoteList(cases.map((c) => c[key]))})`, found);
  }
  return match;
}

function variantOf(value: WitValue, wit: string): WitVariantValue {
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    typeof (value as { case?: unknown }).case !== 'string'
  ) {
    throw mismatch(`${wit} ({ case, value })`, value);
  }
  return value as WitVariantValue;
}

/** A variant: JSON `{"case_name": payload}` or `"case_name"` (no payload); jco `{tag: 'case-name', val}`. */
export function variantCodec(
  wit: string,
  cases: readonly { readonly name: string; readonly codec: TypeCodec | null }[],
): TypeCodec {
  const all: CaseCodec[] = cases.map((c) => ({ ...named(c.name), codec: c.codec }));
  const make = (c: CaseCodec, payload: () => WitValue): WitVariantValue =>
    c.codec === null ? { case: c.name } : { case: c.name, value: payload() };
  return {
    wit,
    jsonNullable: false,
    jsMaybeNull: false,
    fromJson(json) {
      if (typeof json === 'string') {
        const c = caseByName(all, wit, json, 'json', json);
        if (c.codec !== null) {
          throw mismatch(wit, json, `case "${c.json}" needs a payload: {"${c.json}": value}`);
        }
        return { case: c.name };
      }
      const object = objectOf(json, wit, '"case" or {"case": payload}');
      const keys = Object.keys(object);
      if (keys.length !== 1) {
        throw mismatch(`${wit} (an object with exactly one case)`, json);
      }
      const c = caseByName(all, wit, json, 'json', keys[0]);
      const payload = object[c.json];
      if (c.codec === null && payload !== null) {
        throw mismatch(`null (case "${c.json}" has no payload)`, payload).within(`.${c.json}`);
      }
      return make(c, () => within(`.${c.json}`, () => (c.codec as TypeCodec).fromJson(payload)));
    },
    toJson(value): JsonValue {
      const v = variantOf(value, wit);
      const c = caseByName(all, wit, value, 'name', v.case);
      return c.codec === null
        ? c.json
        : { [c.json]: within(`.${c.json}`, () => (c.codec as TypeCodec).toJson(v.value as WitValue)) };
    },
    fromJs(js) {
      const object = objectOf(js, wit, "{tag: 'case', val}");
      const c = caseByName(all, wit, js, 'name', object['tag']);
      return make(c, () => within('.val', () => (c.codec as TypeCodec).fromJs(object['val'])));
    },
    toJs(value) {
      const v = variantOf(value, wit);
      const c = caseByName(all, wit, value, 'name', v.case);
      return c.codec === null ? { tag: c.name } : { tag: c.name, val: c.codec.toJs(v.value as WitValue) };
    },
  };
}

/** An enum: JSON `"case_name"`, jco `'case-name'`. */
export function enumCodec(wit: string, names: readonly string[]): TypeCodec {
  const all: CaseCodec[] = names.map((n) => ({ ...named(n), codec: null }));
  const pick = (value: unknown, key: 'json' | 'name'): CaseCodec => caseByName(all, wit, value, key, value);
  return {
    wit,
    jsonNullable: false,
    jsMaybeNull: false,
    fromJson: (json) => pick(json, 'json').name,
    toJson: (value) => pick(value, 'name').json,
    fromJs: (js) => pick(js, 'name').name,
    toJs: (value) => pick(value, 'name').name,
  };
}

/** Flags: JSON an array of the set flags' names; jco an object of booleans keyed in camelCase. */
export function flagsCodec(wit: string, names: readonly string[]): TypeCodec {
  const all = names.map(named);
  const setFlags = (list: unknown, key: 'json' | 'name', what: string): string[] => {
    if (!Array.isArray(list)) {
      throw mismatch(`${wit} (${what})`, list);
    }
    const set = new Set<string>();
    (list as unknown[]).forEach((item, i) => {
      const flag = all.find((f) => f[key] === item);
      if (flag === undefined) {
        throw mismatch(`a flag of ${wit} (one of ${quoteList(all.map((f) => f[key]))})`, item).within(`[${i}]`);
      }
      if (set.has(flag.name)) {
        throw new ValueError(ValueErrorCode.invalidValue, `flag "${flag[key]}" is listed twice`, wit).within(`[${i}]`);
      }
      set.add(flag.name);
    });
    return all.filter((f) => set.has(f.name)).map((f) => f.name);
  };
  return {
    wit,
    jsonNullable: false,
    jsMaybeNull: false,
    fromJson: (json) => setFlags(json, 'json', 'an array of flag names'),
    toJson: (value) => setFlags(value, 'name', 'an array of flag names').map((n) => snakeCase(n)),
    fromJs(js) {
      const object = objectOf(js, wit, 'an object of booleans');
      const known = new Set(all.map((f) => f.js));
      for (const [key, flag] of Object.entries(object)) {
        if (!known.has(key)) {
          throw new ValueError(ValueErrorCode.invalidValue, `unknown flag "${key}" in ${wit}`, wit);
        }
        if (typeof flag !== 'boolean' && flag !== undefined) {
          throw mismatch('bool', flag).within(`.${key}`);
        }
      }
      return all.filter((f) => object[f.js] === true).map((f) => f.name);
    },
    toJs(value) {
      const set = new Set(setFlags(value, 'name', 'an array of flag names'));
      return Object.fromEntries(all.map((f) => [f.js, set.has(f.name)]));
    },
  };
}
