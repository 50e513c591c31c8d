/**
 * Verifying a configuration without running anything: load it, read every component, and
 * build the engine's view of them (transpile, decode, link every workflow import) against an
 * in-memory store. Every problem is collected: config problems, unsupported sections,
 * unreadable components, and what the engine reports per component (for webhook endpoints:
 * the `wasi:http/incoming-handler` export and imports the endpoint is not given).
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../cli/errors.js';
import { inspectFunction } from '../wit/inspect.js';
import { checkDatabasePath, DATABASE_KEY } from './database-path.js';
import { cronOptions, toEngineOptions, type OciBinaries } from './engine-options.js';
import { ConfigError, formatProblem } from './errors.js';
import { loadConfig, type LoadConfigOptions } from './load.js';
import { resolveOciComponents } from './oci-components.js';
import type { ObeliskConfig } from './types.js';
import { unsupportedFeatures } from './unsupported.js';

export interface VerifiedFunction {
  /** `ns:pkg/ifc@version.fn`. */
  readonly ffqn: string;
  readonly params: readonly { readonly name: string; readonly type: string }[];
  /** WIT text of the return type; `null` when there is none. */
  readonly result: string | null;
}

export interface VerifiedComponent {
  readonly name: string;
  readonly kind: 'activity_wasm' | 'activity_stub' | 'workflow' | 'webhook_endpoint';
  /** `sha256:<hex>` of the binary (of the printed WIT for stubs). */
  readonly digest: string;
  readonly functions: readonly VerifiedFunction[];
}

export interface VerifyReport {
  readonly ok: boolean;
  /** The config file read; `null` when none was found (defaults only). */
  readonly file: string | null;
  /** The components that loaded, in config order. */
  readonly components: readonly VerifiedComponent[];
  /** Everything wrong, config problems first. */
  readonly problems: readonly string[];
}

/** Loads and verifies a configuration; never throws for problems the user can fix (see `problems`). */
export async function verifyConfig(options: LoadConfigOptions): Promise<VerifyReport> {
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(options);
  } catch (error: unknown) {
    if (error instanceof ConfigError) {
      return { ok: false, file: null, components: [], problems: error.problems.map(formatProblem) };
    }
    throw error;
  }
  const problems = unsupportedFeatures(loaded.config);
  if (loaded.config.database.postgres === null) {
    const database = checkDatabasePath(loaded.config.database.sqlite.file, DATABASE_KEY);
    if (database !== null) {
      problems.push(`${DATABASE_KEY}: ${database.message}; ${database.hint}`);
    }
  }
  const oci = await resolveForVerify(loaded.config, loaded.file, options.env, problems);
  const components = await loadComponents(loaded.config, problems, oci);
  return { ok: problems.length === 0, file: loaded.file, components, problems };
}

/** The `location.oci` components, as `server run` would get them (the lock is read, not written). */
async function resolveForVerify(
  config: ObeliskConfig,
  file: string | null,
  env: NodeJS.ProcessEnv,
  problems: string[],
): Promise<OciBinaries> {
  try {
    return await resolveOciComponents(config, {
      configFile: file,
      env,
      mode: 'auto',
      write: false,
      cacheDirectory: config.wasm.cacheDirectory,
    });
  } catch (error: unknown) {
    if (error instanceof UserError) {
      problems.push(error.message);
      return { bytes: new Map(), problems: new Map() };
    }
    throw error;
  }
}

const SECTION_OF_KIND = {
  activity_wasm: 'activity_wasm',
  activity_stub: 'activity_stub',
  workflow: 'workflow',
} as const;

async function loadComponents(
  config: ObeliskConfig,
  problems: string[],
  oci: OciBinaries,
): Promise<VerifiedComponent[]> {
  const setup = await toEngineOptions(config, readFile, oci);
  problems.push(...setup.problems);
  const { createEngine, openLibsqlStore, ComponentLoadError, contentDigest } = await import('../engine/index.js');
  const sections = new Map<string, string>([
    ...config.activities.map((c) => [c.name, 'activity_wasm'] as const),
    ...config.stubs.map((c) => [c.name, 'activity_stub'] as const),
    ...config.workflows.map((c) => [c.name, 'workflow'] as const),
    ...config.webhookEndpoints.map((c) => [c.name, 'webhook_endpoint'] as const),
  ]);
  const order = [...sections.keys()];
  const store = await openLibsqlStore({ path: ':memory:' });
  try {
    const { activities, stubs, workflows, ...rest } = setup.options;
    const engine = await createEngine({ ...rest, store });
    try {
      const report = await engine.reload({ activities, stubs, workflows });
      for (const { name, error } of report.failed) {
        const details = error instanceof ComponentLoadError ? error.problems : [error.message];
        problems.push(...details.map((detail) => `${sections.get(name) ?? 'component'} ${name}: ${detail}`));
      }
      const webhooks = await engine.setWebhookEndpoints(setup.webhooks);
      for (const { name, error } of webhooks.failed) {
        const details = error instanceof ComponentLoadError ? error.problems : [error.message];
        problems.push(...details.map((detail) => `webhook_endpoint ${name}: ${detail}`));
      }
      for (const { name, error } of engine.setCrons(cronOptions(config.crons))) {
        problems.push(`cron ${name}: ${error.message}`);
      }
      // An endpoint exports the HTTP handler only: it has no functions to list.
      const endpoints = setup.webhooks
        .filter((endpoint) => webhooks.loaded.includes(endpoint.name))
        .map((endpoint) => ({
          name: endpoint.name,
          kind: 'webhook_endpoint' as const,
          digest: contentDigest(endpoint.bytes),
          functions: [],
        }));
      return [
        ...engine.components().map((component) => ({
          name: component.name,
          kind: SECTION_OF_KIND[component.kind],
          digest: component.digest,
          functions: [...component.exports.values()].map((fn) => {
            const { params, result } = inspectFunction(component.resolve, fn.func);
            return { ffqn: fn.ffqn, params, result };
          }),
        })),
        ...endpoints,
      ].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    } finally {
      await engine.stop(0);
    }
  } finally {
    await store.close();
    setup.dispose();
  }
}
