/**
 * Writing, or checking, what `obelisk generate wit` generates for a project. What it wrote is
 * listed in a manifest (`wit/deps/.obelisk-generated`), so a later run deletes the files it wrote
 * that are no longer needed (a callee removed from `obelisk.toml`), and never a file it did not write.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ObeliskConfig } from '../config/index.js';
import { planGuestTypes } from './guest-types.js';
import { prebuiltBytes } from './prebuilt.js';
import {
  buildableComponents,
  callsOthers,
  planWitDeps,
  type BuildableComponent,
  type PlannedFile,
} from './wit-deps.js';

/** What happened (or, with `check`, would happen) to one generated file. */
export interface WitChange {
  readonly path: string;
  readonly change: 'created' | 'updated' | 'deleted';
  readonly component: string;
}

export interface GenerateWitOptions {
  /** Only this component (by name). */
  readonly component?: string | undefined;
  /** Write nothing; report what would change. */
  readonly check?: boolean;
  /** The config file, for `obelisk.lock` when a callee has `location.oci`. */
  readonly configFile?: string | null | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
}

interface ComponentPlan {
  readonly component: BuildableComponent;
  readonly files: PlannedFile[];
}

const MANIFEST = '.obelisk-generated';
const MANIFEST_HEADER =
  '# Files `obelisk generate wit` wrote (paths relative to the component folder); it deletes them when unneeded.';

/** Every file of every buildable component (or of one), as it should be. */
export async function planProjectWit(
  config: ObeliskConfig,
  components: readonly BuildableComponent[],
  options: GenerateWitOptions = {},
): Promise<ComponentPlan[]> {
  const prebuilt = components.some(callsOthers)
    ? await prebuiltBytes(config, options.configFile ?? null, options.env ?? process.env)
    : new Map<string, Uint8Array>();
  const plans = [];
  for (const component of components) {
    const deps = planWitDeps(config, component, prebuilt);
    const types = component.build.language === 'ts' ? await planGuestTypes(component, deps) : [];
    plans.push({ component, files: [...deps, ...types] });
  }
  return plans;
}

/** Generates (or checks) `wit/deps/` and the TypeScript types; returns the files that changed. */
export async function generateWit(config: ObeliskConfig, options: GenerateWitOptions = {}): Promise<WitChange[]> {
  const components = buildableComponents(config).filter(
    (c) => options.component === undefined || c.name === options.component,
  );
  const check = options.check === true;
  if (check) {
    return (await planProjectWit(config, components, options)).flatMap((plan) => applyPlan(plan, true));
  }
  // One after another (activities, workflows, then webhook endpoints): a webhook endpoint's plan
  // reads the WIT of the workflows it calls, which needs their deps written first.
  const changes: WitChange[] = [];
  for (const component of components) {
    for (const plan of await planProjectWit(config, [component], options)) {
      changes.push(...applyPlan(plan, false));
    }
  }
  return changes;
}

function applyPlan(plan: ComponentPlan, check: boolean): WitChange[] {
  const { component, files } = plan;
  const changes: WitChange[] = [];
  for (const file of files) {
    const current = existsSync(file.path) ? readFileSync(file.path, 'utf8') : null;
    if (current === file.content) {
      continue;
    }
    changes.push({ path: file.path, change: current === null ? 'created' : 'updated', component: component.name });
    if (!check) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(`${file.path}.tmp`, file.content);
      renameSync(`${file.path}.tmp`, file.path);
    }
  }
  const base = dirname(resolve(component.build.wit));
  const manifest = join(component.build.wit, 'deps', MANIFEST);
  const wanted = new Set(files.map((f) => resolve(f.path)));
  for (const path of readManifest(manifest, base)) {
    if (!wanted.has(path) && existsSync(path)) {
      changes.push({ path, change: 'deleted', component: component.name });
      if (!check) {
        rmSync(path, { force: true });
        removeEmptyParents(dirname(path), base);
      }
    }
  }
  if (!check) {
    writeManifest(manifest, base, [...wanted]);
  }
  return changes;
}

function readManifest(manifest: string, base: string): string[] {
  if (!existsSync(manifest)) {
    return [];
  }
  return readFileSync(manifest, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => resolve(base, line))
    .filter((path) => !relative(base, path).startsWith('..')); // only ever inside the component folder
}

function writeManifest(manifest: string, base: string, paths: readonly string[]): void {
  const content = [MANIFEST_HEADER, ...paths.map((p) => relative(base, p)).sort(), ''].join('\n');
  if (existsSync(manifest) && readFileSync(manifest, 'utf8') === content) {
    return;
  }
  mkdirSync(dirname(manifest), { recursive: true });
  writeFileSync(manifest, content);
}

/** Removes `dir` and its parents while they are empty, stopping at `stop`. */
function removeEmptyParents(dir: string, stop: string): void {
  let current = dir;
  while (current.startsWith(`${stop}/`) && readdirSync(current).length === 0) {
    rmdirSync(current);
    current = dirname(current);
  }
}
