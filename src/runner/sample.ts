/** Sample parameters for the ready-to-paste submit line of `obelisk dev`: a valid JSON value of each type. */
import type { ExportedFunction } from '../engine/index.js';
import type { Resolve, Type } from '../wit/model.js';

function sampleOf(resolve: Resolve, type: Type, depth: number): unknown {
  if (depth > 8) {
    return null;
  }
  switch (type.kind) {
    case 'primitive':
      return type.name === 'bool' ? false : type.name === 'string' ? 'text' : type.name === 'char' ? 'a' : 1;
    case 'list':
      // One element for a list of any length: `["text"]` shows what goes in, `[]` would not.
      return Array.from({ length: type.size ?? 1 }, () => sampleOf(resolve, type.element, depth + 1));
    case 'option':
      return null;
    case 'tuple':
      return type.items.map((item) => sampleOf(resolve, item, depth + 1));
    case 'result':
      return { ok: type.ok === null ? null : sampleOf(resolve, type.ok, depth + 1) };
    case 'map':
      return [];
    case 'named':
      return sampleOfDef(resolve, type.id, depth);
    default:
      return null;
  }
}

const snake = (name: string): string => name.replace(/-/g, '_').toLowerCase();

function sampleOfDef(resolve: Resolve, id: number, depth: number): unknown {
  const def = resolve.types[id];
  switch (def?.kind.tag) {
    case 'record':
      return Object.fromEntries(def.kind.fields.map((f) => [snake(f.name), sampleOf(resolve, f.type, depth + 1)]));
    case 'variant': {
      const first = def.kind.cases[0];
      return first === undefined
        ? null
        : first.type === null
          ? snake(first.name)
          : { [snake(first.name)]: sampleOf(resolve, first.type, depth + 1) };
    }
    case 'enum':
      return def.kind.cases[0] === undefined ? null : snake(def.kind.cases[0].name);
    case 'flags':
      return [];
    case 'alias':
      return sampleOf(resolve, def.kind.target, depth + 1);
    default:
      return null;
  }
}

export function sampleParams(fn: ExportedFunction): unknown[] {
  return fn.func.params.map((param) => sampleOf(fn.component.resolve, param.type, 0));
}
