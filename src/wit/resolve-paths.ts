/** Looking up interfaces and worlds named by a `use`, `import`, `export` or `include` path. */
import type { UsePathAst } from './ast.js';
import { WitErrorCode, type WitError } from './errors.js';
import { formatPackageName, type InterfaceId, type WorldId } from './model.js';
import { errorAt, type ItemGroup, type PackageContext } from './resolve-context.js';

type Kind = 'interface' | 'world';

/** Resolves a path to an interface id. */
export function lookupInterface(ctx: PackageContext, group: ItemGroup, path: UsePathAst): InterfaceId {
  return lookup(ctx, group, path, 'interface');
}

/** Resolves a path to a world id. */
export function lookupWorld(ctx: PackageContext, group: ItemGroup, path: UsePathAst): WorldId {
  return lookup(ctx, group, path, 'world');
}

function lookup(ctx: PackageContext, group: ItemGroup, path: UsePathAst, kind: Kind): number {
  if (path.kind === 'local') {
    const entry = group.scope.get(path.name.name);
    if (entry?.kind === kind) {
      return entry.id;
    }
    if (entry !== undefined) {
      throw errorAt(
        codeFor(kind),
        group.source,
        path.name,
        `\`${path.name.name}\` is ${article(entry.kind)}, not ${article(kind)}; expected the name of ${article(kind)}`,
      );
    }
    throw missingLocal(ctx, group, path.name, kind);
  }
  const pkgName = formatPackageName(path.package);
  const pkgId = pkgName === ctx.packageName ? ctx.packageId : ctx.packagesByName.get(pkgName);
  const pkg = pkgId === undefined ? undefined : ctx.resolve.packages[pkgId];
  if (pkgId === undefined || pkg === undefined) {
    throw unknownPackage(ctx, group, path);
  }
  const id = (kind === 'interface' ? pkg.interfaces : pkg.worlds).get(path.name.name);
  if (id !== undefined) {
    return id;
  }
  const feature = ctx.shared.excludedItems.get(pkgId)?.get(path.name.name);
  if (feature !== undefined) {
    throw disabled(group, path.name, kind, feature);
  }
  const names = [...(kind === 'interface' ? pkg.interfaces : pkg.worlds).keys()];
  const other = (kind === 'interface' ? pkg.worlds : pkg.interfaces).has(path.name.name);
  const detail = other
    ? `\`${path.name.name}\` in package \`${pkgName}\` is ${article(kind === 'interface' ? 'world' : 'interface')}, not ${article(kind)}`
    : `package \`${pkgName}\` has no ${kind} \`${path.name.name}\``;
  throw errorAt(codeFor(kind), group.source, path.name, `${detail}; expected ${oneOf(names, kind)}`);
}

function missingLocal(
  ctx: PackageContext,
  group: ItemGroup,
  name: { name: string; start: number; end: number },
  kind: Kind,
): WitError {
  const feature = ctx.excluded.get(name.name);
  if (feature !== undefined) {
    return disabled(group, name, kind, feature);
  }
  return errorAt(
    codeFor(kind),
    group.source,
    name,
    `unknown ${kind} \`${name.name}\`; expected ${article(kind)} defined in package \`${ctx.packageName}\` or brought in with a file-level \`use\``,
  );
}

function disabled(
  group: ItemGroup,
  name: { name: string; start: number; end: number },
  kind: Kind,
  feature: string,
): WitError {
  return errorAt(
    WitErrorCode.featureDisabled,
    group.source,
    name,
    `${kind} \`${name.name}\` is \`@unstable(feature = ${feature})\` and that feature is not enabled; expected the feature to be enabled, or no reference to \`${name.name}\``,
  );
}

/** The error for a path whose package is not loaded. */
export function unknownPackage(
  ctx: Pick<PackageContext, 'packagesByName'>,
  group: Pick<ItemGroup, 'source'>,
  path: UsePathAst & { kind: 'package' },
): WitError {
  const wanted = formatPackageName(path.package);
  const all = [...ctx.packagesByName.keys()];
  const sameName = all.filter((name) => name.split('@')[0] === `${path.package.namespace}:${path.package.name}`);
  const candidates = sameName.length > 0 ? sameName : all;
  const list =
    candidates.length === 0
      ? 'no other packages are loaded'
      : `loaded: ${candidates.slice(0, 12).join(', ')}${candidates.length > 12 ? ', ...' : ''}`;
  return errorAt(
    WitErrorCode.unknownPackage,
    group.source,
    path.package,
    `unknown package \`${wanted}\` (${list}); expected a package defined in the loaded WIT (put dependencies in a \`deps/\` folder)`,
  );
}

function oneOf(names: readonly string[], kind: Kind): string {
  if (names.length === 0) {
    return `a package that defines ${article(kind)}`;
  }
  const shown = names.slice(0, 12).map((name) => `\`${name}\``);
  return `one of ${shown.join(', ')}${names.length > 12 ? ', ...' : ''}`;
}

function codeFor(kind: Kind): WitErrorCode {
  return kind === 'interface' ? WitErrorCode.unknownInterface : WitErrorCode.unknownWorld;
}

function article(kind: Kind): string {
  return kind === 'interface' ? 'an interface' : 'a world';
}
