/** Type helpers of the extension generator: which types cannot cross an execution boundary, and renaming type references. */
import type { Resolve, Type, TypeId } from './model.js';

/**
 * The first part of `type` that has no durable value (a resource handle, a
 * future, a stream or an error context), described for a message, or `undefined`.
 */
export function unsupportedPart(resolve: Resolve, type: Type, seen: Set<TypeId> = new Set()): string | undefined {
  const inner = (t: Type | null): string | undefined => (t === null ? undefined : unsupportedPart(resolve, t, seen));
  switch (type.kind) {
    case 'primitive':
      return type.name === 'error-context' ? 'an `error-context`' : undefined;
    case 'borrow':
      return `a borrowed handle \`borrow<${resolve.types[type.resource]?.name ?? '?'}>\``;
    case 'future':
    case 'stream':
      return `a \`${type.kind}\``;
    case 'list':
      return inner(type.element);
    case 'option':
      return inner(type.inner);
    case 'result':
      return inner(type.ok) ?? inner(type.err);
    case 'tuple':
      return type.items.map(inner).find((part) => part !== undefined);
    case 'map':
      return inner(type.key) ?? inner(type.value);
    case 'named':
      return namedPart(resolve, type.id, seen);
  }
}

function namedPart(resolve: Resolve, id: TypeId, seen: Set<TypeId>): string | undefined {
  if (seen.has(id)) {
    return undefined;
  }
  seen.add(id);
  const def = resolve.types[id];
  const kind = def?.kind;
  switch (kind?.tag) {
    case 'resource':
      return `the resource \`${def?.name ?? '?'}\``;
    case 'alias':
      return unsupportedPart(resolve, kind.target, seen);
    case 'record':
      return kind.fields.map((f) => unsupportedPart(resolve, f.type, seen)).find((p) => p !== undefined);
    case 'variant':
      return kind.cases
        .map((c) => (c.type === null ? undefined : unsupportedPart(resolve, c.type, seen)))
        .find((p) => p !== undefined);
    default:
      return undefined;
  }
}

/** `type` with every named reference in `map` replaced by its mapped id. */
export function remapType(type: Type, map: ReadonlyMap<TypeId, TypeId>): Type {
  const r = (t: Type): Type => remapType(t, map);
  switch (type.kind) {
    case 'primitive':
      return type;
    case 'named':
      return { kind: 'named', id: map.get(type.id) ?? type.id };
    case 'borrow':
      return { kind: 'borrow', resource: map.get(type.resource) ?? type.resource };
    case 'list':
      return { kind: 'list', element: r(type.element), size: type.size };
    case 'option':
      return { kind: 'option', inner: r(type.inner) };
    case 'result':
      return { kind: 'result', ok: type.ok === null ? null : r(type.ok), err: type.err === null ? null : r(type.err) };
    case 'tuple':
      return { kind: 'tuple', items: type.items.map(r) };
    case 'future':
    case 'stream':
      return { kind: type.kind, inner: type.inner === null ? null : r(type.inner) };
    case 'map':
      return { kind: 'map', key: r(type.key), value: r(type.value) };
  }
}
