/**
 * JSON values as stored by the engine (parameters, return values, payloads),
 * and a canonical form used to compare them (object keys sorted).
 */

/** Any value `JSON.parse` can return. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Serialises `value` with object keys sorted at every level, so two values that
 * are equal as JSON give the same string.
 */
export function canonicalJson(value: JsonValue): string {
  return JSON.stringify(sortKeys(value));
}

/** True when `a` and `b` are the same JSON value (key order ignored). */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    const record = value as { readonly [key: string]: JsonValue };
    const sorted: Record<string, JsonValue> = {};
    for (const key of Object.keys(record).sort()) {
      sorted[key] = sortKeys(record[key] as JsonValue);
    }
    return sorted;
  }
  return value;
}
