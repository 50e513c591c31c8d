/** Converting type expressions to model {@link Type}s, with their local checks. */
import type { Ident, TypeAst } from './ast.js';
import { WitErrorCode } from './errors.js';
import type { Resolve, Type, TypeId } from './model.js';
import { errorAt } from './resolve-context.js';
import type { SourceFile } from './source.js';

/** The type names visible in one interface or world. */
export interface TypeScope {
  readonly source: SourceFile;
  readonly resolve: Resolve;
  readonly names: ReadonlyMap<string, TypeId>;
  /** Names left out because their `@unstable` feature is off (name -> feature). */
  readonly excluded: ReadonlyMap<string, string>;
  /** `interface \`x\`` or `world \`w\``, for messages. */
  readonly where: string;
  /** Checks that need every type of the scope defined (they may refer forward). */
  readonly deferred: (() => void)[];
}

const MAP_KEYS = new Set(['bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'char', 'string']);
const MAX_LIST_SIZE = 4294967295;

/** Looks up a type name, failing with `unknown-name` or `feature-disabled`. */
export function lookupType(scope: TypeScope, ident: Ident): TypeId {
  const id = scope.names.get(ident.name);
  if (id !== undefined) {
    return id;
  }
  const feature = scope.excluded.get(ident.name);
  if (feature !== undefined) {
    throw errorAt(
      WitErrorCode.featureDisabled,
      scope.source,
      ident,
      `type \`${ident.name}\` is \`@unstable(feature = ${feature})\` and that feature is not enabled; expected the feature to be enabled, or no reference to \`${ident.name}\``,
    );
  }
  throw errorAt(
    WitErrorCode.unknownName,
    scope.source,
    ident,
    `unknown type \`${ident.name}\`; expected a type defined in ${scope.where} or brought in with \`use\``,
  );
}

/** Follows aliases to the defining type. */
export function underlying(resolve: Resolve, id: TypeId): TypeId {
  let current = id;
  for (let i = 0; i < 1000; i++) {
    const def = resolve.types[current];
    if (def?.kind.tag !== 'alias' || def.kind.target.kind !== 'named') {
      return current;
    }
    current = def.kind.target.id;
  }
  return current;
}

function resourceId(scope: TypeScope, ident: Ident, handle: string): TypeId {
  const id = lookupType(scope, ident);
  scope.deferred.push(() => {
    const def = scope.resolve.types[underlying(scope.resolve, id)];
    if (def?.kind.tag !== 'resource') {
      throw errorAt(
        WitErrorCode.invalidType,
        scope.source,
        ident,
        `\`${handle}<${ident.name}>\` needs a resource, but \`${ident.name}\` is not one; expected the name of a \`resource\``,
      );
    }
  });
  return id;
}

/** Converts a type expression in `scope`. */
export function convertType(scope: TypeScope, ast: TypeAst): Type {
  switch (ast.kind) {
    case 'primitive':
      return { kind: 'primitive', name: ast.name };
    case 'name':
      return { kind: 'named', id: lookupType(scope, ast.name) };
    case 'list': {
      const element = convertType(scope, ast.element);
      if (ast.size === undefined) {
        return { kind: 'list', element };
      }
      const size = Number(ast.size.value);
      if (!(size >= 1 && size <= MAX_LIST_SIZE)) {
        throw errorAt(
          WitErrorCode.invalidType,
          scope.source,
          ast.size,
          `invalid fixed-size list length \`${ast.size.value}\`; expected a number from 1 to ${MAX_LIST_SIZE}`,
        );
      }
      return { kind: 'list', element, size };
    }
    case 'option':
      return { kind: 'option', inner: convertType(scope, ast.inner) };
    case 'result':
      return {
        kind: 'result',
        ok: ast.ok === null ? null : convertType(scope, ast.ok),
        err: ast.err === null ? null : convertType(scope, ast.err),
      };
    case 'tuple':
      return { kind: 'tuple', items: ast.items.map((item) => convertType(scope, item)) };
    case 'borrow':
      return { kind: 'borrow', resource: resourceId(scope, ast.name, 'borrow') };
    case 'own':
      return { kind: 'named', id: resourceId(scope, ast.name, 'own') };
    case 'future':
    case 'stream':
      return { kind: ast.kind, inner: ast.inner === null ? null : convertType(scope, ast.inner) };
    case 'map':
      return convertMap(scope, ast.key, ast.value);
  }
}

function convertMap(scope: TypeScope, keyAst: TypeAst, valueAst: TypeAst): Type {
  const key = convertType(scope, keyAst);
  scope.deferred.push(() => {
    const keyName =
      key.kind === 'primitive' ? key.name : key.kind === 'named' ? primitiveBehind(scope.resolve, key.id) : undefined;
    if (keyName === undefined || !MAP_KEYS.has(keyName)) {
      throw errorAt(
        WitErrorCode.invalidType,
        scope.source,
        keyAst,
        'invalid map key type; expected `bool`, an integer type, `char` or `string`',
      );
    }
  });
  return { kind: 'map', key, value: convertType(scope, valueAst) };
}

function primitiveBehind(resolve: Resolve, id: TypeId): string | undefined {
  const def = resolve.types[underlying(resolve, id)];
  return def?.kind.tag === 'alias' && def.kind.target.kind === 'primitive' ? def.kind.target.name : undefined;
}

/** Calls `visit` on every named type id directly mentioned by `type` (not inside other definitions). */
export function forEachNamed(type: Type | null, visit: (id: TypeId, handle: boolean) => void): void {
  if (type === null) {
    return;
  }
  switch (type.kind) {
    case 'primitive':
      return;
    case 'named':
      visit(type.id, false);
      return;
    case 'borrow':
      visit(type.resource, true);
      return;
    case 'list':
      forEachNamed(type.element, visit);
      return;
    case 'option':
      forEachNamed(type.inner, visit);
      return;
    case 'result':
      forEachNamed(type.ok, visit);
      forEachNamed(type.err, visit);
      return;
    case 'tuple':
      type.items.forEach((item) => forEachNamed(item, visit));
      return;
    case 'future':
    case 'stream':
      forEachNamed(type.inner, visit);
      return;
    case 'map':
      forEachNamed(type.key, visit);
      forEachNamed(type.value, visit);
      return;
  }
}

/**
 * True when `type` contains a `borrow<..>` anywhere, looking through named
 * definitions (which must be acyclic). `memo` remembers the answer per type.
 */
export function containsBorrow(resolve: Resolve, type: Type | null, memo: Map<TypeId, boolean> = new Map()): boolean {
  let found = false;
  forEachNamed(type, (id, handle) => {
    found ||= handle || namedContainsBorrow(resolve, id, memo);
  });
  return found;
}

function namedContainsBorrow(resolve: Resolve, id: TypeId, memo: Map<TypeId, boolean>): boolean {
  const known = memo.get(id);
  if (known !== undefined) {
    return known;
  }
  memo.set(id, false);
  const def = resolve.types[id];
  const result = def !== undefined && typesInside(def.kind).some((inner) => containsBorrow(resolve, inner, memo));
  memo.set(id, result);
  return result;
}

/** The type expressions a definition is made of. */
export function typesInside(kind: Resolve['types'][number]['kind']): (Type | null)[] {
  switch (kind.tag) {
    case 'record':
      return kind.fields.map((field) => field.type);
    case 'variant':
      return kind.cases.map((c) => c.type);
    case 'alias':
      return [kind.target];
    default:
      return [];
  }
}
