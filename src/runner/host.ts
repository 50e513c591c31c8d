/**
 * Runs obelisk as a service: the store, the engine with its components, and the HTTP API,
 * until stopped. `obelisk server run` and `obelisk dev` are this with different options
 * (dev adds reloading on file changes and a live log).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, UserError } from '../cli/errors.js';
import { VERSION } from '../cli/version.js';
import { checkDatabasePath } from '../config/database-path.js';
import type { ObeliskConfig, PostgresConfig } from '../config/index.js';
import {
  createEngine,
  describeConnection,
  openLibsqlStore,
  openPostgresStore,
  type PgConnection,
  type Engine,
  type EngineLogger,
  type ReloadReport,
  type RetentionPolicy,
  type Store,
} from '../engine/index.js';
import { ApiServerListenError, startApiServer, type ApiServer } from '../server/index.js';
import { parseListenAddress, isLoopback } from './address.js';
import type { LoadedComponents } from './components.js';
import { lockDatabaseFile, lockDataDir, type DataLock } from './lock.js';
import { WebhookServers, type WebhookUrl } from './webhook-servers.js';

/** The code of a database path that cannot be used (a folder, not writable). */
export const DATABASE_UNUSABLE = 'database-unusable';

export interface HostOptions {
  /** `dev` or `server run`, for messages. */
  readonly what: string;
  readonly config: ObeliskConfig;
  /** The components to run (from the config, or a bundled example). */
  readonly components: () => Promise<LoadedComponents>;
  /** The database file. */
  readonly databaseFile: string;
  /** The setting that chooses the database file, for hints (`database.sqlite.file`); `null`: none does. */
  readonly databaseKey: string | null;
  /** Set: use this PostgreSQL database instead of the file (shared with other processes). */
  readonly postgres?: PostgresConfig | null | undefined;
  /** Lock this folder for the process (dev: one `obelisk dev` per data folder). */
  readonly lockDir?: string | undefined;
  /** Delete the database first. */
  readonly clean: boolean;
  readonly logger: EngineLogger;
}

export interface Host {
  readonly url: string;
  readonly engine: Engine;
  /** Re-reads the components and swaps the changed ones. */
  reload(): Promise<ReloadReport>;
  /** The routes of the webhook endpoints on their HTTP servers. */
  webhookUrls(): readonly WebhookUrl[];
  stop(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<Host> {
  const { config, logger } = options;
  const address = parseListenAddress(config.api.listeningAddr);
  if (!isLoopback(address.host) && config.api.token === undefined && !config.api.allowUnauthenticatedNonLoopback) {
    throw new UserError(
      ErrorCode.invalidInput,
      `refusing to serve the API without a token on the non-loopback address ${config.api.listeningAddr}`,
      {
        hint: 'set api.token (or OBELISK__API__TOKEN), listen on 127.0.0.1, or set api.allow_unauthenticated_non_loopback = true',
      },
    );
  }
  checkDatabase(options);
  if (options.lockDir !== undefined) {
    mkdirSync(options.lockDir, { recursive: true });
  }
  const lock: DataLock | null =
    options.lockDir === undefined ? null : lockDataDir(options.lockDir, `obelisk ${options.what}`);
  let store: Store | null = null;
  let engine: Engine | null = null;
  let fileLock: DataLock | null = null;
  let webhooks: WebhookServers | null = null;
  try {
    fileLock = lockDatabase(options);
    store = await openStore(options);
    const base = await options.components();
    // A libSQL file is used by this process alone (its lock is held): no other process serves a version.
    engine = await createEngine({ ...engineSettings(config), store, logger, exclusiveStore: fileLock !== null });
    reportProblems(base.problems, logger, base.notes);
    reportReload(await engine.reload(base.spec), logger);
    applyCrons(engine, base, logger);
    engine.start();
    webhooks = new WebhookServers(engine, logger);
    await applyWebhooks(engine, webhooks, base, logger);
    const server = await listen(engine, config, address, logger);
    return hostHandle({ options, store, engine, server, webhooks, lock: joinLocks(lock, fileLock) });
  } catch (error: unknown) {
    await webhooks?.close();
    await engine?.stop(0);
    await store?.close();
    fileLock?.release();
    lock?.release();
    throw error;
  }
}

/** A libSQL path that is a folder or cannot be written is the user's to fix: say so before opening it. */
function checkDatabase(options: HostOptions): void {
  if (options.postgres !== undefined && options.postgres !== null) {
    return;
  }
  const problem = checkDatabasePath(options.databaseFile, options.databaseKey);
  if (problem !== null) {
    throw new UserError(DATABASE_UNUSABLE, problem.message, { hint: problem.hint });
  }
}

/** One writer per libSQL file: locks it (PostgreSQL takes many processes). */
function lockDatabase(options: HostOptions): DataLock | null {
  if (options.postgres !== undefined && options.postgres !== null) {
    return null;
  }
  mkdirSync(join(options.databaseFile, '..'), { recursive: true });
  return lockDatabaseFile(options.databaseFile, `obelisk ${options.what}`);
}

function joinLocks(...locks: (DataLock | null)[]): DataLock {
  return { release: () => locks.forEach((lock) => lock?.release()) };
}

async function openStore(options: HostOptions): Promise<Store> {
  const { postgres } = options;
  if (postgres !== undefined && postgres !== null) {
    return openPostgresStore({
      connection: postgresConnection(postgres),
      schema: postgres.schema,
      poolSize: postgres.poolSize,
    });
  }
  mkdirSync(join(options.databaseFile, '..'), { recursive: true });
  if (options.clean) {
    for (const suffix of ['', '-wal', '-shm']) {
      rmSync(`${options.databaseFile}${suffix}`, { force: true });
    }
  }
  try {
    return await openLibsqlStore({
      path: options.databaseFile,
      synchronous: options.config.database.sqlite.synchronous,
    });
  } catch (error: unknown) {
    throw cannotOpen(error, options);
  }
}

/**
 * The driver refuses to open a file it cannot use (`ConnectionFailed(...: 14)`, SQLITE_CANTOPEN)
 * when the path changed under the check above: the user's to fix, with the path and its key.
 */
function cannotOpen(error: unknown, options: HostOptions): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (!/ConnectionFailed|SQLITE_CANTOPEN|unable to open/i.test(message)) {
    return error;
  }
  return new UserError(DATABASE_UNUSABLE, `cannot open the database file ${options.databaseFile}: ${message}`, {
    hint: `check that ${options.databaseFile} is a file this user can create and write`,
    cause: error,
  });
}

/** The connection settings of `[database.postgres]`: the URL, else the keys that are set. */
export function postgresConnection(config: PostgresConfig): PgConnection {
  if (config.url !== undefined) {
    return { connectionString: config.url };
  }
  return {
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
  };
}

/** Where the store is, for the startup line (never the password). */
export function describeDatabase(config: ObeliskConfig): string {
  const { postgres } = config.database;
  return postgres === null
    ? config.database.sqlite.file
    : describeConnection(postgresConnection(postgres), postgres.schema);
}

function engineSettings(config: ObeliskConfig): {
  codegenCacheDir: string;
  maxWorkers: number;
  maxWorkflowThreads: number;
  watcher: { tickSleepMs: number; leewayMs: number };
  retention: RetentionPolicy | undefined;
} {
  return {
    codegenCacheDir: config.codegenCache.directory,
    maxWorkers: config.wasm.maxWorkers,
    maxWorkflowThreads: config.wasm.maxWorkflowThreads,
    watcher: { tickSleepMs: config.timersWatcher.tickSleepMs, leewayMs: config.timersWatcher.leewayMs },
    retention: config.retention ?? undefined,
  };
}

async function listen(
  engine: Engine,
  config: ObeliskConfig,
  address: { host: string; port: number },
  logger: EngineLogger,
): Promise<ApiServer> {
  try {
    return await startApiServer({
      engine,
      host: address.host,
      port: address.port,
      token: config.api.token,
      logger,
      version: VERSION,
    });
  } catch (error: unknown) {
    if (error instanceof ApiServerListenError && error.code === 'address-in-use') {
      throw new UserError(ErrorCode.unavailable, `the API address ${config.api.listeningAddr} is already in use`, {
        hint: 'stop the other server, or change api.listening_addr in obelisk.toml (or set OBELISK__API__LISTENING_ADDR=127.0.0.1:<port>)',
        cause: error,
      });
    }
    if (error instanceof ApiServerListenError) {
      throw new UserError(ErrorCode.unavailable, error.message, {
        hint: 'check api.listening_addr in obelisk.toml',
        cause: error,
      });
    }
    throw error;
  }
}

interface HostParts {
  readonly options: HostOptions;
  readonly store: Store;
  readonly engine: Engine;
  readonly server: ApiServer;
  readonly webhooks: WebhookServers;
  readonly lock: DataLock | null;
}

function hostHandle(parts: HostParts): Host {
  const { options, store, engine, server, webhooks, lock } = parts;
  let stopping: Promise<void> | null = null;
  return {
    url: server.url,
    engine,
    async reload() {
      const next = await options.components();
      reportProblems(next.problems, options.logger, next.notes);
      const report = await engine.reload(next.spec);
      reportReload(report, options.logger);
      applyCrons(engine, next, options.logger);
      try {
        await applyWebhooks(engine, webhooks, next, options.logger);
      } catch (error: unknown) {
        options.logger.error(
          `webhook endpoints not applied: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return report;
    },
    webhookUrls: () => webhooks.urls(),
    stop() {
      stopping ??= (async () => {
        await webhooks.close();
        await server.close();
        await engine.stop();
        await store.close();
        lock?.release();
      })();
      return stopping;
    },
  };
}

function applyCrons(engine: Engine, loaded: LoadedComponents, logger: EngineLogger): void {
  for (const { name, error } of engine.setCrons(loaded.crons ?? [])) {
    logger.error(`cron ${name} not scheduled: ${error.message}`);
  }
}

/** Loads the webhook endpoints, then (re)starts their HTTP servers with the new routes. */
async function applyWebhooks(
  engine: Engine,
  servers: WebhookServers,
  loaded: LoadedComponents,
  logger: EngineLogger,
): Promise<void> {
  const report = await engine.setWebhookEndpoints(loaded.webhooks ?? []);
  for (const name of report.loaded) {
    logger.info(`webhook endpoint ${name} loaded`);
  }
  for (const name of report.removed) {
    logger.info(`webhook endpoint ${name} removed`);
  }
  for (const { name, error } of report.failed) {
    logger.error(`webhook endpoint ${name} failed to load: ${error.message}`);
  }
  await servers.apply(loaded.httpServers ?? [], loaded.webhookRoutes ?? []);
}

function reportProblems(problems: readonly string[], logger: EngineLogger, notes: readonly string[] = []): void {
  for (const note of notes) {
    logger.info(note);
  }
  for (const problem of problems) {
    logger.error(`component not loaded: ${problem}`);
  }
}

function reportReload(report: ReloadReport, logger: EngineLogger): void {
  for (const name of report.loaded) {
    logger.info(`component ${name} loaded`);
  }
  for (const name of report.removed) {
    logger.info(`component ${name} removed`);
  }
  for (const { name, error } of report.failed) {
    logger.error(`component ${name} failed to load: ${error.message}`);
  }
}

/** Reads a component file (for `toEngineOptions`). */
export const readComponentFile = (path: string): Promise<Uint8Array> => readFile(path);
