/**
 * `obelisk build`: builds the components of a project that have a `build` table, one after another
 * (each takes seconds and ~0.8 GB), with the ComponentizeJS obelisk ships. A component whose inputs
 * are unchanged since its last build is skipped; a build whose inputs were built before (in any
 * project) is copied from the build cache.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ErrorCode, UserError } from '../../cli/errors.js';
import type { ObeliskConfig } from '../../config/index.js';
import { generateWit, type WitChange } from '../generate-wit.js';
import { openFilesystem } from '../preopens.js';
import { buildableComponents, type BuildableComponent } from '../wit-deps.js';
import { compileSource } from './compile.js';
import { disabledFeatures, inputHash } from './hash.js';

/** How one component's build went. */
export interface BuildOutcome {
  readonly component: string;
  /** `up-to-date`: nothing to do; `cached`: copied from the build cache; `built`: ComponentizeJS ran. */
  readonly status: 'up-to-date' | 'cached' | 'built';
  readonly output: string;
  readonly ms: number;
  readonly bytes: number;
}

export type BuildEvent =
  | { readonly kind: 'wit'; readonly changes: readonly WitChange[] }
  /** ComponentizeJS is about to run (not sent for components that are up to date or cached). */
  | { readonly kind: 'start'; readonly component: BuildableComponent; readonly index: number; readonly total: number }
  | { readonly kind: 'done'; readonly outcome: BuildOutcome };

export interface BuildOptions {
  readonly config: ObeliskConfig;
  /** The project folder (the config file's): compiled TypeScript goes to `.obelisk/build/` in it. */
  readonly projectDir: string;
  /** Where built components are kept by input hash. */
  readonly cacheDir: string;
  /** Only these components (all buildable ones when empty). */
  readonly names?: readonly string[];
  /** Rebuild even when up to date. */
  readonly force?: boolean;
  /** Relative paths in messages are relative to this folder. */
  readonly cwd: string;
  /** The config file (for `obelisk.lock` when a callee has `location.oci`). */
  readonly configFile?: string | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly onEvent?: (event: BuildEvent) => void;
}

/** Regenerates `wit/deps` and the types, then builds the selected components. */
export async function buildProject(options: BuildOptions): Promise<BuildOutcome[]> {
  const components = selectComponents(options.config, options.names ?? []);
  const changes = await generateWit(options.config, { configFile: options.configFile, env: options.env });
  options.onEvent?.({ kind: 'wit', changes });
  const outcomes: BuildOutcome[] = [];
  for (const [index, component] of components.entries()) {
    const started = (): void => options.onEvent?.({ kind: 'start', component, index, total: components.length });
    const outcome = await buildOne(component, options, started);
    options.onEvent?.({ kind: 'done', outcome });
    outcomes.push(outcome);
  }
  return outcomes;
}

function selectComponents(config: ObeliskConfig, names: readonly string[]): BuildableComponent[] {
  const all = buildableComponents(config);
  for (const name of names) {
    if (!all.some((c) => c.name === name)) {
      throw new UserError(ErrorCode.notFound, `there is no component named ${name} with a build table`, {
        hint:
          all.length === 0
            ? 'add build = { ts = "...", wit = "wit", world = "..." } to a component in obelisk.toml'
            : `buildable components: ${all.map((c) => c.name).join(', ')}`,
      });
    }
  }
  return names.length === 0 ? all : all.filter((c) => names.includes(c.name));
}

async function buildOne(
  component: BuildableComponent,
  options: BuildOptions,
  onStart: () => void,
): Promise<BuildOutcome> {
  const started = Date.now();
  const hash = inputHash(component);
  const stamp = `${component.output}.sha256`;
  const outcome = (status: BuildOutcome['status']): BuildOutcome => ({
    component: component.name,
    status,
    output: component.output,
    ms: Date.now() - started,
    bytes: readFileSync(component.output).length,
  });
  if (
    options.force !== true &&
    existsSync(component.output) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === hash
  ) {
    return outcome('up-to-date');
  }
  const cached = join(options.cacheDir, `${hash}.wasm`);
  if (options.force !== true && existsSync(cached)) {
    mkdirSync(dirname(component.output), { recursive: true });
    copyFileSync(cached, `${component.output}.tmp`);
    renameSync(`${component.output}.tmp`, component.output);
    writeFileSync(stamp, `${hash}\n`);
    return outcome('cached');
  }
  onStart();
  const module = await compileSource(component, join(options.projectDir, '.obelisk', 'build'), options.cwd);
  const bytes = await componentize(component, module);
  writeAtomically(component.output, bytes);
  writeFileSync(stamp, `${hash}\n`);
  try {
    mkdirSync(options.cacheDir, { recursive: true });
    writeAtomically(cached, bytes);
  } catch {
    // the cache is an optimisation: a read-only cache folder does not fail the build
  }
  return outcome('built');
}

async function componentize(component: BuildableComponent, module: string): Promise<Uint8Array> {
  await openFilesystem();
  const { componentize: run } = await import('@bytecodealliance/componentize-js');
  try {
    const { component: bytes } = await run({
      sourcePath: module,
      witPath: component.build.wit,
      worldName: component.build.world,
      disableFeatures: [...disabledFeatures(component)],
    });
    return bytes;
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError(ErrorCode.failed, `${component.name}: ComponentizeJS failed: ${message.trim()}`, {
      cause: error,
      hint: 'check that the module exports every function of the world, named in camelCase (a WIT `my-func` is `myFunc`)',
    });
  }
}

function writeAtomically(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}
