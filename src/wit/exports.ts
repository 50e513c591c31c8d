/** The interfaces a component's WIT exports (those that get extension packages). */
import type { InterfaceId, Resolve } from './model.js';

/**
 * The interfaces the root package (the last one) exports: those its worlds
 * export, or, when it has no worlds, all of its interfaces.
 */
export function exportedInterfaces(resolve: Resolve): InterfaceId[] {
  const root = resolve.packages[resolve.packages.length - 1];
  if (root === undefined) {
    return [];
  }
  if (root.worlds.size === 0) {
    return [...root.interfaces.values()];
  }
  const ids = new Set<InterfaceId>();
  for (const worldId of root.worlds.values()) {
    for (const item of resolve.worlds[worldId]?.exports.values() ?? []) {
      if (item.tag === 'interface' && resolve.interfaces[item.id]?.name !== null) {
        ids.add(item.id);
      }
    }
  }
  return [...ids];
}
