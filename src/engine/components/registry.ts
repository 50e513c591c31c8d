/**
 * What the engine knows about its components: their content digest, decoded WIT,
 * and every exported function by FFQN with its signature and compiled value codec.
 * Loading rejects signatures the engine cannot run, naming the function.
 */
import { CodedError, Ffqn, type ComponentDigest } from '../concepts/index.js';
import { compileFunctionCodec, type FunctionCodec } from '../../wit/codec/index.js';
import { decodeComponent } from '../../wit/decoder/index.js';
import { interfaceFullName, type Func, type Resolve, type World } from '../../wit/model.js';
import { checkReturnType, type ReturnShape } from './return-type.js';

export const ComponentKind = {
  activityWasm: 'activity_wasm',
  activityStub: 'activity_stub',
  workflow: 'workflow',
} as const;
export type ComponentKind = (typeof ComponentKind)[keyof typeof ComponentKind];

/** One exported function, ready to be submitted and run. */
export interface ExportedFunction {
  readonly ffqn: Ffqn;
  /** `ns:pkg/ifc@version` as the component exports it. */
  readonly interfaceName: string;
  readonly functionName: string;
  readonly func: Func;
  readonly codec: FunctionCodec;
  readonly returnShape: ReturnShape;
  readonly component: LoadedComponent;
}

export interface LoadedComponent {
  readonly name: string;
  readonly kind: ComponentKind;
  readonly digest: ComponentDigest;
  readonly resolve: Resolve;
  readonly world: World;
  readonly exports: ReadonlyMap<Ffqn, ExportedFunction>;
}

export class ComponentLoadError extends CodedError {
  override name = 'ComponentLoadError';
  readonly code = 'component-load-failed';

  constructor(
    readonly component: string,
    readonly problems: readonly string[],
  ) {
    super(`component ${component} cannot be loaded:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The root world of a decoded component (`root:component/root`). */
export function rootWorld(resolve: Resolve): World {
  const world = resolve.worlds.find((w) => w.name === 'root') ?? resolve.worlds[0];
  if (world === undefined) {
    throw new Error('the decoded component has no world');
  }
  return world;
}

/** Builds a {@link LoadedComponent} from a decoded (or parsed) world. */
export function describeComponent(
  name: string,
  kind: ComponentKind,
  digest: ComponentDigest,
  resolve: Resolve,
  world: World,
): LoadedComponent {
  const exports = new Map<Ffqn, ExportedFunction>();
  const problems: string[] = [];
  const component: LoadedComponent = { name, kind, digest, resolve, world, exports };
  for (const [key, item] of world.exports) {
    if (item.tag !== 'interface') {
      problems.push(
        `export ${key}: only functions inside exported interfaces can be called; move it into an interface`,
      );
      continue;
    }
    const iface = resolve.interfaces[item.id];
    if (iface === undefined || iface.name === null) {
      problems.push(`export ${key}: anonymous interfaces cannot be called; export a named interface`);
      continue;
    }
    const interfaceName = interfaceFullName(resolve, item.id);
    for (const func of iface.functions.values()) {
      if (func.kind.tag !== 'freestanding') {
        continue; // resource functions are not executions
      }
      const check = checkReturnType(resolve, func);
      if (!check.ok) {
        problems.push(`${interfaceName}.${check.reason}`);
        continue;
      }
      const ffqn = Ffqn.parse(`${interfaceName}.${func.name}`);
      exports.set(ffqn, {
        ffqn,
        interfaceName,
        functionName: func.name,
        func,
        codec: compileFunctionCodec(resolve, func),
        returnShape: check.shape,
        component,
      });
    }
  }
  if (problems.length > 0) {
    throw new ComponentLoadError(name, problems);
  }
  return component;
}

/** Decodes a component binary and describes its exports. */
export function loadComponentTypes(
  name: string,
  kind: ComponentKind,
  digest: ComponentDigest,
  bytes: Uint8Array,
): LoadedComponent {
  const resolve = decodeComponent(bytes);
  return describeComponent(name, kind, digest, resolve, rootWorld(resolve));
}

/**
 * All components of an engine, and their functions by FFQN (one owner per FFQN). A component
 * reloaded under the same name replaces the previous version for new submissions; every
 * version stays known by digest, so executions keep running on the version they started with.
 */
export class ComponentRegistry {
  readonly #byDigest = new Map<ComponentDigest, LoadedComponent>();
  readonly #byFfqn = new Map<Ffqn, ExportedFunction>();
  readonly #byName = new Map<string, LoadedComponent>();

  add(component: LoadedComponent): void {
    for (const ffqn of component.exports.keys()) {
      const owner = this.#byFfqn.get(ffqn);
      if (owner !== undefined && owner.component.name !== component.name) {
        throw new ComponentLoadError(component.name, [
          `${ffqn} is already exported by component ${owner.component.name}`,
        ]);
      }
    }
    this.remove(component.name);
    this.#byDigest.set(component.digest, component);
    this.#byName.set(component.name, component);
    for (const [ffqn, fn] of component.exports) {
      this.#byFfqn.set(ffqn, fn);
    }
  }

  /** Stops offering the component's functions for new executions (its versions stay known by digest). */
  remove(name: string): void {
    const previous = this.#byName.get(name);
    if (previous === undefined) {
      return;
    }
    this.#byName.delete(name);
    for (const ffqn of previous.exports.keys()) {
      if (this.#byFfqn.get(ffqn)?.component === previous) {
        this.#byFfqn.delete(ffqn);
      }
    }
  }

  /** Forgets a version that is no longer current (returns false, keeping it, when it is current). */
  forget(digest: ComponentDigest): boolean {
    const component = this.#byDigest.get(digest);
    if (component === undefined || this.#byName.get(component.name) === component) {
      return false;
    }
    this.#byDigest.delete(digest);
    return true;
  }

  /** The current version of a function. */
  function(ffqn: Ffqn): ExportedFunction | undefined {
    return this.#byFfqn.get(ffqn);
  }

  /** A function of a given version of a component (falls back to the current version). */
  functionOf(digest: ComponentDigest, ffqn: Ffqn): ExportedFunction | undefined {
    return this.#byDigest.get(digest)?.exports.get(ffqn) ?? this.#byFfqn.get(ffqn);
  }

  /** Every version known here (current and replaced ones still loaded). */
  digests(): readonly ComponentDigest[] {
    return [...this.#byDigest.keys()];
  }

  component(digest: ComponentDigest): LoadedComponent | undefined {
    return this.#byDigest.get(digest);
  }

  /** The current version of the component named `name`. */
  named(name: string): LoadedComponent | undefined {
    return this.#byName.get(name);
  }

  functions(): readonly ExportedFunction[] {
    return [...this.#byFfqn.values()];
  }

  /** The current version of every component. */
  components(): readonly LoadedComponent[] {
    return [...this.#byName.values()];
  }
}
