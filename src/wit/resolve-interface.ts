/** Resolving the body of an interface (named, or inline in a world). */
import type { Ident, InterfaceItemAst, TypeDefAst } from './ast.js';
import { WitErrorCode } from './errors.js';
import type { InterfaceId, TypeId } from './model.js';
import { duplicate, errorAt, included, stability, type ItemGroup, type PackageContext } from './resolve-context.js';
import { containsBorrow, forEachNamed, typesInside } from './resolve-type.js';
import { buildFunc, checkConstructor, declareTypeDef, declareUse, defineTypeDef, type FuncSite, type TypeContainer } from './resolve-typedefs.js';

/** Fills the types and functions of interface `id` from its items. */
export function resolveInterfaceBody(ctx: PackageContext, group: ItemGroup, id: InterfaceId, items: readonly InterfaceItemAst[], where: string): void {
  const iface = ctx.resolve.interfaces[id];
  if (iface === undefined) {
    throw new Error(`interface ${id} is missing`);
  }
  const container: TypeContainer = { owner: { tag: 'interface', id }, names: iface.types, taken: new Map(), excluded: new Map(), where, deferred: [] };
  ctx.shared.excludedTypes.set(id, container.excluded);
  const declared = new Map<TypeDefAst, TypeId>();
  for (const item of items) {
    if (item.kind === 'use') {
      declareUse(ctx, group, container, item);
    } else if (item.kind === 'func') {
      if (included(ctx, item.gates, item.name.name, container.excluded)) {
        if (container.taken.has(item.name.name)) {
          throw duplicate(group.source, item.name, 'name', where);
        }
        container.taken.set(item.name.name, item.name);
      }
    } else {
      const typeId = declareTypeDef(ctx, group, container, item);
      if (typeId !== undefined) {
        declared.set(item, typeId);
      }
    }
  }
  const sites: FuncSite[] = [];
  for (const item of items) {
    if (item.kind === 'func') {
      if (included(ctx, item.gates, undefined, container.excluded)) {
        const func = buildFunc(ctx, group, container, item.name.name, { tag: 'freestanding' }, item.func, [], null, item.docs, stability(ctx, item.gates, group.source), item.name);
        iface.functions.set(item.name.name, func);
        sites.push({ func, ident: item.name, group });
      }
    } else if (item.kind !== 'use') {
      const typeId = declared.get(item);
      if (typeId !== undefined) {
        defineTypeDef(ctx, group, container, item, typeId, iface.functions, sites);
      }
    }
  }
  finishContainer(ctx, group, container, new Map([...declared].map(([ast, typeId]) => [typeId, ast.name])), sites);
}

/** Runs the checks that need every type of a container defined. */
export function finishContainer(ctx: PackageContext, group: ItemGroup, container: TypeContainer, defined: ReadonlyMap<TypeId, Ident>, sites: readonly FuncSite[]): void {
  checkCycles(ctx, group, defined);
  for (const check of container.deferred) {
    check();
  }
  for (const site of sites) {
    checkConstructor(ctx, site);
    if (site.constructorOf === undefined && containsBorrow(ctx.resolve, site.func.result)) {
      throw errorAt(
        WitErrorCode.invalidType,
        site.group.source,
        site.ident,
        `function \`${site.ident.name}\` returns a type that contains a \`borrow<..>\` handle; expected a result without borrowed handles (return an owned handle instead)`,
      );
    }
  }
}

/** Fails when a type defined here contains itself. */
function checkCycles(ctx: PackageContext, group: ItemGroup, defined: ReadonlyMap<TypeId, Ident>): void {
  const state = new Map<TypeId, 'active' | 'done'>();
  const visit = (id: TypeId, path: TypeId[]): void => {
    const current = state.get(id);
    if (current === 'done') {
      return;
    }
    if (current === 'active') {
      const start = path.indexOf(id);
      const chain = [...path.slice(start), id].map((t) => `\`${ctx.resolve.types[t]?.name ?? '?'}\``).join(' -> ');
      const name = defined.get(id) ?? { name: '?', start: 0, end: 1 };
      throw errorAt(WitErrorCode.typeCycle, group.source, name, `type \`${name.name}\` contains itself (${chain}); expected types that do not refer back to themselves (WIT types cannot be recursive)`);
    }
    state.set(id, 'active');
    const def = ctx.resolve.types[id];
    for (const inner of def === undefined ? [] : typesInside(def.kind)) {
      forEachNamed(inner, (next, handle) => {
        if (!handle && defined.has(next)) {
          visit(next, [...path, id]);
        }
      });
    }
    state.set(id, 'done');
  };
  for (const id of defined.keys()) {
    visit(id, []);
  }
}
