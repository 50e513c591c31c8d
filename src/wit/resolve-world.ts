/** Resolving a world: its imports, exports, types and includes, then elaboration. */
import type { ExternAst, Ident, TypeDefAst, WorldAst } from './ast.js';
import { elaborate, exportConflict, mergeInclude, orderExports, type IncludeSite } from './elaborate.js';
import { WitErrorCode } from './errors.js';
import {
  interfaceFullName,
  type Func,
  type Interface,
  type Stability,
  type TypeId,
  type World,
  type WorldId,
  type WorldInclude,
  type WorldItem,
} from './model.js';
import {
  docsOf,
  claimName,
  errorAt,
  included,
  stability,
  type ItemGroup,
  type PackageContext,
} from './resolve-context.js';
import { finishContainer, resolveInterfaceBody } from './resolve-interface.js';
import { lookupInterface, lookupWorld } from './resolve-paths.js';
import {
  buildFunc,
  declareTypeDef,
  declareUse,
  defineTypeDef,
  type FuncSite,
  type TypeContainer,
} from './resolve-typedefs.js';

interface Sides {
  readonly imports: Map<string, WorldItem>;
  readonly exports: Map<string, WorldItem>;
  /** Plain export names (imports share the type namespace in `container.taken`). */
  readonly exportNames: Map<string, Ident>;
  /** Where each export is written (the `include` for exports of included worlds). */
  readonly exportSites: Map<string, { readonly start: number; readonly end: number }>;
}

/** A function imported or exported by a world, defined once every world type is declared. */
interface WorldFuncAst {
  readonly ast: ExternAst & { kind: 'func' };
  readonly side: 'import' | 'export';
  readonly stab: Stability;
  readonly docs: string | undefined;
}

/** Resolves world `id` (already allocated) from its syntax. */
export function resolveWorld(ctx: PackageContext, group: ItemGroup, id: WorldId, ast: WorldAst): void {
  const where = `world \`${ast.name.name}\``;
  const container: TypeContainer = {
    owner: { tag: 'world', id },
    names: new Map(),
    taken: new Map(),
    excluded: new Map(),
    where,
    deferred: [],
  };
  const sides: Sides = { imports: new Map(), exports: new Map(), exportNames: new Map(), exportSites: new Map() };
  const declared = new Map<TypeDefAst, TypeId>();
  const funcs: WorldFuncAst[] = [];
  for (const item of ast.items) {
    if (item.kind === 'use') {
      for (const typeId of declareUse(ctx, group, container, item)) {
        sides.imports.set(ctx.resolve.types[typeId]?.name ?? '', { tag: 'type', id: typeId });
      }
    } else if (item.kind === 'import' || item.kind === 'export') {
      if (included(ctx, item.gates, undefined, container.excluded)) {
        const stab = stability(ctx, item.gates, group.source);
        declareExtern(ctx, group, container, sides, item.kind, item.extern, stab, item.docs, where);
        if (item.extern.kind === 'func') {
          funcs.push({ ast: item.extern, side: item.kind, stab, docs: item.docs });
        }
      }
    } else if (isTypeDef(item)) {
      const typeId = declareTypeDef(ctx, group, container, item);
      if (typeId !== undefined) {
        declared.set(item, typeId);
        sides.imports.set(item.name.name, { tag: 'type', id: typeId });
      }
    }
  }
  const sites = defineWorldFuncs(ctx, group, container, sides, declared, funcs);
  finishContainer(ctx, group, container, new Map([...declared].map(([def, typeId]) => [typeId, def.name])), sites);
  const includes = resolveIncludes(ctx, group, ast, sides);
  const conflict = exportConflict(ctx.resolve, sides.exports);
  if (conflict !== undefined) {
    const [exported, ...rest] = conflict.chain;
    const used = rest[rest.length - 1];
    const through = rest.slice(0, -1).map((name) => `\`${name}\``);
    throw errorAt(
      WitErrorCode.worldConflict,
      group.source,
      sides.exportSites.get(conflict.key) ?? ast.name,
      `exported interface \`${exported}\` uses \`${used}\` through ${through.join(' and ')}, which ${through.length === 1 ? 'is' : 'are'} not exported and so imported; an imported interface cannot use an exported one (\`${exported}\` would see two copies of \`${used}\`); expected ${through.join(' and ')} exported too, or \`${used}\` not exported`,
    );
  }
  const world: World = {
    name: ast.name.name,
    package: ctx.packageId,
    docs: docsOf(ast.docs),
    stability: stability(ctx, ast.gates, group.source),
    imports: elaborate(ctx.resolve, sides.imports, sides.exports),
    exports: orderExports(ctx.resolve, sides.exports),
    includes,
    span: group.source.span(ast.name.start),
  };
  ctx.resolve.worlds[id] = world;
}

/** Defines the world's types and functions; a world's resources keep their functions as world imports (`[constructor]r`, ..). */
function defineWorldFuncs(
  ctx: PackageContext,
  group: ItemGroup,
  container: TypeContainer,
  sides: Sides,
  declared: ReadonlyMap<TypeDefAst, TypeId>,
  funcs: readonly WorldFuncAst[],
): FuncSite[] {
  const sites: FuncSite[] = [];
  const resourceFuncs = new Map<string, Func>();
  for (const [def, typeId] of declared) {
    defineTypeDef(ctx, group, container, def, typeId, resourceFuncs, sites);
  }
  for (const [name, func] of resourceFuncs) {
    sides.imports.set(name, { tag: 'function', func });
  }
  for (const { ast: ext, side, stab, docs } of funcs) {
    const func: Func = buildFunc(
      ctx,
      group,
      container,
      ext.name.name,
      { tag: 'freestanding' },
      ext.func,
      [],
      null,
      docs,
      stab,
      ext.name,
    );
    (side === 'import' ? sides.imports : sides.exports).set(ext.name.name, { tag: 'function', func });
    sites.push({ func, ident: ext.name, group });
  }
  return sites;
}

function isTypeDef(item: WorldAst['items'][number]): item is TypeDefAst {
  return item.kind !== 'include' && item.kind !== 'use' && item.kind !== 'import' && item.kind !== 'export';
}

function declareExtern(
  ctx: PackageContext,
  group: ItemGroup,
  container: TypeContainer,
  sides: Sides,
  side: 'import' | 'export',
  ext: ExternAst,
  stab: Stability,
  docs: string | undefined,
  where: string,
): void {
  const map = side === 'import' ? sides.imports : sides.exports;
  if (ext.kind === 'path') {
    const id = lookupInterface(ctx, group, ext.path);
    const key = interfaceFullName(ctx.resolve, id);
    if (map.has(key)) {
      const ident = ext.path.kind === 'local' ? ext.path.name : ext.path;
      throw errorAt(
        WitErrorCode.duplicateDefinition,
        group.source,
        ident,
        `interface \`${key}\` is ${side}ed more than once in ${where}; expected each interface to be ${side}ed once`,
      );
    }
    map.set(key, { tag: 'interface', id, named: false, stability: stab });
    if (side === 'export') {
      sides.exportSites.set(key, ext.path.kind === 'local' ? ext.path.name : ext.path);
    }
    return;
  }
  const names = side === 'import' ? container.taken : sides.exportNames;
  claimName(names, group.source, ext.name, `${side} name`, where);
  if (ext.kind === 'func') {
    // Keeps the item's place; the function is defined once every world type is declared.
    map.set(ext.name.name, {
      tag: 'function',
      func: {
        name: ext.name.name,
        kind: { tag: 'freestanding' },
        params: [],
        result: null,
        async: false,
        docs: {},
        stability: stab,
      },
    });
    return;
  }
  let id: number;
  if (ext.kind === 'named-path') {
    id = lookupInterface(ctx, group, ext.path);
  } else {
    id = ctx.resolve.interfaces.length;
    const iface: Interface = {
      name: null,
      package: ctx.packageId,
      docs: docsOf(docs),
      stability: stab,
      types: new Map(),
      functions: new Map(),
      span: group.source.span(ext.name.start),
    };
    ctx.resolve.interfaces.push(iface);
    resolveInterfaceBody(ctx, group, id, ext.items, `interface \`${ext.name.name}\``);
  }
  map.set(ext.name.name, { tag: 'interface', id, named: true, stability: stab });
  if (side === 'export') {
    sides.exportSites.set(ext.name.name, ext.name);
  }
}

function resolveIncludes(ctx: PackageContext, group: ItemGroup, ast: WorldAst, sides: Sides): WorldInclude[] {
  const includes: WorldInclude[] = [];
  for (const item of ast.items) {
    if (item.kind !== 'include' || !included(ctx, item.gates, undefined, new Map())) {
      continue;
    }
    const worldId = lookupWorld(ctx, group, item.path);
    const world = ctx.resolve.worlds[worldId];
    if (world === undefined) {
      throw new Error(`world ${worldId} is not resolved yet`);
    }
    const site: IncludeSite = { world, worldName: world.name, path: item.path, renames: item.with };
    mergeInclude(group, ast.name.name, site, sides.imports, sides.exports);
    for (const key of world.exports.keys()) {
      if (!sides.exportSites.has(key)) {
        sides.exportSites.set(key, item.path.kind === 'local' ? item.path.name : item.path);
      }
    }
    includes.push({
      world: worldId,
      stability: stability(ctx, item.gates, group.source),
      with: item.with.map((w) => ({ from: w.from.name, to: w.to.name })),
    });
  }
  return includes;
}
