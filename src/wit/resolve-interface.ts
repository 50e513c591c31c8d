/** Resolving the body of an interface (named, or inline in a world). */
import type { Ident, InterfaceItemAst, TypeDefAst } from './ast.js';
import { WitErrorCode } from './errors.js';
import type { InterfaceId, TypeId } from './model.js';
import { claimName, errorAt, included, stability, type ItemGroup, type PackageContext } from './resolve-context.js';
import { containsBorrow, forEachNamed, typesInside } from './resolve-type.js';
import {
  buildFunc,
  checkConstructor,
  declareTypeDef,
  declareUse,
  defineTypeDef,
  type FuncSite,
  type TypeContainer,
} from './resolve-typedefs.js';

/** Fills the types and functions of interface `id` from its items. */
export function resolveInterfaceBody(
  ctx: PackageContext,
  group: ItemGroup,
  id: InterfaceId,
  items: readonly InterfaceItemAst[],
  where: string,
): void {
  const iface = ctx.resolve.interfaces[id];
  if (iface === undefined) {
    throw new Error(`interface ${id} is missing`);
  }
  const container: TypeContainer = {
    owner: { tag: 'interface', id },
    names: iface.types,
    taken: new Map(),
    excluded: new Map(),
    where,
    deferred: [],
  };
  ctx.shared.excludedTypes.set(id, container.excluded);
  const declared = new Map<TypeDefAst, TypeId>();
  for (const item of items) {
    if (item.kind === 'use') {
      declareUse(ctx, group, container, item);
    } else if (item.kind === 'func') {
      if (included(ctx, item.gates, item.name.name, container.excluded)) {
        claimName(container.taken, group.source, item.name, 'name', where);
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
        const func = buildFunc(
          ctx,
          group,
          container,
          item.name.name,
          { tag: 'freestanding' },
          item.func,
          [],
          null,
          item.docs,
          stability(ctx, item.gates, group.source),
          item.name,
        );
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
export function finishContainer(
  ctx: PackageContext,
  group: ItemGroup,
  container: TypeContainer,
  defined: ReadonlyMap<TypeId, Ident>,
  sites: readonly FuncSite[],
): void {
  for (const id of checkCycles(ctx, group, defined)) {
    // Post-order: every local type a definition mentions is already remembered.
    containsBorrow(ctx.resolve, { kind: 'named', id }, ctx.shared.borrows);
  }
  for (const check of container.deferred) {
    check();
  }
  for (const site of sites) {
    checkConstructor(ctx, site);
    if (site.constructorOf === undefined && containsBorrow(ctx.resolve, site.func.result, ctx.shared.borrows)) {
      throw errorAt(
        WitErrorCode.invalidType,
        site.group.source,
        site.ident,
        `function \`${site.ident.name}\` returns a type that contains a \`borrow<..>\` handle; expected a result without borrowed handles (return an owned handle instead)`,
      );
    }
  }
}

/**
 * Fails when a type defined here contains itself (iterative depth-first search,
 * linear in the types). Returns the types in post-order (contained types first).
 */
function checkCycles(ctx: PackageContext, group: ItemGroup, defined: ReadonlyMap<TypeId, Ident>): TypeId[] {
  const state = new Map<TypeId, 'active' | 'done'>();
  const order: TypeId[] = [];
  const edgesOf = (id: TypeId): TypeId[] => {
    const edges: TypeId[] = [];
    const def = ctx.resolve.types[id];
    for (const inner of def === undefined ? [] : typesInside(def.kind)) {
      forEachNamed(inner, (next, handle) => {
        if (!handle && defined.has(next)) {
          edges.push(next);
        }
      });
    }
    return edges;
  };
  for (const root of defined.keys()) {
    if (state.has(root)) {
      continue;
    }
    const stack: { id: TypeId; edges: TypeId[]; next: number }[] = [{ id: root, edges: edgesOf(root), next: 0 }];
    state.set(root, 'active');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: TypeId; edges: TypeId[]; next: number };
      const next = top.edges[top.next++];
      if (next === undefined) {
        state.set(top.id, 'done');
        order.push(top.id);
        stack.pop();
      } else if (state.get(next) === 'active') {
        const path = stack.map((frame) => frame.id);
        throw cycleError(ctx, group, defined, [...path.slice(path.indexOf(next)), next]);
      } else if (!state.has(next)) {
        state.set(next, 'active');
        stack.push({ id: next, edges: edgesOf(next), next: 0 });
      }
    }
  }
  return order;
}

function cycleError(
  ctx: PackageContext,
  group: ItemGroup,
  defined: ReadonlyMap<TypeId, Ident>,
  cycle: readonly TypeId[],
): Error {
  const chain = cycle.map((t) => `\`${ctx.resolve.types[t]?.name ?? '?'}\``).join(' -> ');
  const name = defined.get(cycle[0] ?? -1) ?? { name: '?', start: 0, end: 1 };
  return errorAt(
    WitErrorCode.typeCycle,
    group.source,
    name,
    `type \`${name.name}\` contains itself (${chain}); expected types that do not refer back to themselves (WIT types cannot be recursive)`,
  );
}
