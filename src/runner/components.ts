/** Where a service gets its components from: an `obelisk.toml` (re-read on each reload), or a bundled example. */
import { cronOptions, loadConfig, resolveOciComponents, toEngineOptions, type ObeliskConfig } from '../config/index.js';
import type { ComponentsSpec, CronConfig, WebhookEndpointConfig } from '../engine/index.js';
import type { Example } from './example.js';
import { readComponentFile } from './host.js';
import type { HttpServerSpec, WebhookRouteSpec } from './webhook-servers.js';

export interface LoadedComponents {
  readonly spec: ComponentsSpec;
  readonly problems: readonly string[];
  /** Notes worth logging (e.g. an `obelisk.lock` written). */
  readonly notes?: readonly string[] | undefined;
  /** `[[cron]]` entries (checked by the engine once the components are loaded). */
  readonly crons?: readonly CronConfig[] | undefined;
  /** `[[webhook_endpoint]]` components that could be read. */
  readonly webhooks?: readonly WebhookEndpointConfig[] | undefined;
  /** `[[http_server]]`s and the routes of every endpoint. */
  readonly httpServers?: readonly HttpServerSpec[] | undefined;
  readonly webhookRoutes?: readonly WebhookRouteSpec[] | undefined;
}

export interface ComponentSource {
  /** The components, the cron entries, the problems of those left out, and notes worth logging. */
  load(): Promise<LoadedComponents>;
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
      return {
        spec: { activities, stubs, workflows },
        problems: setup.problems,
        notes,
        crons: cronOptions(config.crons),
        webhooks: setup.webhooks,
        httpServers: config.httpServers,
        webhookRoutes: config.webhookEndpoints,
      };
    },
    files() {
      const paths = [...config.activities, ...config.workflows, ...config.webhookEndpoints].flatMap((c) =>
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
