/**
 * The schema of `obelisk.toml` (zod): every section and key, their defaults, and the mapping to
 * the camelCase loaded configuration, whose types (`types.ts`) are derived from these schemas.
 * Unknown keys are errors. Built per load, since defaults and paths depend on the config file's
 * folder and the environment.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { createSchedule, defaultThreads, type ScheduleSpec } from '../engine/index.js';
import { activitySchema, stubSchema, webhookSchema, workflowSchema } from './components.js';
import { NAME_PATTERN } from './component-leaves.js';
import { cacheDir, dataDir } from './dirs.js';
import {
  bool,
  duration,
  int,
  leaf,
  listeningAddr,
  matching,
  oneOf,
  pass,
  fail,
  path,
  str,
  type LeafContext,
} from './leaves.js';
import { arrayOfTables, table } from './tables.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

/** `[database]`: the libSQL file, unless `[database.postgres]` is set. */
function database(ctx: LeafContext) {
  const sqlite = table({ file: path(ctx).optional(), synchronous: oneOf(['full', 'normal']).default('full') });
  return table({
    sqlite: sqlite.optional(),
    libsql: sqlite.optional(),
    postgres: postgres().optional(),
  })
    .prefault({})
    .transform((t, issues) => {
      if (t.postgres !== undefined && (t.sqlite !== undefined || t.libsql !== undefined)) {
        issues.issues.push({
          code: 'custom',
          path: ['postgres'],
          message: `[database.postgres] and [database.${t.sqlite === undefined ? 'libsql' : 'sqlite'}] are both set: keep one of them`,
          input: t,
        });
        return z.NEVER;
      }
      if (t.sqlite !== undefined && t.libsql !== undefined) {
        issues.issues.push({
          code: 'custom',
          path: ['libsql'],
          message: '[database.libsql] is another name for [database.sqlite]: keep one of them',
          input: t,
        });
        return z.NEVER;
      }
      const chosen = t.sqlite ?? t.libsql;
      return {
        /** `[database.sqlite]` (alias `[database.libsql]`); used unless `postgres` is set. */
        sqlite: {
          /** Absolute path of the database file (default `<data dir>/obelisk.sqlite`). */
          file: chosen?.file ?? join(dataDir(ctx.env), 'obelisk.sqlite'),
          synchronous: chosen?.synchronous ?? 'full',
        },
        /** `[database.postgres]`; set: the database is PostgreSQL. */
        postgres: t.postgres ?? null,
      };
    });
}

/** A PostgreSQL URL; an invalid one is not echoed back, since it may hold a password. */
function postgresUrl(): z.ZodType<string> {
  return leaf('a postgres:// URL', (value, raw) => {
    const text = typeof value === 'string' ? value : raw;
    if (typeof text === 'string' && URL.canParse(text) && /^postgres(ql)?:$/.test(new URL(text).protocol)) {
      return pass(text);
    }
    return fail('expected a URL like postgres://user:password@host:5432/database (the value is not shown)');
  });
}

/** `[database.postgres]`: a PostgreSQL database shared by any number of obelisk processes. */
function postgres() {
  return table({
    url: postgresUrl().optional(),
    host: str('a host name or address').optional(),
    port: int(1).optional(),
    user: str('a user name').optional(),
    password: leaf('a string', (value, raw) => {
      const text = typeof value === 'string' ? value : raw;
      return typeof text === 'string' ? pass(text) : fail('expected a string (the value is not shown)');
    }).optional(),
    database: str('a database name').optional(),
    pool_size: int(1).default(10),
    schema: matching(
      'a lowercase identifier (a-z, 0-9, _; not starting with a digit)',
      /^[a-z_][a-z0-9_]{0,62}$/,
    ).default('obelisk'),
  }).transform((t) => ({
    /** `postgres://user:password@host:port/database`; when set, the keys below are not used. */
    url: t.url,
    host: t.host,
    port: t.port,
    user: t.user,
    /** Never printed in logs or errors. */
    password: t.password,
    database: t.database,
    /** Connections per process (default 10). */
    poolSize: t.pool_size,
    /** The schema holding obelisk's tables, created if missing (default `obelisk`). */
    schema: t.schema,
  }));
}

/** `[[http_server]]`. */
function httpServer() {
  return table({
    name: matching('a name made of a-z, 0-9, _ and -', NAME_PATTERN),
    listening_addr: listeningAddr(),
    max_inflight_requests: int(1).optional(),
  }).transform((t) => ({
    name: t.name,
    listeningAddr: t.listening_addr,
    maxInflightRequests: t.max_inflight_requests,
  }));
}

const FFQN = /^[a-z0-9-]+:[a-z0-9-]+\/[a-z0-9-]+(?:@[0-9A-Za-z.+-]+)?\.\S+$/;

/** A leaf checked by building a schedule with the engine's own parser (its message is the failure). */
function scheduleLeaf(what: string, spec: (text: string) => ScheduleSpec): z.ZodType<string> {
  return leaf(what, (value, raw) => {
    const text = typeof value === 'string' ? value : raw;
    if (typeof text !== 'string' || text === '') {
      return fail();
    }
    try {
      createSchedule(spec(text));
      return pass(text);
    } catch (error: unknown) {
      const detail = (error as Error).message.replace(/^invalid cron schedule "[^"]*": /, '');
      return fail(`expected ${what}, got ${JSON.stringify(text)} (${detail})`);
    }
  });
}

const SCHEDULE_WHAT =
  'a cron schedule: 5 fields "minute hour day-of-month month day-of-week" (6 with a leading second), e.g. "*/15 * * * *", or @hourly, @daily, @weekly, @monthly, @yearly';

function cronParams(): z.ZodType<unknown[]> {
  return leaf('an array of parameters (or a string holding a JSON array)', (value) => {
    if (Array.isArray(value)) {
      return pass(value as unknown[]);
    }
    if (typeof value === 'string') {
      try {
        const parsed: unknown = JSON.parse(value);
        return Array.isArray(parsed) ? pass(parsed as unknown[]) : fail();
      } catch {
        return fail();
      }
    }
    return fail();
  });
}

/** `[[cron]]`: a function started on a schedule. */
function cron() {
  return table({
    name: matching('a name made of a-z, 0-9, _ and -', NAME_PATTERN),
    ffqn: matching('a function name "namespace:package/interface.function", e.g. "testing:fibo/fibo.fibo"', FFQN),
    params: cronParams().default([]),
    schedule: scheduleLeaf(SCHEDULE_WHAT, (expression) => ({ kind: 'cron', expression })).optional(),
    every: duration({ positive: true }).optional(),
    timezone: scheduleLeaf('an IANA time zone, e.g. "UTC" or "Europe/Prague"', (timezone) => ({
      kind: 'cron',
      expression: '@daily',
      timezone,
    })).default('UTC'),
    catch_up: oneOf(['none', 'latest', 'all']).default('latest'),
    max_catch_up: int(1).default(10),
  }).transform((t, issues) => {
    if ((t.schedule === undefined) === (t.every === undefined)) {
      issues.issues.push({
        code: 'custom',
        path: [t.schedule === undefined ? 'schedule' : 'every'],
        message:
          t.schedule === undefined
            ? 'missing; expected either schedule (a cron expression) or every (a duration such as { minutes = 15 })'
            : 'schedule and every cannot both be set: keep one of them',
        input: t,
      });
      return z.NEVER;
    }
    if (t.every !== undefined && t.every % 1000 !== 0) {
      issues.issues.push({
        code: 'custom',
        path: ['every'],
        message: `expected whole seconds (at least { seconds = 1 }), got ${t.every} ms`,
        input: t,
      });
      return z.NEVER;
    }
    return {
      name: t.name,
      ffqn: t.ffqn,
      /** A JSON array (checked against the function's signature when the engine loads it). */
      params: t.params,
      /** A cron expression (5 or 6 fields, or a macro such as `@hourly`); `null` when `every` is set. */
      schedule: t.schedule ?? null,
      /** A fixed interval in ms; `null` when `schedule` is set. */
      everyMs: t.every ?? null,
      /** IANA time zone of `schedule` (default `UTC`). */
      timezone: t.timezone,
      catchUp: t.catch_up,
      maxCatchUp: t.max_catch_up,
    };
  });
}

/** `[retention]`: finished executions deleted once old enough; `null` when the section is absent. */
function retention() {
  return table({
    finished_older_than: duration().default(30 * 86_400_000),
    ok_older_than: duration().optional(),
    err_older_than: duration().optional(),
    failure_older_than: duration().optional(),
    interval: duration({ positive: true }).default(3_600_000),
    batch_size: int(1).default(500),
  })
    .transform((t) => ({
      /** Age (ms) after which finished top-level executions go, with everything they own. */
      finishedOlderThanMs: t.finished_older_than,
      /** Per outcome of the top-level execution; `undefined`: `finishedOlderThanMs`. */
      okOlderThanMs: t.ok_older_than,
      errOlderThanMs: t.err_older_than,
      failureOlderThanMs: t.failure_older_than,
      /** How often the sweep runs (ms). */
      intervalMs: t.interval,
      /** Executions deleted per transaction. */
      batchSize: t.batch_size,
    }))
    .optional()
    .transform((t) => t ?? null);
}

/** `[otlp]` (parsed and validated; not supported yet); `null` when the section is absent. */
function otlp() {
  return table({
    enabled: bool().default(true),
    endpoint: str('a URL, e.g. "http://localhost:4317"', (text) => URL.canParse(text)).default('http://localhost:4317'),
    service_name: str().default('obelisk'),
    level: str().default('info'),
  })
    .transform((t) => ({ enabled: t.enabled, endpoint: t.endpoint, serviceName: t.service_name, level: t.level }))
    .optional()
    .transform((t) => t ?? null);
}

/** The whole file. */
export function configSchema(ctx: LeafContext) {
  const cpus = availableParallelism();
  const cache = cacheDir(ctx.env);
  return table({
    api: table({
      listening_addr: listeningAddr().default('127.0.0.1:5005'),
      token: str('a non-empty string').optional(),
      allow_unauthenticated_non_loopback: bool().default(false),
    }).prefault({}),
    database: database(ctx),
    wasm: table({
      cache_directory: path(ctx).optional(),
      max_workers: int(1).default(defaultThreads(cpus)),
      max_workflow_threads: int(1).default(defaultThreads(cpus)),
    }).prefault({}),
    codegen_cache: table({ enabled: bool().default(true), directory: path(ctx).optional() }).prefault({}),
    timers_watcher: table({
      tick_sleep: duration({ positive: true }).default(100),
      leeway: duration().default(500),
    }).prefault({}),
    activity_wasm: arrayOfTables('activity_wasm', activitySchema(ctx)),
    activity_stub: arrayOfTables('activity_stub', stubSchema(ctx)),
    workflow: arrayOfTables('workflow', workflowSchema(ctx)),
    webhook_endpoint: arrayOfTables('webhook_endpoint', webhookSchema(ctx)),
    http_server: arrayOfTables('http_server', httpServer()),
    cron: arrayOfTables('cron', cron()),
    retention: retention(),
    otlp: otlp(),
    log: table({
      level: oneOf(LOG_LEVELS).default('info'),
      format: oneOf(['plain', 'json']).default('plain'),
    }).prefault({}),
  }).transform((t) => ({
    /** `[api]`: the HTTP API. */
    api: {
      /** `host:port` (default `127.0.0.1:5005`). */
      listeningAddr: t.api.listening_addr,
      /** Bearer token clients must present; `undefined`: no authentication. */
      token: t.api.token,
      /** Allow listening on a non-loopback address without a token (default false). */
      allowUnauthenticatedNonLoopback: t.api.allow_unauthenticated_non_loopback,
    },
    database: t.database,
    /** `[wasm]`. */
    wasm: {
      /** Absolute folder for components pulled from registries, by digest (default `<cache dir>/oci`). */
      cacheDirectory: t.wasm.cache_directory ?? join(cache, 'oci'),
      /** Worker threads for activity attempts. */
      maxWorkers: t.wasm.max_workers,
      /** Worker threads for workflows, i.e. how many can be loaded at once. */
      maxWorkflowThreads: t.wasm.max_workflow_threads,
    },
    /** `[codegen_cache]`: transpiled components, by content digest; `directory` is absolute (default `<cache dir>/codegen`). */
    codegenCache: { enabled: t.codegen_cache.enabled, directory: t.codegen_cache.directory ?? join(cache, 'codegen') },
    /** `[timers_watcher]`: expires locks and fires delays. */
    timersWatcher: { tickSleepMs: t.timers_watcher.tick_sleep, leewayMs: t.timers_watcher.leeway },
    /** `[[activity_wasm]]`. */
    activities: t.activity_wasm,
    /** `[[activity_stub]]`: WIT only. */
    stubs: t.activity_stub,
    /** `[[workflow]]`. */
    workflows: t.workflow,
    /** `[[webhook_endpoint]]`. */
    webhookEndpoints: t.webhook_endpoint,
    /** `[[http_server]]`. */
    httpServers: t.http_server,
    /** `[[cron]]`. */
    crons: t.cron,
    /** `[retention]`; `null` when the section is absent (nothing is ever deleted). */
    retention: t.retention,
    /** `[otlp]`; `null` when the section is absent. */
    otlp: t.otlp,
    /** `[log]`: the server's own log. */
    log: t.log,
  }));
}
