/**
 * The `obelisk wit inspect --json` shape: every package with its interfaces
 * (types and functions) and worlds (imports and exports as strings). No docs,
 * no gates; type strings are WIT source syntax. Documented in
 * `docs/wit-inspect-json.md`.
 */
import { formatType } from './format-type.js';
import {
  interfaceFullName,
  formatPackageName,
  type Func,
  type Interface,
  type Resolve,
  type TypeDef,
  type WorldItem,
} from './model.js';
import { funcSignature } from './print-writer.js';
import { escapeIdentifier } from './keywords.js';

export interface InspectJson {
  readonly packages: InspectPackage[];
}

export interface InspectPackage {
  /** `ns:pkg@version` (no `@version` when the package has none). */
  readonly name: string;
  readonly interfaces: InspectInterface[];
  readonly worlds: InspectWorld[];
}

export interface InspectInterface {
  /** The short name (`types`, not `wasi:http/types@0.2.12`). */
  readonly name: string;
  readonly types: InspectType[];
  readonly functions: InspectFunction[];
}

export type InspectType =
  | { readonly name: string; readonly kind: 'record'; readonly fields: InspectNamedType[] }
  | {
      readonly name: string;
      readonly kind: 'variant';
      readonly cases: { readonly name: string; readonly type: string | null }[];
    }
  | { readonly name: string; readonly kind: 'enum'; readonly cases: string[] }
  | { readonly name: string; readonly kind: 'flags'; readonly flags: string[] }
  | { readonly name: string; readonly kind: 'resource' }
  | { readonly name: string; readonly kind: 'alias'; readonly target: string };

export interface InspectNamedType {
  readonly name: string;
  readonly type: string;
}

export interface InspectFunction {
  /** `f`, `[constructor]r`, `[method]r.f` or `[static]r.f`. */
  readonly name: string;
  readonly async: boolean;
  readonly params: InspectNamedType[];
  /** `null` when the function returns nothing. */
  readonly result: string | null;
}

export interface InspectWorld {
  readonly name: string;
  readonly imports: string[];
  readonly exports: string[];
}

/** Builds the `wit inspect --json` document for every package of `resolve`. */
export function inspectResolve(resolve: Resolve): InspectJson {
  return {
    packages: resolve.packages.map((pkg) => ({
      name: formatPackageName(pkg.name),
      interfaces: [...pkg.interfaces.values()].map((id) =>
        inspectInterface(resolve, resolve.interfaces[id] as Interface),
      ),
      worlds: [...pkg.worlds.values()].map((id) => {
        const world = resolve.worlds[id];
        return {
          name: world?.name ?? '',
          imports: [...(world?.imports ?? [])].map(([key, item]) => worldItemText(resolve, key, item)),
          exports: [...(world?.exports ?? [])].map(([key, item]) => worldItemText(resolve, key, item)),
        };
      }),
    })),
  };
}

function inspectInterface(resolve: Resolve, iface: Interface): InspectInterface {
  return {
    name: iface.name ?? '',
    types: [...iface.types.values()].map((id) => inspectType(resolve, resolve.types[id] as TypeDef)),
    functions: [...iface.functions.values()].map((func) => inspectFunction(resolve, func)),
  };
}

/** One type definition in the inspect shape. */
export function inspectType(resolve: Resolve, def: TypeDef): InspectType {
  const name = def.name ?? '';
  const kind = def.kind;
  switch (kind.tag) {
    case 'record':
      return {
        name,
        kind: 'record',
        fields: kind.fields.map((f) => ({ name: f.name, type: formatType(resolve, f.type) })),
      };
    case 'variant':
      return {
        name,
        kind: 'variant',
        cases: kind.cases.map((c) => ({ name: c.name, type: c.type === null ? null : formatType(resolve, c.type) })),
      };
    case 'enum':
      return { name, kind: 'enum', cases: kind.cases.map((c) => c.name) };
    case 'flags':
      return { name, kind: 'flags', flags: kind.flags.map((f) => f.name) };
    case 'resource':
      return { name, kind: 'resource' };
    case 'alias':
      return { name, kind: 'alias', target: formatType(resolve, kind.target) };
  }
}

/** One function in the inspect shape. */
export function inspectFunction(resolve: Resolve, func: Func): InspectFunction {
  return {
    name: func.name,
    async: func.async,
    params: func.params.map((p) => ({ name: p.name, type: formatType(resolve, p.type) })),
    result: func.result === null ? null : formatType(resolve, func.result),
  };
}

/**
 * A world import/export as one line: `ns:pkg/ifc@v` (interface by path),
 * `name: ns:pkg/ifc@v` (named interface), `name: interface` (inline),
 * `name: func(..) -> ..` (function), `name: type` (a type of the world).
 */
export function worldItemText(resolve: Resolve, key: string, item: WorldItem): string {
  switch (item.tag) {
    case 'function':
      return `${escapeIdentifier(key)}: ${funcSignature(resolve, item.func)}`;
    case 'type':
      return `${escapeIdentifier(key)}: type`;
    case 'interface': {
      if (!item.named) {
        return interfaceFullName(resolve, item.id);
      }
      const name = escapeIdentifier(key);
      return resolve.interfaces[item.id]?.name === null
        ? `${name}: interface`
        : `${name}: ${interfaceFullName(resolve, item.id)}`;
    }
  }
}
