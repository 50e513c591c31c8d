import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cacheDir, dataDir } from '../../../src/config/dirs.js';
import { loadConfig, parseConfig } from '../../../src/config/load.js';
import { makeTempDir } from '../../helpers/tmp.js';

const ENV = { HOME: '/home/user' };
const parse = (toml: string | null, env: Record<string, string> = {}): ReturnType<typeof parseConfig> =>
  parseConfig(toml, { name: 'obelisk.toml', dir: '/project/conf', env: { ...ENV, ...env } });

describe('defaults', () => {
  test('an empty file gives every default and no components', () => {
    const threads = Math.min(64, Math.max(16, 8 * availableParallelism()));
    expect(parse('')).toEqual({
      api: { listeningAddr: '127.0.0.1:5005', token: undefined, allowUnauthenticatedNonLoopback: false },
      database: {
        sqlite: { file: '/home/user/.local/share/obelisk/obelisk.sqlite', synchronous: 'full' },
        postgres: null,
      },
      wasm: { cacheDirectory: '/home/user/.cache/obelisk/oci', maxWorkers: threads, maxWorkflowThreads: threads },
      codegenCache: { enabled: true, directory: '/home/user/.cache/obelisk/codegen' },
      timersWatcher: { tickSleepMs: 100, leewayMs: 500 },
      activities: [],
      stubs: [],
      workflows: [],
      webhookEndpoints: [],
      httpServers: [],
      crons: [],
      retention: null,
      otlp: null,
      log: { level: 'info', format: 'plain' },
    });
  });

  test('no file at all gives the same defaults as an empty one', () => {
    expect(parse(null)).toEqual(parse(''));
  });

  test('the data and cache folders follow XDG_DATA_HOME and XDG_CACHE_HOME when they are absolute', () => {
    expect(dataDir({ HOME: '/h' })).toBe('/h/.local/share/obelisk');
    expect(cacheDir({ HOME: '/h' })).toBe('/h/.cache/obelisk');
    expect(dataDir({ HOME: '/h', XDG_DATA_HOME: '/xdg/data' })).toBe('/xdg/data/obelisk');
    expect(cacheDir({ HOME: '/h', XDG_CACHE_HOME: '/xdg/cache' })).toBe('/xdg/cache/obelisk');
    expect(dataDir({ HOME: '/h', XDG_DATA_HOME: 'relative' })).toBe('/h/.local/share/obelisk');
    const config = parse('', { XDG_DATA_HOME: '/xdg/data', XDG_CACHE_HOME: '/xdg/cache' });
    expect([config.database.sqlite.file, config.wasm.cacheDirectory, config.codegenCache.directory]).toEqual([
      '/xdg/data/obelisk/obelisk.sqlite',
      '/xdg/cache/obelisk/oci',
      '/xdg/cache/obelisk/codegen',
    ]);
  });

  test('a component gets the default exec settings, retries, durations and output forwarding', () => {
    const config = parse(
      '[[activity_wasm]]\nname = "fibo"\nlocation.path = "fibo.wasm"\n\n[[workflow]]\nname = "wf"\nlocation.path = "wf.wasm"\n',
    );
    expect(config.activities).toEqual([
      {
        name: 'fibo',
        location: { kind: 'path', path: '/project/conf/fibo.wasm' },
        contentDigest: undefined,
        exec: { batchSize: 64, lockExpiryMs: 1000, tickSleepMs: 200, queue: undefined },
        maxRetries: 5,
        retryExpBackoffMs: 100,
        maxDurationMs: 60_000,
        envVars: {},
        allowedHosts: [],
        forwardStdout: 'db',
        forwardStderr: 'db',
      },
    ]);
    expect(config.workflows).toEqual([
      {
        name: 'wf',
        location: { kind: 'path', path: '/project/conf/wf.wasm' },
        contentDigest: undefined,
        exec: { batchSize: 64, lockExpiryMs: 1000, tickSleepMs: 200, queue: undefined },
        retryExpBackoffMs: 100,
        blockingStrategy: 'await',
        awaitTimeoutMs: 10_000,
      },
    ]);
  });
});

describe('values', () => {
  test('every setting of a full file is read, durations in ms and paths absolute', () => {
    const toml = `
[api]
listening_addr = "0.0.0.0:5005"
token = "secret"
allow_unauthenticated_non_loopback = true

[database.libsql]
file = "~/db/obelisk.sqlite"
synchronous = "normal"

[wasm]
cache_directory = "../cache/wasm"
max_workers = 3
max_workflow_threads = 7

[codegen_cache]
enabled = false
directory = "/var/cache/codegen"

[timers_watcher]
tick_sleep = { milliseconds = 50 }
leeway = { seconds = 2 }

[log]
level = "debug"
format = "json"

[[activity_wasm]]
name = "http-get"
location.oci = "docker.io/getobelisk/http-get:1.0.0@sha256:${'a'.repeat(64)}"
content_digest = "sha256:${'b'.repeat(64)}"
exec = { batch_size = 10, lock_expiry = { seconds = 3 }, tick_sleep = { milliseconds = 20 }, queue = "io" }
max_retries = 0
retry_exp_backoff = { seconds = 1 }
max_duration = { minutes = 2 }
env_vars = ["HOME", "LANG=C=UTF-8", { key = "GREETING", value = "hi" }]
allowed_hosts = ["https://*.example.com", { pattern = "http://localhost:*", methods = ["get", "POST"] }, { pattern = "*", methods = "*" }]
forward_stdout = "both"
forward_stderr = "none"

[[activity_stub]]
name = "approval"
location.path = "wit/approval.wit"

[[workflow]]
name = "wf"
location = { path = "./dist/wf.wasm" }
blocking_strategy = "interrupt"
await_timeout = { hours = 1 }
retry_exp_backoff = { days = 1 }
`;
    const config = parse(toml);
    expect(config.api).toEqual({
      listeningAddr: '0.0.0.0:5005',
      token: 'secret',
      allowUnauthenticatedNonLoopback: true,
    });
    expect(config.database).toEqual({
      sqlite: { file: '/home/user/db/obelisk.sqlite', synchronous: 'normal' },
      postgres: null,
    });
    expect(config.wasm).toEqual({ cacheDirectory: '/project/cache/wasm', maxWorkers: 3, maxWorkflowThreads: 7 });
    expect(config.codegenCache).toEqual({ enabled: false, directory: '/var/cache/codegen' });
    expect(config.timersWatcher).toEqual({ tickSleepMs: 50, leewayMs: 2000 });
    expect(config.log).toEqual({ level: 'debug', format: 'json' });
    expect(config.activities[0]).toEqual({
      name: 'http-get',
      location: { kind: 'oci', reference: `docker.io/getobelisk/http-get:1.0.0@sha256:${'a'.repeat(64)}` },
      contentDigest: `sha256:${'b'.repeat(64)}`,
      exec: { batchSize: 10, lockExpiryMs: 3000, tickSleepMs: 20, queue: 'io' },
      maxRetries: 0,
      retryExpBackoffMs: 1000,
      maxDurationMs: 120_000,
      envVars: { HOME: '/home/user', LANG: 'C=UTF-8', GREETING: 'hi' },
      allowedHosts: [
        { pattern: 'https://*.example.com', methods: '*' },
        { pattern: 'http://localhost:*', methods: ['GET', 'POST'] },
        { pattern: '*', methods: '*' },
      ],
      forwardStdout: 'both',
      forwardStderr: 'none',
    });
    expect(config.stubs).toEqual([
      { name: 'approval', location: { kind: 'path', path: '/project/conf/wit/approval.wit' } },
    ]);
    expect(config.workflows[0]).toMatchObject({
      location: { kind: 'path', path: '/project/conf/dist/wf.wasm' },
      blockingStrategy: 'interrupt',
      awaitTimeoutMs: 3_600_000,
      retryExpBackoffMs: 86_400_000,
    });
  });

  test('[retention] gives its ages in ms, per outcome only where set, with the default interval and batch', () => {
    expect(parse('[retention]\nfailure_older_than = { days = 90 }\n').retention).toEqual({
      finishedOlderThanMs: 30 * 86_400_000,
      okOlderThanMs: undefined,
      errOlderThanMs: undefined,
      failureOlderThanMs: 90 * 86_400_000,
      intervalMs: 3_600_000,
      batchSize: 500,
    });
    expect(
      parse('[retention]\nfinished_older_than = { hours = 2 }\ninterval = { minutes = 5 }\nbatch_size = 50\n')
        .retention,
    ).toMatchObject({
      finishedOlderThanMs: 7_200_000,
      intervalMs: 300_000,
      batchSize: 50,
    });
  });

  test('the sections not run yet are still read and validated', () => {
    const toml = `
[[http_server]]
name = "external"
listening_addr = "[::1]:9090"
max_inflight_requests = 100

[[webhook_endpoint]]
name = "hook"
location.path = "hook.wasm"
http_server = "external"
routes = ["/", "/users/:id"]

[[cron]]
name = "nightly"
ffqn = "testing:fibo-workflow/workflow@1.0.0.fiboa"
params = [10, 1]
schedule = "0 3 * * *"

[otlp]
endpoint = "http://collector:4317"
`;
    const config = parse(toml);
    expect(config.httpServers).toEqual([{ name: 'external', listeningAddr: '[::1]:9090', maxInflightRequests: 100 }]);
    expect(config.webhookEndpoints[0]).toMatchObject({
      name: 'hook',
      httpServer: 'external',
      routes: ['/', '/users/:id'],
      forwardStdout: 'db',
    });
    expect(config.crons).toEqual([
      {
        name: 'nightly',
        ffqn: 'testing:fibo-workflow/workflow@1.0.0.fiboa',
        params: [10, 1],
        schedule: '0 3 * * *',
        everyMs: null,
        timezone: 'UTC',
        catchUp: 'latest',
        maxCatchUp: 10,
      },
    ]);
    expect(config.otlp).toEqual({
      enabled: true,
      endpoint: 'http://collector:4317',
      serviceName: 'obelisk',
      level: 'info',
    });
  });
});

describe('${VAR} expansion', () => {
  test('references are replaced in every string, defaults apply when unset or empty, and $${ is a literal ${', () => {
    const toml = `
[api]
token = "\${TOKEN}-\${SUFFIX:-none}-\${EMPTY:-fallback}-$\${literal}"
[database.sqlite]
file = "\${DATA:-/srv}/obelisk.sqlite"
[[activity_wasm]]
name = "a"
location.path = "\${DIST}/a.wasm"
env_vars = [{ key = "URL", value = "\${URL:-http://localhost}" }]
`;
    const config = parse(toml, { TOKEN: 't0k', EMPTY: '', DIST: '/opt/dist' });
    expect(config.api.token).toBe('t0k-none-fallback-${literal}');
    expect(config.database.sqlite.file).toBe('/srv/obelisk.sqlite');
    expect(config.activities[0]?.location).toEqual({ kind: 'path', path: '/opt/dist/a.wasm' });
    expect(config.activities[0]?.envVars).toEqual({ URL: 'http://localhost' });
  });
});

describe('env overrides', () => {
  test('OBELISK__<SECTION>__<KEY> sets keys with or without a file, case-insensitively, as TOML scalars', () => {
    const env = {
      OBELISK__API__LISTENING_ADDR: '0.0.0.0:6000',
      obelisk__wasm__max_workers: '4',
      OBELISK__DATABASE__SQLITE__SYNCHRONOUS: 'normal',
      OBELISK__CODEGEN_CACHE__ENABLED: 'false',
      OBELISK__LOG__LEVEL: '"warn"',
    };
    for (const toml of [null, '[api]\nlistening_addr = "127.0.0.1:1"\n[wasm]\nmax_workers = 1\n']) {
      const config = parse(toml, env);
      expect(config.api.listeningAddr).toBe('0.0.0.0:6000');
      expect(config.wasm.maxWorkers).toBe(4);
      expect(config.database.sqlite.synchronous).toBe('normal');
      expect(config.codegenCache.enabled).toBe(false);
      expect(config.log.level).toBe('warn');
    }
  });

  test('a string key takes the text as written, even when it reads as a number', () => {
    expect(parse(null, { OBELISK__API__TOKEN: '12345' }).api.token).toBe('12345');
  });

  test('a duration unit replaces the unit the file used', () => {
    const config = parse('[timers_watcher]\nleeway = { seconds = 1 }\n', {
      OBELISK__TIMERS_WATCHER__LEEWAY__MILLISECONDS: '250',
    });
    expect(config.timersWatcher.leewayMs).toBe(250);
  });

  test('an override of [database.sqlite] goes to [database.libsql] when the file uses that name', () => {
    const config = parse('[database.libsql]\nsynchronous = "full"\n', {
      OBELISK__DATABASE__SQLITE__SYNCHRONOUS: 'normal',
    });
    expect(config.database.sqlite.synchronous).toBe('normal');
  });

  test('override paths are relative to the config folder', () => {
    expect(parse(null, { OBELISK__DATABASE__SQLITE__FILE: 'state/db.sqlite' }).database.sqlite.file).toBe(
      '/project/conf/state/db.sqlite',
    );
  });
});

describe('loadConfig', () => {
  test('reads obelisk.toml from the working folder, resolving paths against its folder', () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'obelisk.toml'), '[[activity_wasm]]\nname = "a"\nlocation.path = "a.wasm"\n');
    const loaded = loadConfig({ cwd: dir, env: ENV });
    expect(loaded.file).toBe(join(dir, 'obelisk.toml'));
    expect(loaded.dir).toBe(dir);
    expect(loaded.config.activities[0]?.location).toEqual({ kind: 'path', path: join(dir, 'a.wasm') });
  });

  test('a file given with -c is relative to the working folder and its problems name it as given', () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'prod.toml'), '[wasm]\nmax_workers = 0\n');
    expect(() => loadConfig({ file: 'conf/prod.toml', cwd: dir, env: ENV })).toThrow(
      'invalid configuration: conf/prod.toml:2: wasm.max_workers: expected a positive integer, got 0',
    );
  });

  test('without a file in the working folder it loads the defaults, and a missing -c file is an error', () => {
    const dir = makeTempDir();
    const loaded = loadConfig({ cwd: dir, env: { ...ENV, OBELISK__WASM__MAX_WORKERS: '2' } });
    expect(loaded.file).toBeNull();
    expect(loaded.dir).toBe(dir);
    expect(loaded.config.wasm.maxWorkers).toBe(2);
    expect(() => loadConfig({ file: 'missing.toml', cwd: dir, env: ENV })).toThrow(
      'config file missing.toml does not exist',
    );
  });
});

describe('[database.postgres]', () => {
  test('keys with ${VAR}, pool size and schema are read; the defaults fill the rest', () => {
    const config = parse(
      '[database.postgres]\nhost = "db.internal"\nport = 6432\nuser = "obelisk"\npassword = "${PGPASS}"\ndatabase = "work"\npool_size = 4\nschema = "team_a"\n',
      { PGPASS: 'hunter2' },
    );
    expect(config.database.postgres).toEqual({
      url: undefined,
      host: 'db.internal',
      port: 6432,
      user: 'obelisk',
      password: 'hunter2',
      database: 'work',
      poolSize: 4,
      schema: 'team_a',
    });
  });

  test('OBELISK__DATABASE__POSTGRES__URL selects PostgreSQL without a config file', () => {
    const config = parse(null, { OBELISK__DATABASE__POSTGRES__URL: 'postgres://u:p@127.0.0.1:5432/db' });
    expect(config.database.postgres).toMatchObject({
      url: 'postgres://u:p@127.0.0.1:5432/db',
      poolSize: 10,
      schema: 'obelisk',
    });
  });
});
