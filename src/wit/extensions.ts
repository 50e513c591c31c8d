/**
 * The extension generator: for a component type and some of its exported
 * interfaces, the extension packages (`ns:pkg-obelisk-ext`,
 * `ns:pkg-obelisk-schedule`, `ns:pkg-obelisk-stub`) as a model and as WIT
 * text. Pure: it reads the given model and returns a new one.
 *
 * Each extension interface `use`s the original interface's types (so they stay
 * the original definitions) and the `obelisk:types@1.0.0` types.
 */
import { CodedWitError } from './coded-error.js';
import { extensionFuncs } from './extension-funcs.js';
import { hostTypeLookup, HostTypesError, type HostTypeName } from './extension-host.js';
import { extensionKindsFor, extensionPackageName, type ComponentType, type ExtensionKind } from './extension-names.js';
import {
  formatPackageName,
  interfaceFullName,
  type Func,
  type Interface,
  type InterfaceId,
  type PackageId,
  type Param,
  type Resolve,
  type Type,
  type TypeId,
} from './model.js';
import { printPackage } from './print.js';
import { forEachNamed } from './resolve-type.js';
import { remapType, unsupportedPart } from './extension-types.js';

/** Stable codes of {@link ExtensionError}. */
export const ExtensionErrorCode = {
  /** The component type gets no extensions (webhook endpoints). */
  noExtensions: 'no-extensions',
  /** An id that is not a named interface of a package. */
  notAnInterface: 'not-an-interface',
  /** The model holds an `obelisk:types@1.0.0` without a type the extensions need. */
  hostTypes: 'host-types-mismatch',
} as const;
export type ExtensionErrorCode = (typeof ExtensionErrorCode)[keyof typeof ExtensionErrorCode];

/** A request the generator cannot satisfy (never a WIT syntax problem: the model is already resolved). */
export class ExtensionError extends CodedWitError<ExtensionErrorCode> {
  override name = 'ExtensionError';
}

export interface GeneratedPackage {
  /** `ns:pkg-obelisk-ext@version`. */
  readonly name: string;
  readonly kind: ExtensionKind;
  /** The package in {@link GeneratedExtensions.resolve}. */
  readonly packageId: PackageId;
  /** The package as a WIT file (`package ..;` and its interfaces). */
  readonly wit: string;
}

/** A function or interface that got no extensions, and why. */
export interface SkippedItem {
  /** `ns:pkg/ifc@version`. */
  readonly interface: string;
  /** The function, or `undefined` when the whole interface was skipped. */
  readonly function?: string | undefined;
  readonly reason: string;
}

export interface GeneratedExtensions {
  /** The input model plus the extension packages (and stand-ins for `obelisk:types@1.0.0` when it was absent). */
  readonly resolve: Resolve;
  readonly packages: readonly GeneratedPackage[];
  readonly skipped: readonly SkippedItem[];
}

/** Generates the extension packages of `interfaceIds` (exported interfaces) for `componentType`. */
export function generateExtensions(
  resolve: Resolve,
  componentType: ComponentType,
  interfaceIds: readonly InterfaceId[],
): GeneratedExtensions {
  const kinds = extensionKindsFor(componentType);
  if (kinds.length === 0) {
    throw new ExtensionError(
      ExtensionErrorCode.noExtensions,
      `${componentType} components get no extension packages: they export wasi:http/incoming-handler, which HTTP requests call, not executions`,
    );
  }
  const out: Resolve = {
    packages: [...resolve.packages],
    interfaces: [...resolve.interfaces],
    worlds: [...resolve.worlds],
    types: [...resolve.types],
  };
  const host = hostLookup(out);
  if (interfaceIds.length > 0) {
    host('execution-id'); // every kind uses it; adds any stand-in package before the extension packages (dependency order)
  }
  const skipped: SkippedItem[] = [];
  const plans = interfaceIds.map((id) => plan(resolve, id, skipped)).filter((p): p is Plan => p !== undefined);
  const byPackage = new Map<PackageId, Plan[]>();
  for (const p of plans) {
    byPackage.set(p.iface.package as PackageId, [...(byPackage.get(p.iface.package as PackageId) ?? []), p]);
  }
  const packages: GeneratedPackage[] = [];
  for (const [pkgId, pkgPlans] of byPackage) {
    for (const kind of kinds) {
      const packageId = buildPackage(out, pkgId, kind, pkgPlans, host);
      packages.push({
        name: formatPackageName((out.packages[packageId] as Resolve['packages'][number]).name),
        kind,
        packageId,
        wit: printPackage(out, packageId),
      });
    }
  }
  return { resolve: out, packages, skipped };
}

function hostLookup(out: Resolve): (name: HostTypeName) => TypeId {
  const lookup = hostTypeLookup(out);
  return (name) => {
    try {
      return lookup(name);
    } catch (error: unknown) {
      if (error instanceof HostTypesError) {
        throw new ExtensionError(ExtensionErrorCode.hostTypes, error.message);
      }
      throw error;
    }
  };
}

/** An exported interface and the functions of it that get extensions. */
interface Plan {
  readonly id: InterfaceId;
  readonly iface: Interface;
  readonly fullName: string;
  readonly funcs: readonly Func[];
}

function plan(resolve: Resolve, id: InterfaceId, skipped: SkippedItem[]): Plan | undefined {
  const iface = resolve.interfaces[id];
  if (iface === undefined || iface.name === null || iface.package === null) {
    throw new ExtensionError(
      ExtensionErrorCode.notAnInterface,
      `interface ${id} is not a named interface of a package; extensions are generated for interfaces like \`ns:pkg/ifc\``,
    );
  }
  const fullName = interfaceFullName(resolve, id);
  const funcs: Func[] = [];
  for (const func of iface.functions.values()) {
    const reason =
      func.kind.tag !== 'freestanding' ? 'resource functions cannot run as executions' : blocked(resolve, func);
    if (reason === undefined) {
      funcs.push(func);
    } else {
      skipped.push({ interface: fullName, function: func.name, reason });
    }
  }
  if (funcs.length === 0) {
    skipped.push({ interface: fullName, reason: 'no function of the interface can run as an execution' });
    return undefined;
  }
  return { id, iface, fullName, funcs };
}

function blocked(resolve: Resolve, func: Func): string | undefined {
  for (const type of [...func.params.map((p) => p.type), func.result]) {
    const part = type === null ? undefined : unsupportedPart(resolve, type);
    if (part !== undefined) {
      return `its signature contains ${part}, which has no durable value to pass to or from an execution`;
    }
  }
  return undefined;
}

function buildPackage(
  out: Resolve,
  originalId: PackageId,
  kind: ExtensionKind,
  plans: readonly Plan[],
  host: (name: HostTypeName) => TypeId,
): PackageId {
  const original = out.packages[originalId] as Resolve['packages'][number];
  const packageId = out.packages.length;
  const name = extensionPackageName(original.name, kind);
  out.packages.push({
    name,
    docs: { contents: packageDocs(original.name, kind) },
    interfaces: new Map(),
    worlds: new Map(),
  });
  for (const p of plans) {
    const ifaceId = out.interfaces.length;
    const iface: Interface = {
      name: p.iface.name,
      package: packageId,
      docs: { contents: interfaceDocs(p.fullName, kind) },
      stability: { tag: 'unknown' },
      types: new Map(),
      functions: new Map(),
    };
    out.interfaces.push(iface);
    out.packages[packageId]?.interfaces.set(p.iface.name ?? '', ifaceId);
    fillInterface(out, ifaceId, iface, p, kind, host);
  }
  return packageId;
}

/** Adds the functions, then `use` aliases for every type they mention (original types first). */
function fillInterface(
  out: Resolve,
  ifaceId: InterfaceId,
  iface: Interface,
  p: Plan,
  kind: ExtensionKind,
  host: (name: HostTypeName) => TypeId,
): void {
  const aliases = new Map<TypeId, TypeId>();
  const names = new Set<string>();
  const funcs: Func[] = p.funcs.flatMap((f) =>
    extensionFuncs(kind, { name: f.name, interfaceName: p.fullName, params: f.params, result: f.result, host }),
  );
  funcs.forEach((f) => names.add(f.name));
  const alias = (target: TypeId, preferred: string, prefix: string): TypeId => {
    let local = preferred;
    while (names.has(local)) {
      local = `${prefix}-${local}`;
    }
    names.add(local);
    const id = out.types.length;
    out.types.push({
      name: local,
      owner: { tag: 'interface', id: ifaceId },
      kind: { tag: 'alias', target: { kind: 'named', id: target } },
      docs: {},
      stability: { tag: 'unknown' },
    });
    iface.types.set(local, id);
    aliases.set(target, id);
    return id;
  };
  const original = new Set(p.iface.types.values());
  const mentioned: TypeId[] = [];
  const collect = (type: Type | null): void =>
    forEachNamed(type, (id) => void (mentioned.includes(id) ? undefined : mentioned.push(id)));
  for (const f of funcs) {
    f.params.forEach((param: Param) => collect(param.type));
    collect(f.result);
  }
  for (const id of mentioned.filter((t) => original.has(t))) {
    alias(id, out.types[id]?.name ?? 'type', 'original');
  }
  for (const id of mentioned.filter((t) => !original.has(t))) {
    alias(id, out.types[id]?.name ?? 'type', 'obelisk');
  }
  for (const f of funcs) {
    iface.functions.set(f.name, {
      ...f,
      params: f.params.map((param) => ({ name: param.name, type: remapType(param.type, aliases) })),
      result: f.result === null ? null : remapType(f.result, aliases),
    });
  }
}

const KIND_TEXT: Readonly<Record<ExtensionKind, string>> = {
  ext: 'each exported function `f` can be submitted as a child execution (`f-submit`), awaited (`f-await-next`),\nread again once awaited (`f-get`) or called directly (`f-invoke`). Import it in a workflow.',
  schedule: '`f-schedule` starts an exported function `f` as a new top-level execution, now or later.',
  stub: '`f-stub` writes the result of an execution of the stub activity function `f`.',
};

function packageDocs(original: Resolve['packages'][number]['name'], kind: ExtensionKind): string {
  return `Extension functions of \`${formatPackageName(original)}\`, generated by obelisk and implemented by the obelisk host:\n${KIND_TEXT[kind]}\nGenerated: regenerate with \`obelisk generate extensions\` instead of editing.`;
}

function interfaceDocs(fullName: string, kind: ExtensionKind): string {
  return `Extensions of \`${fullName}\`: ${KIND_TEXT[kind]}`;
}
