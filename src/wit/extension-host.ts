/**
 * The `obelisk:types@1.0.0` types that extension functions use. The generator
 * refers to them by name; when the model it works on does not contain the
 * package, or contains only part of it (a component's decoded WIT holds only the
 * types the component uses), named stand-ins are added for what is missing
 * (enough to print `use` statements).
 */
import {
  formatPackageName,
  type Interface,
  type PackageName,
  type Resolve,
  type TypeDefKind,
  type TypeId,
} from './model.js';

/** The host types package every extension package `use`s. */
export const HOST_PACKAGE: PackageName = { namespace: 'obelisk', name: 'types', version: '1.0.0' };

/** The host types extension functions use, with the interface that defines each. */
export const HOST_TYPES = {
  'join-set': { interface: 'join-set', kind: 'resource' },
  'execution-id': { interface: 'execution', kind: 'record' },
  'await-next-error': { interface: 'execution', kind: 'variant' },
  'get-error': { interface: 'execution', kind: 'variant' },
  'stub-error': { interface: 'execution', kind: 'variant' },
  'schedule-at': { interface: 'time', kind: 'variant' },
} as const;
export type HostTypeName = keyof typeof HOST_TYPES;

/** Raised when a model holds an `obelisk:types@1.0.0` that lacks a type the extensions need. */
export class HostTypesError extends Error {
  override name = 'HostTypesError';
}

/** Finds (or adds stand-ins for) the host types in `resolve`, which is modified. */
export function hostTypeLookup(resolve: Resolve): (name: HostTypeName) => TypeId {
  const wanted = formatPackageName(HOST_PACKAGE);
  let pkgId = resolve.packages.findIndex((p) => formatPackageName(p.name) === wanted);
  const cache = new Map<HostTypeName, TypeId>();
  return (name) => {
    const known = cache.get(name);
    if (known !== undefined) {
      return known;
    }
    const spec = HOST_TYPES[name];
    if (pkgId < 0) {
      pkgId = resolve.packages.length;
      resolve.packages.push({ name: HOST_PACKAGE, docs: {}, interfaces: new Map(), worlds: new Map() });
    }
    const pkg = resolve.packages[pkgId];
    if (pkg === undefined) {
      throw new HostTypesError(`package ${wanted} is missing`);
    }
    let ifaceId = pkg.interfaces.get(spec.interface);
    if (ifaceId === undefined) {
      ifaceId = resolve.interfaces.length;
      const iface: Interface = {
        name: spec.interface,
        package: pkgId,
        docs: {},
        stability: { tag: 'unknown' },
        types: new Map(),
        functions: new Map(),
      };
      resolve.interfaces.push(iface);
      pkg.interfaces.set(spec.interface, ifaceId);
    }
    const iface = ifaceId === undefined ? undefined : resolve.interfaces[ifaceId];
    let id = iface?.types.get(name);
    if (id === undefined && iface !== undefined) {
      id = resolve.types.length;
      resolve.types.push({
        name,
        owner: { tag: 'interface', id: ifaceId },
        kind: standIn(spec.kind),
        docs: {},
        stability: { tag: 'unknown' },
      });
      iface.types.set(name, id);
    }
    if (id === undefined) {
      throw new HostTypesError(`the loaded ${wanted} has no type \`${name}\` in interface \`${spec.interface}\``);
    }
    cache.set(name, id);
    return id;
  };
}

function standIn(kind: 'resource' | 'record' | 'variant'): TypeDefKind {
  switch (kind) {
    case 'resource':
      return { tag: 'resource' };
    case 'record':
      return { tag: 'record', fields: [] };
    case 'variant':
      return { tag: 'variant', cases: [] };
  }
}
