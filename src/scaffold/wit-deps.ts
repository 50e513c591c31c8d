/**
 * `obelisk generate wit`: what each buildable component's `wit/deps/` must hold, by its kind.
 * Every component gets `obelisk:types`; workflows also get `obelisk:workflow` and `wasi:logging`,
 * and for every other activity, stub or workflow of the same `obelisk.toml` (the functions a
 * workflow may call) its WIT package plus the generated `-obelisk-ext` and `-obelisk-schedule`
 * (and, for stubs, `-obelisk-stub`) packages. Files are only ever added or updated, never
 * deleted, so WIT a user put in `deps/` stays.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ErrorCode, UserError } from '../cli/errors.js';
import { PACKAGE_ROOT, type BuildConfig, type ObeliskConfig } from '../config/index.js';
import { exportedInterfaces } from '../wit/exports.js';
import { generateExtensions } from '../wit/extensions.js';
import type { ComponentType } from '../wit/extension-names.js';
import { loadWit } from '../wit/load.js';
import type { PackageName, Resolve } from '../wit/model.js';

const HOST_WIT = join(PACKAGE_ROOT, 'wit');
const HOST_PACKAGES = {
  types: 'obelisk_types@1.0.0',
  workflow: 'obelisk_workflow@1.0.0',
  logging: 'wasi_logging@0.1.0-draft',
} as const;

/** A component whose WIT obelisk manages: it has a `build` table. */
export interface BuildableComponent {
  readonly name: string;
  readonly kind: 'activity' | 'workflow';
  readonly build: BuildConfig;
  /** Where the built component goes (`location.path`). */
  readonly output: string;
}

/** A file `generate wit` wants, with its content. */
export interface PlannedFile {
  readonly path: string;
  readonly content: string;
}

/** The components of `config` that have a `build` table, activities first. */
export function buildableComponents(config: ObeliskConfig): BuildableComponent[] {
  const pick =
    (kind: BuildableComponent['kind']) =>
    (c: ObeliskConfig['activities'][number] | ObeliskConfig['workflows'][number]) =>
      c.build === undefined || c.location.kind !== 'path'
        ? []
        : [{ name: c.name, kind, build: c.build, output: c.location.path }];
  return [...config.activities.flatMap(pick('activity')), ...config.workflows.flatMap(pick('workflow'))];
}

/** A callee of a workflow: where its WIT is and what kind of component it is. */
interface Callee {
  readonly name: string;
  readonly type: ComponentType;
  /** A WIT folder or a `.wit` file. */
  readonly wit: string;
}

function callees(config: ObeliskConfig, self: string): Callee[] {
  const built =
    (type: ComponentType) =>
    (c: { name: string; build: BuildConfig | undefined }): Callee[] =>
      c.build === undefined || c.name === self ? [] : [{ name: c.name, type, wit: c.build.wit }];
  return [
    ...config.activities.flatMap(built('activity_wasm')),
    ...config.stubs.map((s) => ({ name: s.name, type: 'activity_stub' as const, wit: s.location.path })),
    ...config.workflows.flatMap(built('workflow')),
  ];
}

/** The `deps/` files of one component (paths absolute). */
export function planWitDeps(config: ObeliskConfig, component: BuildableComponent): PlannedFile[] {
  const deps = join(component.build.wit, 'deps');
  const files = new Map<string, string>();
  const add = (folder: string, file: string, content: string): void => {
    files.set(join(deps, folder, file), content);
  };
  const host = (folder: string): void => {
    for (const file of witFiles(join(HOST_WIT, folder))) {
      add(folder, basename(file), readFileSync(file, 'utf8'));
    }
  };
  host(HOST_PACKAGES.types);
  if (component.kind === 'workflow') {
    host(HOST_PACKAGES.workflow);
    host(HOST_PACKAGES.logging);
    for (const callee of callees(config, component.name)) {
      addCallee(callee, add);
    }
  }
  return [...files].map(([path, content]) => ({ path, content }));
}

function addCallee(callee: Callee, add: (folder: string, file: string, content: string) => void): void {
  const resolve = loadCalleeWit(callee);
  const root = resolve.packages[resolve.packages.length - 1];
  if (root === undefined) {
    return;
  }
  const isDir = statSync(callee.wit).isDirectory();
  const rootFiles = isDir ? witFiles(callee.wit) : [callee.wit];
  for (const file of rootFiles) {
    add(packageFolder(root.name), basename(file), readFileSync(file, 'utf8'));
  }
  const calleeDeps = join(callee.wit, 'deps');
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

function loadCalleeWit(callee: Callee): Resolve {
  try {
    return loadWit(callee.wit);
  } catch (error: unknown) {
    throw new UserError(
      ErrorCode.invalidInput,
      `cannot read the WIT of ${callee.name} (${callee.wit}): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, hint: `fix that WIT, then run \`obelisk generate wit\` again` },
    );
  }
}

/** `ns_name@version`: a deps folder name (no `:` in file names). */
export function packageFolder(name: PackageName): string {
  const base = `${name.namespace}_${name.name}`;
  return name.version === undefined ? base : `${base}@${name.version}`;
}

function witFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((entry) => entry.endsWith('.wit'))
    .sort()
    .map((entry) => join(dir, entry));
}
