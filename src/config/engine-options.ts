/**
 * From a loaded configuration to the options of `createEngine`: reads every component binary,
 * checks pinned content digests, and maps the settings. Shared by `obelisk server verify`,
 * `obelisk server run` and `obelisk dev`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ActivityConfig,
  CronConfig as EngineCronConfig,
  EngineOptions,
  StubActivityConfig,
  WebhookEndpointConfig as EngineWebhookConfig,
  WorkflowConfig,
} from '../engine/index.js';
import type {
  ActivityWasmConfig,
  ComponentCommon,
  CronConfig,
  ObeliskConfig,
  OutputForwarding,
  WebhookEndpointConfig,
  WorkflowComponentConfig,
} from './types.js';

/** Reads a component binary (`fs.promises.readFile` fits). */
export type ReadComponentFile = (path: string) => Promise<Uint8Array>;

export interface EngineSetup {
  /** Everything `createEngine` needs except the store (and a logger, if wanted). */
  readonly options: Omit<EngineOptions, 'store'>;
  /** The `[[webhook_endpoint]]` components that could be read (`engine.setWebhookEndpoints`). */
  readonly webhooks: readonly EngineWebhookConfig[];
  /** Components that cannot be loaded, each naming the section, the component and why; they are left out of `options`. */
  readonly problems: readonly string[];
  /** Removes the temporary codegen folder made when `[codegen_cache] enabled = false`; call it after the engine stopped. */
  dispose(): void;
}

/** Component bytes already resolved from registries (see `resolveOciComponents`). */
export interface OciBinaries {
  readonly bytes: ReadonlyMap<string, Uint8Array>;
  readonly problems: ReadonlyMap<string, string>;
}

/**
 * Maps `config` onto engine options, reading every component binary with `readFile`; the
 * `location.oci` components come from `oci` (resolved beforehand).
 */
export async function toEngineOptions(
  config: ObeliskConfig,
  readFile: ReadComponentFile,
  oci: OciBinaries = { bytes: new Map(), problems: new Map() },
): Promise<EngineSetup> {
  const problems: string[] = [];
  const read = (component: ComponentCommon): Promise<Uint8Array | string> => readComponent(component, readFile, oci);
  const [activities, workflows, webhooks] = await Promise.all([
    readAll('activity_wasm', config.activities, read, problems, activityOptions),
    readAll('workflow', config.workflows, read, problems, workflowOptions),
    readAll('webhook_endpoint', config.webhookEndpoints, read, problems, webhookOptions),
  ]);
  const stubs: StubActivityConfig[] = [];
  for (const stub of config.stubs) {
    const missing = missingWit(stub.location.path);
    if (missing === null) {
      stubs.push({ name: stub.name, wit: stub.location.path });
    } else {
      problems.push(`activity_stub ${stub.name}: ${missing}`);
    }
  }
  const temporary = config.codegenCache.enabled ? null : mkdtempSync(join(tmpdir(), 'obelisk-codegen-'));
  return {
    options: {
      activities,
      stubs,
      workflows,
      codegenCacheDir: temporary ?? config.codegenCache.directory,
      maxWorkers: config.wasm.maxWorkers,
      maxWorkflowThreads: config.wasm.maxWorkflowThreads,
      watcher: { tickSleepMs: config.timersWatcher.tickSleepMs, leewayMs: config.timersWatcher.leewayMs },
    },
    webhooks,
    problems,
    dispose: () => {
      if (temporary !== null) {
        rmSync(temporary, { recursive: true, force: true });
      }
    },
  };
}

async function readAll<C extends ComponentCommon, O>(
  section: string,
  components: readonly C[],
  readComponent: (component: C) => Promise<Uint8Array | string>,
  problems: string[],
  map: (component: C, bytes: Uint8Array) => O,
): Promise<O[]> {
  const read = await Promise.all(components.map(readComponent));
  const options: O[] = [];
  read.forEach((result, i) => {
    const component = components[i];
    if (component === undefined) {
      return;
    }
    if (typeof result === 'string') {
      problems.push(`${section} ${component.name}: ${result}`);
    } else {
      options.push(map(component, result));
    }
  });
  return options;
}

/** The binary, or why it cannot be had. */
async function readComponent(
  component: ComponentCommon,
  readFile: ReadComponentFile,
  oci: OciBinaries,
): Promise<Uint8Array | string> {
  let bytes: Uint8Array;
  let what: string;
  if (component.location.kind === 'oci') {
    what = component.location.reference;
    const pulled = oci.bytes.get(component.name);
    if (pulled === undefined) {
      return oci.problems.get(component.name) ?? `location.oci = "${what}": the component was not pulled`;
    }
    bytes = pulled;
  } else {
    what = component.location.path;
    try {
      bytes = await readFile(what);
    } catch (error: unknown) {
      return describeReadError(what, error);
    }
  }
  if (component.contentDigest !== undefined) {
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== component.contentDigest) {
      return `content_digest mismatch: the config pins ${component.contentDigest} but ${what} is ${actual}`;
    }
  }
  return bytes;
}

function describeReadError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return `cannot read ${path}: no such file (build the component, or fix location.path)`;
  }
  if (code === 'EISDIR') {
    return `cannot read ${path}: it is a folder; location.path must name a component .wasm file`;
  }
  return `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`;
}

function missingWit(path: string): string | null {
  try {
    statSync(path);
    return null;
  } catch {
    return `cannot read ${path}: no such file or folder (location.path must name a .wit file, a WIT folder or a binary WIT package .wasm)`;
  }
}

const stores = (mode: OutputForwarding): boolean => mode === 'db' || mode === 'both';
const logs = (mode: OutputForwarding): boolean => mode === 'log' || mode === 'both';

/**
 * What activities and webhook endpoints configure alike: environment, outgoing HTTP and output.
 * The engine decides for stdout and stderr together: output is stored when either stream is
 * configured to be stored, and logged when either is configured to be logged.
 */
function guestOptions(
  guest: Pick<ActivityWasmConfig, 'envVars' | 'allowedHosts' | 'forwardStdout' | 'forwardStderr'>,
): Pick<ActivityConfig, 'envVars' | 'allowedHosts' | 'storeOutput' | 'forwardOutput'> {
  return {
    envVars: guest.envVars,
    allowedHosts: guest.allowedHosts.map((host) => ({ pattern: host.pattern, methods: host.methods })),
    storeOutput: stores(guest.forwardStdout) || stores(guest.forwardStderr),
    forwardOutput: logs(guest.forwardStdout) || logs(guest.forwardStderr),
  };
}

function activityOptions(activity: ActivityWasmConfig, bytes: Uint8Array): ActivityConfig {
  return {
    name: activity.name,
    bytes,
    exec: activity.exec,
    maxRetries: activity.maxRetries,
    retryExpBackoffMs: activity.retryExpBackoffMs,
    maxDurationMs: activity.maxDurationMs,
    ...guestOptions(activity),
  };
}

function webhookOptions(webhook: WebhookEndpointConfig, bytes: Uint8Array): EngineWebhookConfig {
  return {
    name: webhook.name,
    bytes,
    maxDurationMs: webhook.maxDurationMs,
    ...guestOptions(webhook),
  };
}

function workflowOptions(workflow: WorkflowComponentConfig, bytes: Uint8Array): WorkflowConfig {
  return {
    name: workflow.name,
    bytes,
    exec: workflow.exec,
    blockingStrategy: workflow.blockingStrategy,
    awaitTimeoutMs: workflow.awaitTimeoutMs,
    retryExpBackoffMs: workflow.retryExpBackoffMs,
  };
}

/** The `[[cron]]` entries as the engine takes them (`engine.setCrons`). */
export function cronOptions(crons: readonly CronConfig[]): EngineCronConfig[] {
  return crons.map((cron) => ({
    name: cron.name,
    ffqn: cron.ffqn,
    params: cron.params,
    schedule:
      cron.everyMs === null
        ? { kind: 'cron', expression: cron.schedule ?? '', timezone: cron.timezone }
        : { kind: 'every', everyMs: cron.everyMs },
    catchUp: cron.catchUp,
    maxCatchUp: cron.maxCatchUp,
  }));
}
