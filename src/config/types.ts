/**
 * The loaded configuration: validated, defaults applied, durations in milliseconds, paths
 * absolute, env vars resolved, keys in camelCase. `docs/configuration.md` describes each key.
 *
 * Each shape is written once, in its zod schema (`schema.ts`, `components.ts`); the types here
 * are derived from the schemas' output and made read-only all the way down.
 */
import type * as z from 'zod';
import type { configSchema, LOG_LEVELS } from './schema.js';
import type { OUTPUT_FORWARDING } from './components.js';

export { LOG_LEVELS } from './schema.js';
export { OUTPUT_FORWARDING } from './components.js';

export type { BuildConfig, BuildLanguage } from './build.js';

export type { AllowedHostConfig, ComponentLocation } from './component-leaves.js';

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where guest output goes: nowhere, the server log, the database (execution logs), or both. */
export type OutputForwarding = (typeof OUTPUT_FORWARDING)[number];

/** `T` with every property and array read-only, at every depth (the loaded configuration is never changed). */
type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A whole `obelisk.toml`. */
export type ObeliskConfig = DeepReadonly<z.output<ReturnType<typeof configSchema>>>;

/** `[api]`: the HTTP API. */
export type ApiConfig = ObeliskConfig['api'];
export type DatabaseConfig = ObeliskConfig['database'];
/** `[database.sqlite]` (alias `[database.libsql]`). */
export type SqliteConfig = DatabaseConfig['sqlite'];
/** `[database.postgres]`: a PostgreSQL database shared by any number of obelisk processes. */
export type PostgresConfig = NonNullable<DatabaseConfig['postgres']>;
/** `[wasm]`. */
export type WasmConfig = ObeliskConfig['wasm'];
/** `[codegen_cache]`: transpiled components, by content digest. */
export type CodegenCacheConfig = ObeliskConfig['codegenCache'];
/** `[timers_watcher]`: expires locks and fires delays. */
export type TimersWatcherConfig = ObeliskConfig['timersWatcher'];
/** `[[activity_wasm]]`. */
export type ActivityWasmConfig = ObeliskConfig['activities'][number];
/** `[[activity_stub]]`: WIT only. */
export type ActivityStubConfig = ObeliskConfig['stubs'][number];
/** `[[workflow]]`. */
export type WorkflowComponentConfig = ObeliskConfig['workflows'][number];
/** `[[webhook_endpoint]]`. */
export type WebhookEndpointConfig = ObeliskConfig['webhookEndpoints'][number];
/** `exec` of an activity or workflow. */
export type ExecSettings = ActivityWasmConfig['exec'];
/** The keys every loadable component has. */
export type ComponentCommon = Pick<
  ActivityWasmConfig | WorkflowComponentConfig | WebhookEndpointConfig,
  'name' | 'location' | 'contentDigest'
>;
/** `[[http_server]]`. */
export type HttpServerConfig = ObeliskConfig['httpServers'][number];
/** `[[cron]]`: a function started on a schedule. */
export type CronConfig = ObeliskConfig['crons'][number];
/** `[retention]`: finished executions deleted once old enough. */
export type RetentionConfig = NonNullable<ObeliskConfig['retention']>;
/** `[otlp]` (parsed and validated; not supported yet). */
export type OtlpConfig = NonNullable<ObeliskConfig['otlp']>;
/** `[log]`: the server's own log. */
export type LogConfig = ObeliskConfig['log'];
