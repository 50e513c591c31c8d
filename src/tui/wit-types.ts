/**
 * The WIT types of a function as the TUI needs them: the component's WIT is fetched through the
 * API once per component, parsed with the WIT library, and the function's parameter and result
 * types are looked up by FFQN. Values are then rendered and forms generated from these types.
 */
import type { ApiClient, FunctionInfo } from '../client/index.js';
import { parseWitText } from '../wit/load.js';
import { interfaceFullName, type Resolve, type Type } from '../wit/model.js';

export interface FunctionTypes {
  readonly resolve: Resolve;
  readonly params: readonly { readonly name: string; readonly type: Type }[];
  readonly result: Type | null;
}

/** Finds `ns:pkg/ifc@ver.fn` in a resolved WIT model; `null` when it is not there. */
export function findFunction(resolve: Resolve, ffqn: string): FunctionTypes | null {
  const dot = ffqn.lastIndexOf('.');
  const ifaceName = ffqn.slice(0, dot);
  const fnName = ffqn.slice(dot + 1);
  for (let id = 0; id < resolve.interfaces.length; id += 1) {
    const iface = resolve.interfaces[id];
    if (iface === undefined || iface.name === null || iface.package === null) {
      continue;
    }
    if (interfaceFullName(resolve, id) !== ifaceName) {
      continue;
    }
    const func = iface.functions.get(fnName);
    if (func !== undefined) {
      return { resolve, params: func.params, result: func.result };
    }
  }
  return null;
}

/** Parses WIT text and finds the function in it. */
export function functionTypesFromWit(wit: string, ffqn: string): FunctionTypes | null {
  return findFunction(parseWitText(wit, '<component>'), ffqn);
}

/** Fetches and caches each component's parsed WIT. */
export class WitTypes {
  readonly #fetchWit: (componentId: string) => Promise<string>;
  readonly #resolves = new Map<string, Promise<Resolve>>();

  /** `fetchWit` reads a component's WIT (`ApiClient.getComponentWit`). */
  constructor(fetchWit: ApiClient['getComponentWit']) {
    this.#fetchWit = fetchWit;
  }

  /** The types of a loaded function; `null` when its WIT cannot be read or parsed. */
  async of(fn: Pick<FunctionInfo, 'ffqn' | 'component_id'>): Promise<FunctionTypes | null> {
    let resolve = this.#resolves.get(fn.component_id);
    if (resolve === undefined) {
      resolve = this.#fetchWit(fn.component_id).then((wit) => parseWitText(wit, '<component>'));
      this.#resolves.set(fn.component_id, resolve);
      resolve.catch(() => this.#resolves.delete(fn.component_id));
    }
    try {
      return findFunction(await resolve, fn.ffqn);
    } catch {
      return null;
    }
  }
}
