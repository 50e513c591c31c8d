/**
 * The in-memory form of WIT values that the codec converts from and to JSON
 * and to jco's JS representation. It is untagged: a value is read according
 * to its WIT type.
 *
 * | WIT type                     | WitValue                                               |
 * | ---------------------------- | ------------------------------------------------------ |
 * | `bool`                       | `boolean`                                              |
 * | `s8`..`u32`, `f32`, `f64`    | `number` (`f32` values are already rounded to f32)     |
 * | `s64`, `u64`                 | `bigint`                                               |
 * | `char`, `string`             | `string`                                               |
 * | `list<T>`, `list<T, N>`, `tuple<..>` | `WitValue[]`                                   |
 * | `record`                     | `{ [wit-field-name]: WitValue }` (WIT names as keys)   |
 * | `variant`                    | `{ case: 'case-name', value?: WitValue }`              |
 * | `enum`                       | `'case-name'`                                          |
 * | `flags`                      | `['flag-name', ...]` (the set flags, in declaration order) |
 * | `option<T>`                  | `null` (none) or `{ some: WitValue }`                  |
 * | `result<T, E>`               | `{ ok: WitValue \| undefined }` or `{ err: WitValue \| undefined }` |
 * | `map<K, V>`                  | `[key, value][]`                                       |
 */

export type WitValue =
  | boolean
  | number
  | bigint
  | string
  | null
  | readonly WitValue[]
  | WitRecordValue
  | WitVariantValue
  | WitOptionSome
  | WitResultValue;

export interface WitRecordValue {
  readonly [field: string]: WitValue;
}

export interface WitVariantValue {
  readonly case: string;
  readonly value?: WitValue;
}

export interface WitOptionSome {
  readonly some: WitValue;
}

export type WitResultValue = { readonly ok: WitValue | undefined } | { readonly err: WitValue | undefined };

/** A value that `JSON.stringify` writes as is. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
