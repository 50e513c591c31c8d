/** Tables and arrays of tables: strict (unknown keys are errors) and reporting what they expect. */
import * as z from 'zod';
import { show } from './leaves.js';
import { EnvValue } from './overrides.js';

/** Schemas of keys that exist only to explain why they are not allowed; left out of "expected one of". */
const hiddenKeys = new WeakSet<z.core.$ZodType>();

/** Marks a schema as a key that is never valid (see `forbidden`), so that tables do not list it. */
export function hidden<T extends z.ZodType>(schema: T): T {
  hiddenKeys.add(schema);
  return schema;
}

/** A table with exactly the keys of `shape`; an unknown key is reported with the keys that are allowed. */
export function table<S extends z.ZodRawShape>(shape: S) {
  const allowed = Object.entries(shape)
    .filter(([, schema]) => !hiddenKeys.has(schema))
    .map(([key]) => key)
    .join(', ');
  return z.preprocess(
    (value) => (value instanceof EnvValue ? value.parsed : value),
    z.strictObject(shape, {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown key; expected one of: ${allowed}`
          : `expected a table, got ${show(issue.input)}`,
    }),
  );
}

/** `[[name]]`: an array of tables, empty when absent. */
export function arrayOfTables<T extends z.ZodType>(name: string, element: T): z.ZodDefault<z.ZodArray<T>> {
  return z
    .array(element, { error: (issue) => `expected an array of tables ([[${name}]]), got ${show(issue.input)}` })
    .default([]);
}
