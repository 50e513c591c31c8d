/**
 * The resolved WIT model: what the text parser + resolver and the component
 * binary decoder both produce, and what the printer, the value codec, the
 * extension generator, `wit inspect` and the engine consume.
 *
 * Items live in arenas on {@link Resolve} and refer to each other by numeric
 * ids (like wit-parser's `Resolve`), so a model is plain data: easy to walk,
 * to compare structurally and to serialise. Ids are indices into the arrays.
 *
 * Source positions and docs are carried for messages and printing, and are
 * ignored when two models are compared (see `modelDiff` in `equal.ts`).
 */

export type PackageId = number;
export type InterfaceId = number;
export type WorldId = number;
export type TypeId = number;

/** `namespace:name@version` (version optional, semver text as written). */
export interface PackageName {
  readonly namespace: string;
  readonly name: string;
  readonly version?: string | undefined;
}

/** Where an item was defined in WIT source (1-based line and column). */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Feature gates: `@since(version = ..)`, `@unstable(feature = ..)`, `@deprecated(version = ..)`. */
export type Stability =
  | { readonly tag: 'unknown' }
  | { readonly tag: 'stable'; readonly since: string; readonly deprecated?: string | undefined }
  | { readonly tag: 'unstable'; readonly feature: string; readonly deprecated?: string | undefined };

export interface Docs {
  /** Doc comment text without the `///` / `/** *\/` markers, lines joined by `\n`. */
  readonly contents?: string | undefined;
}

export interface Package {
  readonly name: PackageName;
  readonly docs: Docs;
  /** Interfaces by name, in definition order. */
  readonly interfaces: Map<string, InterfaceId>;
  /** Worlds by name, in definition order. */
  readonly worlds: Map<string, WorldId>;
}

/** Who owns a type or an interface. */
export type TypeOwner =
  | { readonly tag: 'interface'; readonly id: InterfaceId }
  | { readonly tag: 'world'; readonly id: WorldId }
  | { readonly tag: 'none' };

export interface Interface {
  /** `null` for an anonymous interface inlined in a world (`import foo: interface { .. }`). */
  readonly name: string | null;
  /** Owning package; `null` only for interfaces inlined in a world of an unnamed package. */
  readonly package: PackageId | null;
  readonly docs: Docs;
  readonly stability: Stability;
  /** Types by name in definition order, including names brought in with `use` (as aliases). */
  readonly types: Map<string, TypeId>;
  /** Functions by their full name (`f`, `[constructor]r`, `[method]r.f`, `[static]r.f`) in definition order. */
  readonly functions: Map<string, Func>;
  readonly span?: Span | undefined;
}

export interface World {
  readonly name: string;
  readonly package: PackageId;
  readonly docs: Docs;
  readonly stability: Stability;
  /** Elaborated imports (after `include`s and implied interface dependencies), in order. */
  readonly imports: Map<string, WorldItem>;
  /** Elaborated exports, in order. */
  readonly exports: Map<string, WorldItem>;
  /**
   * The `include`s as written (kept so the printer can reproduce them);
   * `imports`/`exports` already contain their elaborated items.
   */
  readonly includes: readonly WorldInclude[];
  readonly span?: Span | undefined;
}

export interface WorldInclude {
  readonly world: WorldId;
  readonly stability: Stability;
  /** `include w with { a as b }` renames. */
  readonly with: readonly { readonly from: string; readonly to: string }[];
}

/**
 * A world import/export. The map key in {@link World.imports}/{@link World.exports} is
 * the item's world key: the plain name for named items (`foo` for `import foo: interface {..}`
 * or `import foo: func()`), or the interface's full name (`ns:pkg/ifc@1.0.0`) for interfaces
 * imported by path.
 */
export type WorldItem =
  | { readonly tag: 'interface'; readonly id: InterfaceId; readonly named: boolean; readonly stability: Stability }
  | { readonly tag: 'function'; readonly func: Func }
  | { readonly tag: 'type'; readonly id: TypeId };

export interface TypeDef {
  /** `null` for anonymous types (the decoder may produce them; the parser interns structural types inline). */
  readonly name: string | null;
  readonly owner: TypeOwner;
  readonly kind: TypeDefKind;
  readonly docs: Docs;
  readonly stability: Stability;
  readonly span?: Span | undefined;
}

export interface Field {
  readonly name: string;
  readonly type: Type;
  readonly docs: Docs;
}

export interface Case {
  readonly name: string;
  /** Payload type, `null` when the case has none. */
  readonly type: Type | null;
  readonly docs: Docs;
}

export interface EnumCase {
  readonly name: string;
  readonly docs: Docs;
}

export interface Flag {
  readonly name: string;
  readonly docs: Docs;
}

export type TypeDefKind =
  | { readonly tag: 'record'; readonly fields: readonly Field[] }
  | { readonly tag: 'variant'; readonly cases: readonly Case[] }
  | { readonly tag: 'enum'; readonly cases: readonly EnumCase[] }
  | { readonly tag: 'flags'; readonly flags: readonly Flag[] }
  | { readonly tag: 'resource' }
  /** `type a = b;`, and a name brought in by `use` (target: the original type). */
  | { readonly tag: 'alias'; readonly target: Type };

export const PRIMITIVES = [
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
] as const;
export type Primitive = (typeof PRIMITIVES)[number];

/** A use of a type: a primitive, a reference to a named definition, or an anonymous structural type. */
export type Type =
  | { readonly kind: 'primitive'; readonly name: Primitive }
  | { readonly kind: 'named'; readonly id: TypeId }
  /** `list<T>`, or the fixed-size `list<T, N>` when `size` is set. */
  | { readonly kind: 'list'; readonly element: Type; readonly size?: number | undefined }
  | { readonly kind: 'option'; readonly inner: Type }
  /** `result`, `result<T>`, `result<_, E>`, `result<T, E>`. */
  | { readonly kind: 'result'; readonly ok: Type | null; readonly err: Type | null }
  | { readonly kind: 'tuple'; readonly items: readonly Type[] }
  /**
   * `borrow<r>`. An owned handle is the bare resource name (`named`): the parser
   * normalises an explicit `own<r>` to it, as the binary format cannot tell them apart.
   */
  | { readonly kind: 'borrow'; readonly resource: TypeId }
  | { readonly kind: 'future'; readonly inner: Type | null }
  | { readonly kind: 'stream'; readonly inner: Type | null }
  /** `map<K, V>`; keys are `bool`, integers, `char` or `string`. */
  | { readonly kind: 'map'; readonly key: Type; readonly value: Type };

export type FuncKind =
  | { readonly tag: 'freestanding' }
  | { readonly tag: 'method'; readonly resource: TypeId }
  | { readonly tag: 'static'; readonly resource: TypeId }
  | { readonly tag: 'constructor'; readonly resource: TypeId };

export interface Param {
  readonly name: string;
  readonly type: Type;
}

export interface Func {
  /** Full name: `f`, `[constructor]r`, `[method]r.f`, `[static]r.f`. */
  readonly name: string;
  readonly kind: FuncKind;
  /** For methods the first param is `self: borrow<r>`. */
  readonly params: readonly Param[];
  /** `null` when the function returns nothing. A constructor returns the resource (`named`). */
  readonly result: Type | null;
  readonly async: boolean;
  readonly docs: Docs;
  readonly stability: Stability;
  readonly span?: Span | undefined;
}

/** A fully resolved set of packages. Packages are in dependency order (dependencies first). */
export interface Resolve {
  readonly packages: Package[];
  readonly interfaces: Interface[];
  readonly worlds: World[];
  readonly types: TypeDef[];
}

/** Formats `ns:name@version`. */
export function formatPackageName(name: PackageName): string {
  return name.version === undefined
    ? `${name.namespace}:${name.name}`
    : `${name.namespace}:${name.name}@${name.version}`;
}

/** Full name of a named interface: `ns:pkg/ifc@version`. */
export function interfaceFullName(resolve: Resolve, id: InterfaceId): string {
  const iface = resolve.interfaces[id];
  if (iface === undefined || iface.name === null || iface.package === null) {
    throw new Error(`interface ${id} has no full name`);
  }
  const pkg = resolve.packages[iface.package];
  if (pkg === undefined) {
    throw new Error(`interface ${id} refers to a missing package`);
  }
  const base = `${pkg.name.namespace}:${pkg.name.name}/${iface.name}`;
  return pkg.name.version === undefined ? base : `${base}@${pkg.name.version}`;
}
