/**
 * `obelisk generate wit`: what each buildable component's `wit/deps/` must hold, by its kind.
 * Every component gets `obelisk:types`; workflows also get `obelisk:workflow` and `wasi:logging`,
 * webhook endpoints `obelisk:webhook`; both get, for every other activity, stub or workflow of the
 * same `obelisk.toml` (the functions they may call) its WIT package plus the generated
 * `-obelisk-ext` and `-obelisk-schedule`
 * (and, for stubs, `-obelisk-stub`) packages. WASI 0.2 packages the component's own WIT names are
 * added from the copy obelisk ships. A callee with a `build` table is read from its WIT
 * folder; a prebuilt one (`location.path` to a `.wasm`, or `location.oci`) from its binary.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ErrorCode, UserError } from '../cli/errors.js';
import { PACKAGE_ROOT, type BuildConfig, type ObeliskConfig } from '../config/index.js';
import { exportedInterfaces } from '../wit/exports.js';
import { decodedCalleeFiles, packageFolder, readCalleeWit } from './callee-wit.js';
import { wasiFiles } from './wasi-deps.js';
import { generateExtensions } from '../wit/extensions.js';
import type { ComponentType } from '../wit/extension-names.js';
import { loadWit } from '../wit/load.js';
import type { Resolve } from '../wit/model.js';

export { packageFolder };

const HOST_WIT = join(PACKAGE_ROOT, 'wit');
const HOST_PACKAGES = {
  types: 'obelisk_types@1.0.0',
  workflow: 'obelisk_workflow@1.0.0',
  webhook: 'obelisk_webhook@1.0.0',
  logging: 'wasi_logging@0.1.0-draft',
} as const;

/** A component whose WIT obelisk manages: it has a `build` table. */
export interface BuildableComponent {
  readonly name: string;
  readonly kind: 'activity' | 'workflow' | 'webhook';
  readonly build: BuildConfig;
  /** Where the built component goes (`location.path`). */
  readonly output: string;
}

/** A file `generate wit` wants, with its content. */
export interface PlannedFile {
  readonly path: string;
  readonly content: string;
}

/** The components of `config` that have a `build` table: activities, workflows, then webhook endpoints. */
export function buildableComponents(config: ObeliskConfig): BuildableComponent[] {
  const pick =
    (kind: BuildableComponent['kind']) =>
    (
      c:
        | ObeliskConfig['activities'][number]
        | ObeliskConfig['workflows'][number]
        | ObeliskConfig['webhookEndpoints'][number],
    ) =>
      c.build === undefined || c.location.kind !== 'path'
        ? []
        : [{ name: c.name, kind, build: c.build, output: c.location.path }];
  return [
    ...config.activities.flatMap(pick('activity')),
    ...config.workflows.flatMap(pick('workflow')),
    ...config.webhookEndpoints.flatMap(pick('webhook')),
  ];
}

/** True for the components that call functions of others (their WIT needs the callees'). */
export function callsOthers(component: BuildableComponent): boolean {
  return component.kind === 'workflow' || component.kind === 'webhook';
}

/** A callee of a workflow: where its WIT is and what kind of component it is. */
interface Callee {
  readonly name: string;
  readonly type: ComponentType;
  /** A WIT folder or a `.wit` file; `null`: a prebuilt component, read from its binary. */
  readonly wit: string | null;
}

function callees(config: ObeliskConfig, self: string): Callee[] {
  const of =
    (type: ComponentType) =>
    (c: { name: string; build: BuildConfig | undefined }): Callee[] =>
      c.name === self ? [] : [{ name: c.name, type, wit: c.build?.wit ?? null }];
  return [
    ...config.activities.flatMap(of('activity_wasm')),
    ...config.stubs.map((s) => ({ name: s.name, type: 'activity_stub' as const, wit: s.location.path })),
    ...config.workflows.flatMap(of('workflow')),
  ];
}

/**
 * The names of the prebuilt components a workflow or webhook endpoint of `config` may call (their
 * bytes are needed to plan).
 */
export function prebuiltCallees(config: ObeliskConfig): string[] {
  if (!buildableComponents(config).some(callsOthers)) {
    return [];
  }
  return [...config.activities, ...config.workflows].flatMap((c) => (c.build === undefined ? [c.name] : []));
}

/**
 * The `deps/` files of one component (paths absolute). `prebuilt` holds the bytes of the
 * components without a `build` table, by name (see {@link prebuiltCallees}).
 */
export function planWitDeps(
  config: ObeliskConfig,
  component: BuildableComponent,
  prebuilt: ReadonlyMap<string, Uint8Array> = new Map(),
): PlannedFile[] {
  const deps = join(component.build.wit, 'deps');
  const files = new Map<string, string>();
  const folders = new Set<string>();
  const add = (folder: string, file: string, content: string): void => {
    files.set(join(deps, folder, file), content);
    folders.add(folder);
  };
  const host = (folder: string): void => {
    for (const file of witFiles(join(HOST_WIT, folder))) {
      add(folder, basename(file), readFileSync(file, 'utf8'));
    }
  };
  host(HOST_PACKAGES.types);
  for (const file of wasiFiles(component.build.wit)) {
    add(file.folder, file.file, file.content);
  }
  if (component.kind === 'workflow') {
    host(HOST_PACKAGES.workflow);
    host(HOST_PACKAGES.logging);
  }
  if (component.kind === 'webhook') {
    host(HOST_PACKAGES.webhook);
  }
  if (callsOthers(component)) {
    for (const callee of callees(config, component.name)) {
      if (callee.wit !== null) {
        addCallee(callee, callee.wit, add);
        continue;
      }
      const bytes = prebuilt.get(callee.name);
      if (bytes === undefined) {
        throw new UserError(ErrorCode.notFound, `cannot read the WIT of ${callee.name}: its component is missing`, {
          hint: 'build or fetch it first (check its location in obelisk.toml), then run `obelisk generate wit` again',
        });
      }
      for (const file of decodedCalleeFiles(callee.name, bytes, callee.type)) {
        // A package a callee only uses (wasi:io, obelisk:types, ...) is written once, by whoever comes first.
        if (!file.shared || !folders.has(file.folder)) {
          add(file.folder, file.file, file.content);
        }
      }
    }
  }
  return [...files].map(([path, content]) => ({ path, content }));
}

function addCallee(callee: Callee, wit: string, add: (folder: string, file: string, content: string) => void): void {
  const resolve = loadCalleeWit(callee.name, wit);
  const root = resolve.packages[resolve.packages.length - 1];
  if (root === undefined) {
    return;
  }
  const isDir = statSync(wit).isDirectory();
  const rootFiles = isDir ? witFiles(wit) : [wit];
  for (const file of rootFiles) {
    add(packageFolder(root.name), basename(file), readFileSync(file, 'utf8'));
  }
  const calleeDeps = join(wit, 'deps');
  if (isDir && existsSync(calleeDeps)) {
    for (const entry of readdirSync(calleeDeps).sort()) {
      const path = join(calleeDeps, entry);
      if (!statSync(path).isDirectory() && !entry.endsWith('.wit')) {
        continue; // a binary WIT package (`.wasm`) is not copied
      }
      for (const file of statSync(path).isDirectory() ? witFiles(path) : [path]) {
        add(entry.endsWith('.wit') ? entry.slice(0, -4) : entry, basename(file), readFileSync(file, 'utf8'));
      }
    }
  }
  const generated = generateExtensions(resolve, callee.type, exportedInterfaces(resolve));
  for (const pkg of generated.packages) {
    const name = generated.resolve.packages[pkg.packageId]?.name;
    if (name !== undefined) {
      add(packageFolder(name), `${name.name}.wit`, pkg.wit);
    }
  }
}

function loadCalleeWit(name: string, wit: string): Resolve {
  return readCalleeWit(`${name} (${wit})`, 'fix that WIT, then run `obelisk generate wit` again', () => loadWit(wit));
}

function witFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((entry) => entry.endsWith('.wit'))
    .sort()
    .map((entry) => join(dir, entry));
}
