// The activity: implements `{{namespace}}:{{pkg}}/greeter` (activity/wit/activity.wit).
//
// `obelisk build` type-checks this file against the types generated from the WIT (activity/types,
// written by `obelisk generate wit`) and compiles it into dist/activity.wasm. Keep it one module:
// imports other than WIT interfaces must be type-only.
//
// A returned value is the `ok` of the function's result; a thrown string is its `err`.
import type * as Greeter from '{{namespace}}:{{pkg}}/greeter';

/** The exports of an interface; an async function may return a promise of its result. */
type Implementation<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => R | Promise<R> : never;
};

export const greeter: Implementation<typeof Greeter> = {
  greet(name: string): string {
    if (name.trim() === '') {
      throw 'the name is empty';
    }
    return `Hello, ${name}!`;
  },

  async httpStatus(url: string): Promise<number> {
    try {
      const response = await fetch(url);
      return response.status;
    } catch (error) {
      // A denied host or a network failure: the attempt fails and obelisk retries it.
      throw `GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  },
};
