/**
 * The loaded configuration: validated, defaults applied, durations in milliseconds, paths
 * absolute, env vars resolved, keys in camelCase. `docs/configuration.md` describes each key.
 */
import type { BuildConfig } from './build.js';
import type { AllowedHostConfig, ComponentLocation } from './component-leaves.js';

export type { BuildConfig, BuildLanguage } from './build.js';

export type { AllowedHostConfig, ComponentLocation } from './component-leaves.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where guest output goes: nowhere, the server log, the database (execution logs), or both. */
export const OUTPUT_FORWARDING = ['none', 'log', 'db', 'both'] as const;
export type OutputForwarding = (typeof OUTPUT_FORWARDING)[number];

/** `[api]`: the HTTP API. */
export interface ApiConfig {
  /** `host:port` (default `127.0.0.1:5005`). */
  readonly listeningAddr: string;
  /** Bearer token clients must present; `undefined`: no authentication. */
  readonly token: string | undefined;
  /** Allow listening on a non-loopback address without a token (default false). */
  readonly allowUnauthenticatedNonLoopback: boolean;
}

/** `[database.sqlite]` (alias `[database.libsql]`). */
export interface SqliteConfig {
  /** Absolute path of the database file (default `<data dir>/obelisk.sqlite`). */
  readonly file: string;
  readonly synchronous: 'full' | 'normal';
}

/** `[database.postgres]`: a PostgreSQL database shared by any number of obelisk processes. */
export interface PostgresConfig {
  /** `postgres://user:password@host:port/database`; when set, the keys below are not used. */
  readonly url: string | undefined;
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly user: string | undefined;
  /** Never printed in logs or errors. */
  readonly password: string | undefined;
  readonly database: string | undefined;
  /** Connections per process (default 10). */
  readonly poolSize: number;
  /** The schema holding obelisk's tables, created if missing (default `obelisk`). */
  readonly schema: string;
}

export interface DatabaseConfig {
  /** The libSQL file; used unless `postgres` is set. */
  readonly sqlite: SqliteConfig;
  /** Set: the database is PostgreSQL. */
  readonly postgres: PostgresConfig | null;
}

/** `[wasm]`. */
export interface WasmConfig {
  /** Absolute folder for components pulled from registries, by digest (default `<cache dir>/oci`). */
  readonly cacheDirectory: string;
  /** Worker threads for activity attempts (default: the CPU count). */
  readonly maxWorkers: number;
  /** Worker threads for workflows, i.e. how many can be loaded at once (default: 2 x the CPU count). */
  readonly maxWorkflowThreads: number;
}

/** `[codegen_cache]`: transpiled components, by content digest. */
export interface CodegenCacheConfig {
  readonly enabled: boolean;
  /** Absolute folder (default `<cache dir>/codegen`). */
  readonly directory: string;
}

/** `[timers_watcher]`: expires locks and fires delays. */
export interface TimersWatcherConfig {
  readonly tickSleepMs: number;
  readonly leewayMs: number;
}

/** `exec` of an activity or workflow. */
export interface ExecSettings {
  readonly batchSize: number;
  readonly lockExpiryMs: number;
  readonly tickSleepMs: number;
  /** Serve this queue instead of the component's functions. */
  readonly queue: string | undefined;
}

/** The keys every loadable component has. */
export interface ComponentCommon {
  readonly name: string;
  readonly location: ComponentLocation;
  /** Expected `sha256:<hex>` of the binary; loading fails when it differs. */
  readonly contentDigest: string | undefined;
}

/** `[[activity_wasm]]`. */
export interface ActivityWasmConfig extends ComponentCommon {
  /** How `obelisk build` makes the component from JavaScript or TypeScript; `undefined`: it is prebuilt. */
  readonly build: BuildConfig | undefined;
  readonly exec: ExecSettings;
  readonly maxRetries: number;
  readonly retryExpBackoffMs: number;
  readonly maxDurationMs: number;
  /** Resolved values (`"NAME"` entries copied from the host env at load time). */
  readonly envVars: Readonly<Record<string, string>>;
  readonly allowedHosts: readonly AllowedHostConfig[];
  readonly forwardStdout: OutputForwarding;
  readonly forwardStderr: OutputForwarding;
}

/** `[[activity_stub]]`: WIT only. */
export interface ActivityStubConfig {
  readonly name: string;
  /** A `.wit` file or a WIT folder (absolute). */
  readonly location: { readonly kind: 'path'; readonly path: string };
}

/** `[[workflow]]`. */
export interface WorkflowComponentConfig extends ComponentCommon {
  /** How `obelisk build` makes the component from JavaScript or TypeScript; `undefined`: it is prebuilt. */
  readonly build: BuildConfig | undefined;
  readonly exec: ExecSettings;
  readonly retryExpBackoffMs: number;
  readonly blockingStrategy: 'await' | 'interrupt';
  readonly awaitTimeoutMs: number;
}

/** `[[webhook_endpoint]]` (parsed and validated; not run yet). */
export interface WebhookEndpointConfig extends ComponentCommon {
  /** Name of the `[[http_server]]` it is served by. */
  readonly httpServer: string;
  readonly routes: readonly string[];
  readonly envVars: Readonly<Record<string, string>>;
  readonly allowedHosts: readonly AllowedHostConfig[];
  readonly forwardStdout: OutputForwarding;
  readonly forwardStderr: OutputForwarding;
}

/** `[[http_server]]` (parsed and validated; not run yet). */
export interface HttpServerConfig {
  readonly name: string;
  readonly listeningAddr: string;
  readonly maxInflightRequests: number | undefined;
}

/** `[[cron]]`: a function started on a schedule. */
export interface CronConfig {
  readonly name: string;
  readonly ffqn: string;
  /** A JSON array (checked against the function's signature when the engine loads it). */
  readonly params: readonly unknown[];
  /** A cron expression (5 or 6 fields, or a macro such as `@hourly`); `null` when `every` is set. */
  readonly schedule: string | null;
  /** A fixed interval in ms; `null` when `schedule` is set. */
  readonly everyMs: number | null;
  /** IANA time zone of `schedule` (default `UTC`). */
  readonly timezone: string;
  readonly catchUp: 'none' | 'latest' | 'all';
  readonly maxCatchUp: number;
}

/** `[retention]`: finished executions deleted once old enough. */
export interface RetentionConfig {
  /** Age (ms) after which finished top-level executions go, with everything they own. */
  readonly finishedOlderThanMs: number;
  /** Per outcome of the top-level execution; `undefined`: {@link finishedOlderThanMs}. */
  readonly okOlderThanMs: number | undefined;
  readonly errOlderThanMs: number | undefined;
  readonly failureOlderThanMs: number | undefined;
  /** How often the sweep runs (ms). */
  readonly intervalMs: number;
  /** Executions deleted per transaction. */
  readonly batchSize: number;
}

/** `[otlp]` (parsed and validated; not supported yet). */
export interface OtlpConfig {
  readonly enabled: boolean;
  readonly endpoint: string;
  readonly serviceName: string;
  readonly level: string;
}

/** `[log]`: the server's own log. */
export interface LogConfig {
  readonly level: LogLevel;
  readonly format: 'plain' | 'json';
}

/** A whole `obelisk.toml`. */
export interface ObeliskConfig {
  readonly api: ApiConfig;
  readonly database: DatabaseConfig;
  readonly wasm: WasmConfig;
  readonly codegenCache: CodegenCacheConfig;
  readonly timersWatcher: TimersWatcherConfig;
  /** `[[activity_wasm]]`. */
  readonly activities: readonly ActivityWasmConfig[];
  /** `[[activity_stub]]`. */
  readonly stubs: readonly ActivityStubConfig[];
  /** `[[workflow]]`. */
  readonly workflows: readonly WorkflowComponentConfig[];
  /** `[[webhook_endpoint]]`. */
  readonly webhookEndpoints: readonly WebhookEndpointConfig[];
  /** `[[http_server]]`. */
  readonly httpServers: readonly HttpServerConfig[];
  /** `[[cron]]`. */
  readonly crons: readonly CronConfig[];
  /** `[retention]`; `null` when the section is absent (nothing is ever deleted). */
  readonly retention: RetentionConfig | null;
  /** `[otlp]`; `null` when the section is absent. */
  readonly otlp: OtlpConfig | null;
  readonly log: LogConfig;
}
