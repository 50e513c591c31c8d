/**
 * The syntax tree of one WIT source text, as written (before name resolution).
 * Offsets point into the text of the owning {@link SourceFile}.
 */
import type { Primitive } from './model.js';
import type { SourceFile } from './source.js';

export interface Ident {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export interface VersionAst {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface PackageNameAst {
  readonly namespace: string;
  readonly name: string;
  readonly version: string | undefined;
  readonly start: number;
  readonly end: number;
}

/** `ifc` (in the current package or a file-level `use`) or `ns:pkg/ifc@version`. */
export type UsePathAst =
  | { readonly kind: 'local'; readonly name: Ident }
  | {
      readonly kind: 'package';
      readonly package: PackageNameAst;
      readonly name: Ident;
      readonly start: number;
      readonly end: number;
    };

/** `@since`, `@unstable` and `@deprecated` annotations on one item. */
export interface GatesAst {
  readonly since?: VersionAst | undefined;
  readonly unstable?: Ident | undefined;
  readonly deprecated?: VersionAst | undefined;
  /** Offset of the first annotation, for error messages. */
  readonly start: number;
}

export type TypeAst =
  | { readonly kind: 'primitive'; readonly name: Primitive; readonly start: number; readonly end: number }
  | { readonly kind: 'name'; readonly name: Ident; readonly start: number; readonly end: number }
  | {
      readonly kind: 'list';
      readonly element: TypeAst;
      readonly size: { readonly value: string; readonly start: number; readonly end: number } | undefined;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'option'; readonly inner: TypeAst; readonly start: number; readonly end: number }
  | {
      readonly kind: 'result';
      readonly ok: TypeAst | null;
      readonly err: TypeAst | null;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'tuple'; readonly items: readonly TypeAst[]; readonly start: number; readonly end: number }
  | { readonly kind: 'borrow' | 'own'; readonly name: Ident; readonly start: number; readonly end: number }
  | { readonly kind: 'future' | 'stream'; readonly inner: TypeAst | null; readonly start: number; readonly end: number }
  | {
      readonly kind: 'map';
      readonly key: TypeAst;
      readonly value: TypeAst;
      readonly start: number;
      readonly end: number;
    };

export interface ParamAst {
  readonly name: Ident;
  readonly type: TypeAst;
}

export interface FuncTypeAst {
  readonly async: boolean;
  readonly params: readonly ParamAst[];
  readonly result: TypeAst | null;
  readonly start: number;
}

interface ItemBase {
  readonly docs: string | undefined;
  readonly gates: GatesAst | undefined;
}

export interface UseAst extends ItemBase {
  readonly kind: 'use';
  readonly path: UsePathAst;
  readonly names: readonly { readonly name: Ident; readonly as: Ident | undefined }[];
  readonly start: number;
}

export interface NamedCaseAst {
  readonly name: Ident;
  readonly docs: string | undefined;
  readonly type: TypeAst | null;
}

export type ResourceFuncAst =
  | (ItemBase & { readonly kind: 'constructor'; readonly func: FuncTypeAst; readonly start: number })
  | (ItemBase & { readonly kind: 'method' | 'static'; readonly name: Ident; readonly func: FuncTypeAst });

export type TypeDefAst = ItemBase & { readonly name: Ident } & (
    | { readonly kind: 'record'; readonly fields: readonly NamedCaseAst[] }
    | { readonly kind: 'variant'; readonly cases: readonly NamedCaseAst[] }
    | { readonly kind: 'enum' | 'flags'; readonly cases: readonly NamedCaseAst[] }
    | { readonly kind: 'resource'; readonly funcs: readonly ResourceFuncAst[] }
    | { readonly kind: 'alias'; readonly target: TypeAst }
  );

export interface FuncItemAst extends ItemBase {
  readonly kind: 'func';
  readonly name: Ident;
  readonly func: FuncTypeAst;
}

export type InterfaceItemAst = UseAst | TypeDefAst | FuncItemAst;

export interface InterfaceAst extends ItemBase {
  readonly kind: 'interface';
  readonly name: Ident;
  readonly items: readonly InterfaceItemAst[];
}

/** `import`/`export` of an interface by path, or of a plain name. */
export type ExternAst =
  | { readonly kind: 'path'; readonly path: UsePathAst }
  | { readonly kind: 'func'; readonly name: Ident; readonly func: FuncTypeAst }
  | {
      readonly kind: 'interface';
      readonly name: Ident;
      readonly items: readonly InterfaceItemAst[];
      readonly start: number;
    }
  | { readonly kind: 'named-path'; readonly name: Ident; readonly path: UsePathAst };

export type WorldItemAst =
  | (ItemBase & { readonly kind: 'import' | 'export'; readonly extern: ExternAst; readonly start: number })
  | (ItemBase & {
      readonly kind: 'include';
      readonly path: UsePathAst;
      readonly with: readonly { readonly from: Ident; readonly to: Ident }[];
      readonly start: number;
    })
  | UseAst
  | TypeDefAst;

export interface WorldAst extends ItemBase {
  readonly kind: 'world';
  readonly name: Ident;
  readonly items: readonly WorldItemAst[];
}

/** File-level `use ns:pkg/ifc@v as name;`. */
export interface TopUseAst {
  readonly kind: 'top-use';
  readonly path: UsePathAst;
  readonly as: Ident | undefined;
  readonly start: number;
  /** Checked like any gate; a file-level `use` is never left out. */
  readonly gates?: GatesAst | undefined;
}

export type PackageItemAst = InterfaceAst | WorldAst | TopUseAst;

export interface PackageDeclAst {
  readonly name: PackageNameAst;
  readonly docs: string | undefined;
}

/** A `package a:b { ... }` block. */
export interface NestedPackageAst {
  readonly decl: PackageDeclAst;
  readonly items: readonly PackageItemAst[];
}

/** One parsed source text. */
export interface FileAst {
  readonly source: SourceFile;
  /** The `package a:b;` header, if any. */
  readonly package: PackageDeclAst | undefined;
  /** Items outside of nested package blocks. */
  readonly items: readonly PackageItemAst[];
  readonly nested: readonly NestedPackageAst[];
}
