/**
 * Declaring and defining the types of one interface or world: `use` aliases,
 * records, variants, enums, flags, resources (with their functions) and aliases.
 * Names are declared first (so definitions may refer forward), then defined;
 * checks that need every definition (handles, map keys) run at the end.
 */
import type { FuncTypeAst, Ident, NamedCaseAst, ResourceFuncAst, TypeDefAst, UseAst } from './ast.js';
import { WitErrorCode } from './errors.js';
import type { Func, FuncKind, Param, Stability, Type, TypeDef, TypeDefKind, TypeId, TypeOwner } from './model.js';
import {
  docsOf,
  claimName,
  errorAt,
  included,
  setType,
  stability,
  type ItemGroup,
  type PackageContext,
} from './resolve-context.js';
import { lookupInterface } from './resolve-paths.js';
import { convertType, underlying, type TypeScope } from './resolve-type.js';

/** An interface or world being filled with types. */
export interface TypeContainer {
  readonly owner: TypeOwner;
  /** Type names in scope (the interface's `types` map, or the world's type scope). */
  readonly names: Map<string, TypeId>;
  /** Every name defined in this scope (types and functions share it) with its position. */
  readonly taken: Map<string, Ident>;
  readonly excluded: Map<string, string>;
  /** `interface \`x\`` or `world \`w\``. */
  readonly where: string;
  /** Checks that run once every type is defined. */
  readonly deferred: (() => void)[];
}

/** The type-name scope of a container, for converting type expressions. */
export function scopeOf(ctx: PackageContext, group: ItemGroup, container: TypeContainer): TypeScope {
  return {
    source: group.source,
    resolve: ctx.resolve,
    names: container.names,
    excluded: container.excluded,
    where: container.where,
    deferred: container.deferred,
  };
}

function claim(group: ItemGroup, container: TypeContainer, ident: Ident, what: string): void {
  claimName(container.taken, group.source, ident, what, container.where);
}

/** Resolves a `use path.{a, b as c}` into alias types; returns their ids. */
export function declareUse(ctx: PackageContext, group: ItemGroup, container: TypeContainer, use: UseAst): TypeId[] {
  if (!included(ctx, use.gates, undefined, container.excluded)) {
    for (const { name, as } of use.names) {
      container.excluded.set((as ?? name).name, use.gates?.unstable?.name ?? '');
    }
    return [];
  }
  const stab = stability(ctx, use.gates, group.source);
  const ifaceId = lookupInterface(ctx, group, use.path);
  const iface = ctx.resolve.interfaces[ifaceId];
  const ids: TypeId[] = [];
  for (const { name, as } of use.names) {
    const target = iface?.types.get(name.name);
    if (target === undefined) {
      throw unknownUsed(ctx, group, ifaceId, name);
    }
    const local = as ?? name;
    claim(group, container, local, 'name');
    const id = ctx.resolve.types.length;
    ctx.resolve.types.push({
      name: local.name,
      owner: container.owner,
      kind: { tag: 'alias', target: { kind: 'named', id: target } },
      docs: docsOf(use.docs),
      stability: stab,
      span: group.source.span(local.start),
    });
    container.names.set(local.name, id);
    ids.push(id);
  }
  return ids;
}

function unknownUsed(ctx: PackageContext, group: ItemGroup, ifaceId: number, name: Ident): Error {
  const iface = ctx.resolve.interfaces[ifaceId];
  const ifaceName = iface?.name ?? 'interface';
  const feature = ctx.shared.excludedTypes.get(ifaceId)?.get(name.name);
  if (feature !== undefined) {
    return errorAt(
      WitErrorCode.featureDisabled,
      group.source,
      name,
      `type \`${name.name}\` of interface \`${ifaceName}\` is \`@unstable(feature = ${feature})\` and that feature is not enabled; expected the feature to be enabled, or no \`use\` of it`,
    );
  }
  if (iface?.functions.has(name.name) === true) {
    return errorAt(
      WitErrorCode.unknownName,
      group.source,
      name,
      `\`${name.name}\` in interface \`${ifaceName}\` is a function; expected the name of a type (only types can be \`use\`d)`,
    );
  }
  const names = [...(iface?.types.keys() ?? [])].slice(0, 12).map((n) => `\`${n}\``);
  const expected =
    names.length === 0 ? `interface \`${ifaceName}\` defines no types` : `expected one of ${names.join(', ')}`;
  return errorAt(
    WitErrorCode.unknownName,
    group.source,
    name,
    `interface \`${ifaceName}\` has no type \`${name.name}\`; ${expected}`,
  );
}

/** Declares a type definition's name; returns its (placeholder) id, or `undefined` when gated out. */
export function declareTypeDef(
  ctx: PackageContext,
  group: ItemGroup,
  container: TypeContainer,
  def: TypeDefAst,
): TypeId | undefined {
  if (!included(ctx, def.gates, def.name.name, container.excluded)) {
    return undefined;
  }
  claim(group, container, def.name, 'name');
  const id = ctx.resolve.types.length;
  ctx.resolve.types.push({
    name: def.name.name,
    owner: container.owner,
    kind: { tag: 'resource' },
    docs: {},
    stability: { tag: 'unknown' },
  });
  container.names.set(def.name.name, id);
  return id;
}

/** Defines a declared type; resource functions are added to `functions` (when given). */
export function defineTypeDef(
  ctx: PackageContext,
  group: ItemGroup,
  container: TypeContainer,
  def: TypeDefAst,
  id: TypeId,
  functions: Map<string, Func> | undefined,
  funcs: FuncSite[],
): void {
  const scope = scopeOf(ctx, group, container);
  const typeDef: TypeDef = {
    name: def.name.name,
    owner: container.owner,
    kind: defineKind(group, scope, def),
    docs: docsOf(def.docs),
    stability: stability(ctx, def.gates, group.source),
    span: group.source.span(def.name.start),
  };
  setType(ctx.resolve, id, typeDef);
  if (def.kind === 'resource') {
    defineResourceFuncs(ctx, group, container, def.name, def.funcs, id, functions, funcs);
  }
}

function defineKind(group: ItemGroup, scope: TypeScope, def: TypeDefAst): TypeDefKind {
  switch (def.kind) {
    case 'record':
      return {
        tag: 'record',
        fields: namedCases(group, def.fields, 'field', def.name).map((c) => ({
          name: c.name,
          type: convertType(scope, required(c.type)),
          docs: c.docs,
        })),
      };
    case 'variant':
      nonEmpty(group, def, 'case');
      return {
        tag: 'variant',
        cases: namedCases(group, def.cases, 'case', def.name).map((c) => ({
          name: c.name,
          type: c.type === null ? null : convertType(scope, c.type),
          docs: c.docs,
        })),
      };
    case 'enum':
      nonEmpty(group, def, 'case');
      return {
        tag: 'enum',
        cases: namedCases(group, def.cases, 'case', def.name).map((c) => ({ name: c.name, docs: c.docs })),
      };
    case 'flags':
      return {
        tag: 'flags',
        flags: namedCases(group, def.cases, 'flag', def.name).map((c) => ({ name: c.name, docs: c.docs })),
      };
    case 'resource':
      return { tag: 'resource' };
    case 'alias':
      return { tag: 'alias', target: convertType(scope, def.target) };
  }
}

function required<T>(value: T | null): T {
  if (value === null) {
    throw new Error('record field without a type');
  }
  return value;
}

function nonEmpty(group: ItemGroup, def: TypeDefAst & { cases: readonly NamedCaseAst[] }, what: string): void {
  if (def.cases.length === 0) {
    throw errorAt(
      WitErrorCode.invalidType,
      group.source,
      def.name,
      `${def.kind} \`${def.name.name}\` has no ${what}s; expected at least one ${what}`,
    );
  }
}

function namedCases(
  group: ItemGroup,
  cases: readonly NamedCaseAst[],
  what: string,
  owner: Ident,
): { name: string; type: NamedCaseAst['type']; docs: { contents?: string } }[] {
  const seen = new Map<string, Ident>();
  return cases.map((c) => {
    claimName(seen, group.source, c.name, what, `\`${owner.name}\``);
    return { name: c.name.name, type: c.type, docs: docsOf(c.docs) };
  });
}

/** A function and where it was written, for checks after all types are defined. */
export interface FuncSite {
  readonly func: Func;
  readonly ident: { start: number; end: number; name: string };
  readonly group: ItemGroup;
  readonly constructorOf?: TypeId | undefined;
  readonly declaredResult?: boolean | undefined;
}

function defineResourceFuncs(
  ctx: PackageContext,
  group: ItemGroup,
  container: TypeContainer,
  resource: Ident,
  asts: readonly ResourceFuncAst[],
  rid: TypeId,
  functions: Map<string, Func> | undefined,
  sites: FuncSite[],
): void {
  const seen = new Map<string, true>();
  for (const ast of asts) {
    const label = ast.kind === 'constructor' ? 'constructor' : ast.name.name;
    const ident =
      ast.kind === 'constructor' ? { name: 'constructor', start: ast.start, end: ast.start + 11 } : ast.name;
    if (!included(ctx, ast.gates, undefined, container.excluded)) {
      continue;
    }
    if (seen.has(label.toLowerCase())) {
      throw errorAt(
        WitErrorCode.duplicateDefinition,
        group.source,
        ident,
        `${ast.kind === 'constructor' ? 'the constructor' : `method \`${label}\``} is defined more than once in resource \`${resource.name}\`; expected one`,
      );
    }
    seen.set(label.toLowerCase(), true);
    const kind: FuncKind =
      ast.kind === 'constructor' ? { tag: 'constructor', resource: rid } : { tag: ast.kind, resource: rid };
    const name =
      ast.kind === 'constructor' ? `[constructor]${resource.name}` : `[${ast.kind}]${resource.name}.${ast.name.name}`;
    const self: Param[] = ast.kind === 'method' ? [{ name: 'self', type: { kind: 'borrow', resource: rid } }] : [];
    const implicit: Type | null =
      ast.kind === 'constructor' && ast.func.result === null ? { kind: 'named', id: rid } : null;
    const func = buildFunc(
      ctx,
      group,
      container,
      name,
      kind,
      ast.func,
      self,
      implicit,
      ast.docs,
      stability(ctx, ast.gates, group.source),
      ident,
    );
    functions?.set(name, func);
    sites.push({
      func,
      ident,
      group,
      constructorOf: ast.kind === 'constructor' ? rid : undefined,
      declaredResult: ast.func.result !== null,
    });
  }
}

/** Builds a function from its signature; `self` params come first. */
export function buildFunc(
  ctx: PackageContext,
  group: ItemGroup,
  container: TypeContainer,
  name: string,
  kind: FuncKind,
  ast: FuncTypeAst,
  self: Param[],
  implicitResult: Type | null,
  docs: string | undefined,
  stab: Stability,
  ident: { start: number },
): Func {
  const scope = scopeOf(ctx, group, container);
  const seen = new Map<string, Ident>(self.map((p) => [p.name, { name: p.name, start: 0, end: 0 }]));
  const params: Param[] = [...self];
  for (const param of ast.params) {
    claimName(seen, group.source, param.name, 'parameter', `function \`${name}\``);
    params.push({ name: param.name.name, type: convertType(scope, param.type) });
  }
  const result = ast.result === null ? implicitResult : convertType(scope, ast.result);
  return {
    name,
    kind,
    params,
    result,
    async: ast.async,
    docs: docsOf(docs),
    stability: stab,
    span: group.source.span(ident.start),
  };
}

/** A constructor's declared result must be `result<r, ..>`. */
export function checkConstructor(ctx: PackageContext, site: FuncSite): void {
  const rid = site.constructorOf;
  if (rid === undefined || site.declaredResult !== true) {
    return;
  }
  const result = site.func.result;
  const ok = result?.kind === 'result' ? result.ok : null;
  if (ok?.kind !== 'named' || underlying(ctx.resolve, ok.id) !== underlying(ctx.resolve, rid)) {
    const name = ctx.resolve.types[rid]?.name ?? 'resource';
    throw errorAt(
      WitErrorCode.invalidType,
      site.group.source,
      site.ident,
      `a constructor's declared result must be \`result<${name}, ..>\`; expected \`-> result<${name}, error-type>\` or no result`,
    );
  }
}
