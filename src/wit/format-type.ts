/** Writing a model {@link Type} as WIT source text (`list<u8>`, `result<_, error-code>`, `borrow<r>`). */
import { escapeIdentifier } from './keywords.js';
import type { Resolve, Type, TypeId } from './model.js';

/** The WIT source form of a type: named types by (escaped) name, anonymous ones structurally. */
export function formatType(resolve: Resolve, type: Type): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'named':
      return typeName(resolve, type.id);
    case 'list':
      return type.size === undefined
        ? `list<${formatType(resolve, type.element)}>`
        : `list<${formatType(resolve, type.element)}, ${type.size}>`;
    case 'option':
      return `option<${formatType(resolve, type.inner)}>`;
    case 'result':
      return formatResult(resolve, type.ok, type.err);
    case 'tuple':
      return `tuple<${type.items.map((item) => formatType(resolve, item)).join(', ')}>`;
    case 'borrow':
      return `borrow<${typeName(resolve, type.resource)}>`;
    case 'future':
    case 'stream':
      return type.inner === null ? type.kind : `${type.kind}<${formatType(resolve, type.inner)}>`;
    case 'map':
      return `map<${formatType(resolve, type.key)}, ${formatType(resolve, type.value)}>`;
  }
}

function formatResult(resolve: Resolve, ok: Type | null, err: Type | null): string {
  if (ok === null && err === null) {
    return 'result';
  }
  if (err === null) {
    return `result<${formatType(resolve, ok as Type)}>`;
  }
  return `result<${ok === null ? '_' : formatType(resolve, ok)}, ${formatType(resolve, err)}>`;
}

/**
 * The name a type definition is referred to by. An anonymous definition (which
 * only the binary decoder produces) is written by its structure when it has one.
 */
export function typeName(resolve: Resolve, id: TypeId): string {
  const def = resolve.types[id];
  if (def === undefined) {
    return `<missing type ${id}>`;
  }
  if (def.name !== null) {
    return escapeIdentifier(def.name);
  }
  return def.kind.tag === 'alias' ? formatType(resolve, def.kind.target) : `<anonymous ${def.kind.tag}>`;
}
