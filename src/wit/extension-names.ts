/**
 * Naming of the extension packages and functions obelisk generates for an
 * exported interface `ns:pkg/ifc`: which packages a component type gets, what
 * they are called, and how to map an extension function back to its target.
 */
import type { PackageName } from './model.js';

/** Component types, as in `obelisk.toml` sections and `obelisk generate extensions <type>`. */
export const ComponentType = {
  activityWasm: 'activity_wasm',
  activityStub: 'activity_stub',
  workflow: 'workflow',
  webhookEndpoint: 'webhook_endpoint',
} as const;
export type ComponentType = (typeof ComponentType)[keyof typeof ComponentType];

/** Every component type, for CLI choices. */
export const COMPONENT_TYPES: readonly ComponentType[] = Object.values(ComponentType);

/** The extension packages: `ns:pkg-obelisk-ext`, `ns:pkg-obelisk-schedule`, `ns:pkg-obelisk-stub`. */
export const ExtensionKind = { ext: 'ext', schedule: 'schedule', stub: 'stub' } as const;
export type ExtensionKind = (typeof ExtensionKind)[keyof typeof ExtensionKind];

/** Suffix of the extension package's name for each kind. */
export const PACKAGE_SUFFIX: Readonly<Record<ExtensionKind, string>> = {
  ext: '-obelisk-ext',
  schedule: '-obelisk-schedule',
  stub: '-obelisk-stub',
};

/** The extension functions generated for one function `f`, by suffix. */
export const FUNCTION_SUFFIXES: Readonly<Record<ExtensionKind, readonly string[]>> = {
  ext: ['-submit', '-await-next', '-get', '-invoke'],
  schedule: ['-schedule'],
  stub: ['-stub'],
};

/**
 * Which extension packages a component type gets: activities and workflows get
 * `-obelisk-ext` and `-obelisk-schedule`, stub activities also `-obelisk-stub`;
 * webhook endpoints get none (they export `wasi:http/incoming-handler`, which
 * HTTP requests call, not executions).
 */
export function extensionKindsFor(type: ComponentType): readonly ExtensionKind[] {
  switch (type) {
    case ComponentType.activityWasm:
    case ComponentType.workflow:
      return [ExtensionKind.ext, ExtensionKind.schedule];
    case ComponentType.activityStub:
      return [ExtensionKind.ext, ExtensionKind.schedule, ExtensionKind.stub];
    case ComponentType.webhookEndpoint:
      return [];
  }
}

/** The extension package of `original` for `kind` (same namespace and version). */
export function extensionPackageName(original: PackageName, kind: ExtensionKind): PackageName {
  return { namespace: original.namespace, name: `${original.name}${PACKAGE_SUFFIX[kind]}`, version: original.version };
}

/** What an imported extension function stands for. */
export interface ExtensionTarget {
  readonly kind: ExtensionKind;
  /** `submit`, `await-next`, `get`, `invoke`, `schedule` or `stub`. */
  readonly operation: string;
  /** The original package (`ns:pkg@version`). */
  readonly package: PackageName;
  /** The original function's name. */
  readonly function: string;
}

/**
 * Maps an extension function back to the function it extends, or `null` when
 * the package is no extension package. `pkg` is the package of the imported
 * interface (e.g. `testing:fibo-obelisk-ext@1.0.0`), `func` the function name.
 */
export function extensionTarget(pkg: PackageName, func: string): ExtensionTarget | null {
  for (const kind of Object.values(ExtensionKind)) {
    const suffix = PACKAGE_SUFFIX[kind];
    if (!pkg.name.endsWith(suffix) || pkg.name.length === suffix.length) {
      continue;
    }
    for (const fnSuffix of FUNCTION_SUFFIXES[kind]) {
      if (func.endsWith(fnSuffix) && func.length > fnSuffix.length) {
        return {
          kind,
          operation: fnSuffix.slice(1),
          package: { namespace: pkg.namespace, name: pkg.name.slice(0, -suffix.length), version: pkg.version },
          function: func.slice(0, -fnSuffix.length),
        };
      }
    }
    return null;
  }
  return null;
}
