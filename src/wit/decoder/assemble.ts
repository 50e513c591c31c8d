/**
 * The last step of decoding: packages in dependency order (dependencies
 * first, `root:component` last) and the arenas of the resolved model.
 */
import type {
  Func,
  Interface,
  Package,
  PackageName,
  Resolve,
  Type,
  TypeDef,
  TypeId,
  World,
  WorldItem,
} from '../model.js';
import { forEachNamed, typesInside } from '../resolve-type.js';

export interface PackageDraft {
  readonly name: PackageName;
  readonly interfaces: Map<string, number>;
}

export interface WorldDraft {
  readonly name: string;
  /** Key of the package in {@link Drafts.packages}; `null` for the `root:component` package. */
  readonly packageKey: string | null;
  readonly imports: Map<string, WorldItem>;
  readonly exports: Map<string, WorldItem>;
  /** Types defined at the world level (world `use`s and world resources). */
  readonly types: Map<string, TypeId>;
}

export interface InterfaceDraft {
  readonly name: string | null;
  /** Key of the package in {@link Drafts.packages}; `null` for interfaces inlined in the world. */
  readonly packageKey: string | null;
  readonly types: Map<string, TypeId>;
  readonly functions: Map<string, Func>;
}

export interface Drafts {
  readonly typeDefs: TypeDef[];
  readonly packages: ReadonlyMap<string, PackageDraft>;
  readonly interfaces: readonly InterfaceDraft[];
  readonly worlds: readonly WorldDraft[];
  /** The package that is resolved last (a binary WIT package's own); `null`: a new `root:component`. */
  readonly rootKey: string | null;
}

const UNKNOWN = { tag: 'unknown' } as const;

/** Adds the named types `type` mentions directly to `out`. */
function typeRefs(type: Type | null, out: Set<TypeId>): void {
  forEachNamed(type, (id) => out.add(id));
}

/** Adds the named types the definition `def` is made of to `out`. */
function typeDefRefs(def: TypeDef, out: Set<TypeId>): void {
  typesInside(def.kind).forEach((type) => typeRefs(type, out));
}

/** Keys of the packages each package refers to (through its interfaces' types and functions). */
function packageDeps(drafts: Drafts): Map<string, Set<string>> {
  const deps = new Map<string, Set<string>>();
  drafts.interfaces.forEach((draft) => {
    if (draft.packageKey === null) {
      return;
    }
    const refs = new Set<TypeId>();
    for (const id of draft.types.values()) {
      const def = drafts.typeDefs[id];
      if (def !== undefined) {
        typeDefRefs(def, refs);
      }
    }
    for (const func of draft.functions.values()) {
      func.params.forEach((p) => typeRefs(p.type, refs));
      typeRefs(func.result, refs);
    }
    const mine = deps.get(draft.packageKey) ?? new Set<string>();
    deps.set(draft.packageKey, mine);
    for (const ref of refs) {
      const owner = drafts.typeDefs[ref]?.owner;
      const key = owner?.tag === 'interface' ? drafts.interfaces[owner.id]?.packageKey : null;
      if (key !== null && key !== undefined && key !== draft.packageKey) {
        mine.add(key);
      }
    }
  });
  return deps;
}

/** Package keys with dependencies first, otherwise in first-seen order. */
function packageOrder(drafts: Drafts): string[] {
  const deps = packageDeps(drafts);
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string): void => {
    if (state.has(key)) {
      return;
    }
    state.set(key, 'visiting');
    for (const dep of deps.get(key) ?? []) {
      visit(dep);
    }
    state.set(key, 'done');
    order.push(key);
  };
  for (const key of drafts.packages.keys()) {
    visit(key);
  }
  return order;
}

/** Builds the final {@link Resolve}. */
export function assemble(drafts: Drafts): Resolve {
  const order = packageOrder(drafts).filter((key) => key !== drafts.rootKey);
  if (drafts.rootKey !== null) {
    order.push(drafts.rootKey);
  }
  const packageIds = new Map(order.map((key, index) => [key, index]));
  const packages: Package[] = order.map((key) => {
    const draft = drafts.packages.get(key) as PackageDraft;
    return { name: draft.name, docs: {}, interfaces: draft.interfaces, worlds: new Map() };
  });
  if (drafts.rootKey === null) {
    packages.push({
      name: { namespace: 'root', name: 'component' },
      docs: {},
      interfaces: new Map(),
      worlds: new Map(),
    });
  }
  const rootId = packages.length - 1;
  const interfaces: Interface[] = drafts.interfaces.map((draft) => ({
    name: draft.name,
    package: draft.packageKey === null ? rootId : (packageIds.get(draft.packageKey) ?? rootId),
    docs: {},
    stability: UNKNOWN,
    types: draft.types,
    functions: draft.functions,
  }));
  const worlds: World[] = drafts.worlds.map((draft, id) => {
    const pkg = draft.packageKey === null ? rootId : (packageIds.get(draft.packageKey) ?? rootId);
    packages[pkg]?.worlds.set(draft.name, id);
    return {
      name: draft.name,
      package: pkg,
      docs: {},
      stability: UNKNOWN,
      imports: draft.imports,
      exports: draft.exports,
      includes: [],
    };
  });
  return { packages, interfaces, worlds, types: drafts.typeDefs };
}
