/**
 * `obelisk.toml`: loading and validating the configuration (see docs/configuration.md), the
 * default folders, the mapping onto the engine's options, and templates of the file.
 */
export { dataDir, cacheDir, homeDir, expandHome } from './dirs.js';
export { ConfigError, ConfigErrorCode, formatProblem, type ConfigErrorJson, type ConfigProblem } from './errors.js';
export {
  DEFAULT_CONFIG_FILE,
  loadConfig,
  parseConfig,
  type LoadConfigOptions,
  type LoadedConfig,
  type ParseConfigOptions,
} from './load.js';
export {
  cronOptions,
  toEngineOptions,
  type EngineSetup,
  type OciBinaries,
  type ReadComponentFile,
} from './engine-options.js';
export { LOCK_FILE, LockErrorCode, lockFileFor, readLockfile, type LockEntry } from './lockfile.js';
export {
  ociComponents,
  resolveOciComponents,
  type LockMode,
  type MovedTag,
  type ResolvedOci,
  type ResolveOciOptions,
} from './oci-components.js';
export { unsupportedFeatures } from './unsupported.js';
export { matchRoute, parseRoute, type Route, type RouteMatch } from './webhook-routes.js';
export { verifyConfig, type VerifiedComponent, type VerifiedFunction, type VerifyReport } from './verify.js';
export { blankConfigTemplate, exampleConfigTemplate, EXAMPLES_DIR, exampleNames, PACKAGE_ROOT } from './template.js';
export { ENV_PREFIX } from './overrides.js';
export {
  LOG_LEVELS,
  OUTPUT_FORWARDING,
  type ActivityStubConfig,
  type ActivityWasmConfig,
  type AllowedHostConfig,
  type ApiConfig,
  type BuildConfig,
  type BuildLanguage,
  type CodegenCacheConfig,
  type ComponentCommon,
  type ComponentLocation,
  type CronConfig,
  type DatabaseConfig,
  type ExecSettings,
  type HttpServerConfig,
  type LogConfig,
  type LogLevel,
  type ObeliskConfig,
  type OtlpConfig,
  type PostgresConfig,
  type OutputForwarding,
  type SqliteConfig,
  type TimersWatcherConfig,
  type WasmConfig,
  type WebhookEndpointConfig,
  type WorkflowComponentConfig,
} from './types.js';
