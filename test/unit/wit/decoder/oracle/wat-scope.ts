/**
 * Index spaces of one component / instance type / component type in the WAT
 * that jco's `print` writes, for the decoder's oracle test. Every definition
 * appends to its index space; `$ids` are remembered so references by id work.
 */
import { type SExpr, head, itemsOf } from './sexpr.js';

export type Space = 'type' | 'func' | 'instance' | 'component';

/** What a type index holds: a name given by an import/export, a primitive, or a definition. */
export type TypeSlot =
  | { readonly k: 'named'; readonly name: string }
  | { readonly k: 'prim'; readonly name: string }
  | { readonly k: 'def'; readonly expr: SExpr; readonly scope: WatScope };

/** A function: its type, as a reference resolved in `scope`. */
export interface FuncSlot {
  readonly scope: WatScope;
  readonly ref: SExpr;
}

/** An instance: the functions it exports (by name), computed on demand. */
export interface InstanceSlot {
  exports(): Map<string, Item>;
}

export type Item =
  | { readonly sort: 'func'; readonly func: FuncSlot }
  | { readonly sort: 'instance'; readonly instance: InstanceSlot }
  | { readonly sort: 'type' | 'component' | 'other' };

/** A component definition: its exports once instantiated. */
export interface ComponentSlot {
  exports(): Map<string, Item>;
}

export const PRIMITIVES = new Set([
  'bool',
  's8',
  'u8',
  's16',
  'u16',
  's32',
  'u32',
  's64',
  'u64',
  'f32',
  'f64',
  'char',
  'string',
  'error-context',
]);

export class WatScope {
  readonly types: TypeSlot[] = [];
  readonly funcs: FuncSlot[] = [];
  readonly instances: InstanceSlot[] = [];
  readonly components: ComponentSlot[] = [];
  private readonly ids = new Map<string, number>();

  constructor(readonly parent: WatScope | null) {}

  /** Appends to a space, remembering the `$id` found among `items` (if any). */
  push<T>(space: Space, list: T[], value: T, items: readonly SExpr[]): void {
    const id = idOf(items);
    if (id !== undefined) {
      this.ids.set(`${space}:${id}`, list.length);
    }
    list.push(value);
  }

  index(space: Space, ref: SExpr | undefined): number {
    if (ref?.t === 'atom' && /^\d+$/.test(ref.value)) {
      return Number(ref.value);
    }
    const index = ref?.t === 'atom' ? this.ids.get(`${space}:${ref.value}`) : undefined;
    if (index === undefined) {
      throw new Error(`oracle: unresolved ${space} reference ${JSON.stringify(ref)}`);
    }
    return index;
  }

  outer(count: number): WatScope {
    let scope: WatScope | null = count === 0 ? this : this.parent;
    for (let i = 1; i < count && scope !== null; i++) {
      scope = scope.parent;
    }
    if (scope === null) {
      throw new Error('oracle: outer alias beyond the root');
    }
    return scope;
  }

  type(ref: SExpr | undefined): TypeSlot {
    const slot = this.types[this.index('type', ref)];
    if (slot === undefined) {
      throw new Error(`oracle: type ${JSON.stringify(ref)} out of range`);
    }
    return slot;
  }
}

/** The `$id` of a definition, right after the keyword. */
export function idOf(items: readonly SExpr[]): string | undefined {
  const first = items[1];
  return first?.t === 'atom' && first.value.startsWith('$') ? first.value : undefined;
}

/** The items after the keyword and an optional `$id`. */
export function afterId(items: readonly SExpr[]): SExpr[] {
  return items.slice(idOf(items) === undefined ? 1 : 2);
}

/** Items of a list without index comments and annotations. */
export function plain(expr: SExpr): SExpr[] {
  return itemsOf(expr).filter((item) => item.t !== 'index');
}

export { head };
