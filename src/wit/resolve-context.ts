/** State shared by the resolver steps while one {@link Resolve} is built. */
import type { GatesAst, Ident, PackageItemAst } from './ast.js';
import { WitErrorCode, witError, type WitError } from './errors.js';
import { gateEnabled, stabilityOf, type LoadOptions } from './gates.js';
import type { Docs, InterfaceId, PackageId, Resolve, Stability, TypeDef, TypeId, WorldId } from './model.js';
import type { SourceFile } from './source.js';

/** A `Resolve` under construction (its arrays are appended to). */
export interface ResolveBuilder extends Resolve {
  readonly packages: Resolve['packages'];
}

/** What a name means in the scope of one file (or one nested package block). */
export type ScopeEntry =
  { readonly kind: 'interface'; readonly id: InterfaceId } | { readonly kind: 'world'; readonly id: WorldId };

/** The items of a package that come from one source text, with their file scope. */
export interface ItemGroup {
  readonly source: SourceFile;
  readonly items: readonly PackageItemAst[];
  /** Names brought in by file-level `use`, and the package's interfaces and worlds. */
  readonly scope: Map<string, ScopeEntry>;
}

export interface PackageContext {
  readonly resolve: ResolveBuilder;
  readonly options: LoadOptions;
  /** Every package by `ns:name@version`. */
  readonly packagesByName: ReadonlyMap<string, PackageId>;
  readonly packageId: PackageId;
  readonly packageName: string;
  readonly packageVersion: string | undefined;
  /** Names of package items left out because their `@unstable` feature is off (name -> feature). */
  readonly excluded: Map<string, string>;
  readonly shared: SharedState;
}

/** What the resolver remembers across packages. */
export interface SharedState {
  /** Per package: interfaces and worlds left out by feature gates (name -> feature). */
  readonly excludedItems: Map<PackageId, Map<string, string>>;
  /** Per interface: types and functions left out by feature gates (name -> feature). */
  readonly excludedTypes: Map<InterfaceId, Map<string, string>>;
  /** Whether a (fully defined) type contains a `borrow<..>`, remembered per type. */
  readonly borrows: Map<TypeId, boolean>;
}

/** Model docs from doc-comment text. */
export function docsOf(text: string | undefined): Docs {
  return text === undefined ? {} : { contents: text };
}

/** Checks an item's gates and converts them, in the package of `ctx`. */
export function stability(ctx: PackageContext, gates: GatesAst | undefined, source: SourceFile): Stability {
  return stabilityOf(gates, source, ctx.packageName, ctx.packageVersion);
}

/** True when the item is included; records its name as excluded otherwise. */
export function included(
  ctx: PackageContext,
  gates: GatesAst | undefined,
  name: string | undefined,
  excluded: Map<string, string>,
): boolean {
  if (gateEnabled(gates, ctx.options)) {
    return true;
  }
  if (name !== undefined && gates?.unstable !== undefined) {
    excluded.set(name, gates.unstable.name);
  }
  return false;
}

/** A positioned error covering `ident`. */
export function errorAt(
  code: WitErrorCode,
  source: SourceFile,
  ident: { start: number; end: number },
  detail: string,
): WitError {
  return witError(code, source, ident.start, ident.end - ident.start, detail);
}

/** The `duplicate-definition` error for `ident` in scope `where`. */
export function duplicate(source: SourceFile, ident: Ident, what: string, where: string): WitError {
  return errorAt(
    WitErrorCode.duplicateDefinition,
    source,
    ident,
    `${what} \`${ident.name}\` is defined more than once in ${where}; expected a unique name`,
  );
}

/**
 * Records `ident` as taken in a scope. Names compare without case, as the
 * component model compares them (`get-user` and `GET-USER` are one name);
 * throws the `duplicate-definition` error when the name is taken.
 */
export function claimName(
  taken: Map<string, Ident>,
  source: SourceFile,
  ident: Ident,
  what: string,
  where: string,
): void {
  const key = ident.name.toLowerCase();
  const previous = taken.get(key);
  if (previous === undefined) {
    taken.set(key, ident);
    return;
  }
  if (previous.name === ident.name) {
    throw duplicate(source, ident, what, where);
  }
  throw errorAt(
    WitErrorCode.duplicateDefinition,
    source,
    ident,
    `${what} \`${ident.name}\` conflicts with \`${previous.name}\` in ${where}: names that differ only in case are the same name; expected a unique name`,
  );
}

/** Replaces a placeholder type definition. */
export function setType(resolve: ResolveBuilder, id: number, def: TypeDef): void {
  resolve.types[id] = def;
}
