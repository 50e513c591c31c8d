/** Where a service gets its components from: an `obelisk.toml` (re-read on each reload), or a bundled example. */
import { loadConfig, resolveOciComponents, toEngineOptions, type ObeliskConfig } from '../config/index.js';
import type { ComponentsSpec } from '../engine/index.js';
import type { Example } from './example.js';
import { readComponentFile } from './host.js';

export interface ComponentSource {
  /** The components, the problems of those left out, and notes worth logging. */
  load(): Promise<{ spec: ComponentsSpec; problems: readonly string[]; notes?: readonly string[] }>;
  /** Files whose change should trigger a reload. */
  files(): readonly string[];
}

/**
 * Components of the config file `file`: it is read again on each load, so edits to it apply too.
 * `location.oci` components are pulled through `obelisk.lock` (written when it changes, unless
 * `locked`: then it must match, see `resolveOciComponents`).
 */
export function configSource(
  file: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  initial: ObeliskConfig,
  locked = false,
): ComponentSource {
  let config = initial;
  return {
    async load() {
      config = loadConfig({ file, cwd, env }).config;
      const oci = await resolveOciComponents(config, {
        configFile: file,
        env,
        mode: locked ? 'locked' : 'auto',
        write: !locked,
        cacheDirectory: config.wasm.cacheDirectory,
      });
      const setup = await toEngineOptions(config, readComponentFile, oci);
      const { activities, stubs, workflows } = setup.options;
      const notes = [...oci.notes, ...(oci.written && oci.lockFile !== null ? [`wrote ${oci.lockFile}`] : [])];
      return { spec: { activities, stubs, workflows }, problems: setup.problems, notes };
    },
    files() {
      const paths = [...config.activities, ...config.workflows].flatMap((c) =>
        c.location.kind === 'path' ? [c.location.path] : [],
      );
      return [file, ...paths, ...config.stubs.map((s) => s.location.path)];
    },
  };
}

export function exampleSource(example: Example): ComponentSource {
  return {
    load: () => Promise.resolve({ spec: example.spec, problems: [] }),
    files: () => example.files,
  };
}
