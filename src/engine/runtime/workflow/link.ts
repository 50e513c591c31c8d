/**
 * Links a workflow component's imports when it is loaded: the host interfaces
 * (`obelisk:workflow`, `obelisk:types`, `wasi:logging`, deterministic WASI), and every
 * function imported from another component, plain or as a generated extension. Unknown or
 * mistyped imports are all reported at once, each naming the import.
 */
import type { ComponentRegistry, ExportedFunction, LoadedComponent } from '../../components/registry.js';
import { signatureDiff, typeDefsEqual } from '../../components/signature.js';
import { Ffqn } from '../../concepts/index.js';
import { generateExtensions } from '../../../wit/extensions.js';
import { ComponentType, extensionTarget, type ExtensionTarget } from '../../../wit/extension-names.js';
import {
  formatPackageName,
  interfaceFullName,
  type Func,
  type Interface,
  type InterfaceId,
  type Resolve,
  type TypeDef,
  type World,
} from '../../../wit/model.js';
import { hostWit } from './host-wit.js';
import { ImportKind, type FunctionLink, type LinkPlan } from './link-plan.js';
import { WORKFLOW_WASI_INTERFACES } from './wasi/index.js';
import type { TargetKind } from './join-sets.js';

/** Host packages a workflow may import, by name, with the version obelisk provides. */
const HOST_PACKAGES: Readonly<Record<string, string>> = {
  'obelisk:types': '1.0.0',
  'obelisk:workflow': '1.0.0',
  'wasi:logging': '0.1.0-draft',
};

export type LinkResult =
  { readonly ok: true; readonly plan: LinkPlan } | { readonly ok: false; readonly problems: readonly string[] };

export function linkWorkflow(component: LoadedComponent, registry: ComponentRegistry): LinkResult {
  const { resolve, world } = component;
  return linkImports(resolve, world, registry, 'a workflow', (id, iface) => {
    const checked = checkHostPackage(resolve, id, iface, HOST_PACKAGES);
    if (checked !== null) {
      return checked;
    }
    const pkg = resolve.packages[iface.package ?? -1];
    if (pkg?.name.namespace === 'obelisk' && pkg.name.name === 'webhook') {
      return {
        problem: `import ${interfaceFullName(resolve, id)}: obelisk:webhook is for webhook endpoints; a workflow imports obelisk:workflow/workflow-support@1.0.0`,
      };
    }
    if (pkg?.name.namespace !== 'wasi') {
      return null;
    }
    const key = `wasi:${pkg.name.name}/${iface.name ?? ''}`;
    return WORKFLOW_WASI_INTERFACES.has(key)
      ? { host: true }
      : { problem: `import ${interfaceFullName(resolve, id)}: workflows are deterministic and cannot use ${key}` };
  });
}

/**
 * Links every interface `world` imports: those `hostCheck` claims for the host are not linked
 * (or reported, when it names a problem); every function of the others is linked to a component's
 * export (see {@link linkFunction}). `importer` names the kind of component in messages.
 */
export function linkImports(
  resolve: Resolve,
  world: World,
  registry: ComponentRegistry,
  importer: string,
  hostCheck: (id: InterfaceId, iface: Interface) => HostCheck,
): LinkResult {
  const problems: string[] = [];
  const functions: FunctionLink[] = [];
  const generated = new GeneratedCache();
  for (const [key, item] of world.imports) {
    if (item.tag === 'type') {
      continue;
    }
    if (item.tag === 'function') {
      problems.push(`import ${key}: ${importer} cannot import a bare function; import it through an interface`);
      continue;
    }
    const iface = resolve.interfaces[item.id];
    if (iface === undefined || iface.name === null || iface.package === null) {
      problems.push(`import ${key}: anonymous interfaces cannot be linked`);
      continue;
    }
    const host = hostCheck(item.id, iface);
    if (host !== null) {
      if ('problem' in host) {
        problems.push(host.problem);
      }
      continue;
    }
    for (const func of iface.functions.values()) {
      const linked = linkFunction(resolve, item.id, func, registry, generated);
      if (typeof linked === 'string') {
        problems.push(`import ${interfaceFullName(resolve, item.id)}.${func.name}: ${linked}`);
      } else {
        functions.push(linked);
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: { functions } };
}

/** What an import of a host interface means for linking. */
export type HostCheck = { readonly host: true } | { readonly problem: string } | null;

/**
 * `{host}` when the interface belongs to one of `packages` (obelisk's host packages by name, with
 * the version obelisk provides) and matches obelisk's definition, a problem when it does not,
 * `null` when it is of another package.
 */
export function checkHostPackage(
  resolve: Resolve,
  id: InterfaceId,
  iface: Interface,
  packages: Readonly<Record<string, string>>,
): HostCheck {
  const pkg = resolve.packages[iface.package ?? -1];
  if (pkg === undefined) {
    return null;
  }
  const name = `${pkg.name.namespace}:${pkg.name.name}`;
  const version = packages[name];
  if (version === undefined) {
    return null;
  }
  const full = interfaceFullName(resolve, id);
  if (pkg.name.version !== version) {
    return { problem: `import ${full}: obelisk provides ${name}@${version}` };
  }
  const problems = compareWithHost(resolve, iface, full);
  return problems.length === 0 ? { host: true } : { problem: problems.join('\n  - ') };
}

/** Differences between an imported host interface and obelisk's own definition of it. */
function compareWithHost(resolve: Resolve, iface: Interface, full: string): string[] {
  const host = hostWit();
  const hostIfaceId = host.interfaces.findIndex(
    (i, id) => i.name !== null && i.package !== null && interfaceFullName(host, id) === full,
  );
  const hostIface = host.interfaces[hostIfaceId];
  if (hostIface === undefined) {
    return [`import ${full}: obelisk provides no such interface`];
  }
  const problems: string[] = [];
  for (const [typeName, typeId] of iface.types) {
    const mine = resolve.types[typeId];
    const hostTypeId = hostIface.types.get(typeName);
    const theirs = hostTypeId === undefined ? undefined : host.types[hostTypeId];
    if (mine !== undefined && (theirs === undefined || !typeDefsEqual(resolve, mine, host, theirs))) {
      problems.push(`import ${full}: type ${typeName} differs from obelisk's definition`);
    }
  }
  for (const func of iface.functions.values()) {
    const hostFunc = hostIface.functions.get(func.name);
    const diff =
      hostFunc === undefined ? 'obelisk provides no such function' : signatureDiff(resolve, func, host, hostFunc);
    if (diff !== null) {
      problems.push(`import ${full}.${func.name}: ${diff}`);
    }
  }
  return problems;
}

/** Host types are checked where the workflow imports them; extensions only name them. */
function isHostType(def: TypeDef, resolve: Resolve): boolean {
  if (def.owner.tag !== 'interface') {
    return false;
  }
  const owner = resolve.interfaces[def.owner.id];
  const pkg = owner?.package === null || owner?.package === undefined ? undefined : resolve.packages[owner.package];
  return pkg !== undefined && pkg.name.namespace === 'obelisk' && pkg.name.name === 'types';
}

function targetKind(fn: ExportedFunction): TargetKind {
  switch (fn.component.kind) {
    case 'workflow':
      return 'workflow';
    case 'activity_stub':
      return 'stub';
    default:
      return 'activity';
  }
}

/** Links one function imported from another component (plain, or a generated extension). */
function linkFunction(
  resolve: Resolve,
  interfaceId: InterfaceId,
  func: Func,
  registry: ComponentRegistry,
  generated: GeneratedCache,
): FunctionLink | string {
  const iface = resolve.interfaces[interfaceId] as Interface;
  const pkg = resolve.packages[iface.package ?? -1];
  if (pkg === undefined) {
    return 'the interface has no package';
  }
  const extension = extensionTarget(pkg.name, func.name);
  const originalInterface =
    extension === null ? interfaceFullName(resolve, interfaceId) : originalInterfaceName(extension, iface);
  const functionName = extension === null ? func.name : extension.function;
  const ffqn = Ffqn.parse(`${originalInterface}.${functionName}`);
  const target = registry.function(ffqn);
  if (target === undefined) {
    return `no component exports ${ffqn}`;
  }
  const kind = extension === null ? ImportKind.call : (extension.operation as ImportKind);
  if (kind === ImportKind.stub && target.component.kind !== 'activity_stub') {
    return `${ffqn} is not a stub activity, so it has no -stub extension`;
  }
  const expected =
    extension === null
      ? { resolve: target.component.resolve, func: target.func }
      : generated.find(target, pkg.name, iface.name ?? '', func.name);
  if (expected === undefined) {
    return `obelisk generates no ${func.name} for ${ffqn}`;
  }
  const diff = signatureDiff(resolve, func, expected.resolve, expected.func, { nominal: isHostType });
  if (diff !== null) {
    return `the signature does not match ${extension === null ? ffqn : `the generated extension of ${ffqn}`}: ${diff}`;
  }
  return {
    interfaceId,
    functionName: func.name,
    kind,
    target: { ffqn, digest: target.component.digest, kind: targetKind(target) },
  };
}

function originalInterfaceName(extension: ExtensionTarget, iface: Interface): string {
  const base = `${extension.package.namespace}:${extension.package.name}/${iface.name ?? ''}`;
  return extension.package.version === undefined ? base : `${base}@${extension.package.version}`;
}

/** Extension packages generated per target interface, reused for all its functions. */
class GeneratedCache {
  readonly #byInterface = new Map<string, Resolve>();

  find(
    target: ExportedFunction,
    extPackage: Resolve['packages'][number]['name'],
    ifaceName: string,
    funcName: string,
  ): { resolve: Resolve; func: Func } | undefined {
    const component = target.component;
    const key = `${component.digest} ${target.interfaceName}`;
    let resolve = this.#byInterface.get(key);
    if (resolve === undefined) {
      const interfaceId = component.resolve.interfaces.findIndex(
        (i, id) =>
          i.name !== null && i.package !== null && interfaceFullName(component.resolve, id) === target.interfaceName,
      );
      const type =
        component.kind === 'activity_stub'
          ? ComponentType.activityStub
          : component.kind === 'workflow'
            ? ComponentType.workflow
            : ComponentType.activityWasm;
      resolve = generateExtensions(component.resolve, type, [interfaceId]).resolve;
      this.#byInterface.set(key, resolve);
    }
    const wanted = formatPackageName(extPackage);
    const pkg = resolve.packages.find((p) => formatPackageName(p.name) === wanted);
    const ifaceId = pkg?.interfaces.get(ifaceName);
    const func = ifaceId === undefined ? undefined : resolve.interfaces[ifaceId]?.functions.get(funcName);
    return func === undefined ? undefined : { resolve, func };
  }
}
