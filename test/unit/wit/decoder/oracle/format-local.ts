/** Temporary WIT formatter of model types until `src/wit/format-type.ts` lands. */
import type { Resolve, Type } from '../../../../../src/wit/model.js';

export function formatType(resolve: Resolve, type: Type): string {
  const f = (t: Type): string => formatType(resolve, t);
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'named':
      return resolve.types[type.id]?.name ?? '<anonymous>';
    case 'borrow':
      return `borrow<${resolve.types[type.resource]?.name ?? '<anonymous>'}>`;
    case 'list':
      return type.size === undefined ? `list<${f(type.element)}>` : `list<${f(type.element)}, ${type.size}>`;
    case 'map':
      return `map<${f(type.key)}, ${f(type.value)}>`;
    case 'option':
      return `option<${f(type.inner)}>`;
    case 'result':
      if (type.err === null) {
        return type.ok === null ? 'result' : `result<${f(type.ok)}>`;
      }
      return `result<${type.ok === null ? '_' : f(type.ok)}, ${f(type.err)}>`;
    case 'tuple':
      return `tuple<${type.items.map(f).join(', ')}>`;
    case 'future':
    case 'stream':
      return type.inner === null ? type.kind : `${type.kind}<${f(type.inner)}>`;
  }
}
