import { describe, expect, test } from 'vitest';
import { ConfigError, formatProblem } from '../../../src/config/errors.js';
import { parseConfig } from '../../../src/config/load.js';

interface BadConfig {
  readonly name: string;
  readonly toml: string | null;
  readonly env?: Record<string, string>;
  readonly problems: readonly string[];
}

const ROOT_KEYS =
  'api, database, wasm, codegen_cache, timers_watcher, activity_wasm, activity_stub, workflow, webhook_endpoint, http_server, cron, retention, otlp, log';
const DURATION =
  'a duration: a table with exactly one of milliseconds, seconds, minutes, hours or days, e.g. { seconds = 1 }';
const LOCATION = 'a table { path = "file.wasm" } or { oci = "docker.io/repo/image:tag" }';

/** A component entry with everything required, plus `extra` lines. */
const activity = (name: string, ...extra: string[]): string =>
  ['[[activity_wasm]]', `name = "${name}"`, 'location.path = "a.wasm"', ...extra].join('\n');

const CASES: readonly BadConfig[] = [
  {
    name: 'an unknown section',
    toml: '[apii]\nlisten = 1\n',
    problems: [`obelisk.toml:1: apii: unknown key; expected one of: ${ROOT_KEYS}`],
  },
  {
    name: 'an unknown key in a table',
    toml: '[api]\nlistening_addr = "127.0.0.1:5005"\ntokn = "secret"\n',
    problems: [
      'obelisk.toml:3: api.tokn: unknown key; expected one of: listening_addr, token, allow_unauthenticated_non_loopback',
    ],
  },
  {
    name: 'a string where an integer is expected',
    toml: '[wasm]\nmax_workers = "four"\n',
    problems: ['obelisk.toml:2: wasm.max_workers: expected a positive integer, got "four"'],
  },
  {
    name: 'a number where a table is expected',
    toml: 'api = 5\n',
    problems: ['obelisk.toml:1: api: expected a table, got 5'],
  },
  {
    name: 'a table where an array of tables is expected',
    toml: '[activity_wasm]\nname = "fibo"\n',
    problems: ['obelisk.toml:1: activity_wasm: expected an array of tables ([[activity_wasm]]), got a table'],
  },
  {
    name: 'a value outside an enumeration',
    toml: '[database.sqlite]\nsynchronous = "fast"\n',
    problems: ['obelisk.toml:2: database.sqlite.synchronous: expected one of "full", "normal", got "fast"'],
  },
  {
    name: 'a duration with two units',
    toml: '[timers_watcher]\nleeway = { seconds = 1, milliseconds = 500 }\n',
    problems: [
      `obelisk.toml:2: timers_watcher.leeway: expected ${DURATION}, got { seconds, milliseconds } (units cannot be combined)`,
    ],
  },
  {
    name: 'webhook routes of one HTTP server that conflict',
    toml: [
      '[[http_server]]',
      'name = "ext"',
      'listening_addr = "127.0.0.1:9090"',
      '[[webhook_endpoint]]',
      'name = "a"',
      'location.path = "a.wasm"',
      'http_server = "ext"',
      'routes = ["/orders/:id"]',
      '[[webhook_endpoint]]',
      'name = "b"',
      'location.path = "b.wasm"',
      'http_server = "ext"',
      'routes = ["GET /x", "/orders/:order"]',
      '',
    ].join('\n'),
    problems: [
      'obelisk.toml:13: webhook_endpoint[1].routes: the route "/orders/:order" conflicts with "/orders/:id" of webhook_endpoint "a": both match the same requests on http_server "ext"',
    ],
  },
  {
    name: 'an invalid webhook route',
    toml: '[[http_server]]\nname = "ext"\nlistening_addr = "127.0.0.1:9090"\n[[webhook_endpoint]]\nname = "a"\nlocation.path = "a.wasm"\nhttp_server = "ext"\nroutes = ["/a/*/b"]\n',
    problems: ['obelisk.toml:8: webhook_endpoint[0].routes: invalid route "/a/*/b": "*" may only be the last segment'],
  },
  {
    name: 'a retention age that is not a duration',
    toml: '[retention]\nfailure_older_than = { weeks = 2 }\n',
    problems: [`obelisk.toml:2: retention.failure_older_than: expected ${DURATION}, got the unit "weeks"`],
  },
  {
    name: 'a duration with an unknown unit',
    toml: '[timers_watcher]\nleeway = { weeks = 1 }\n',
    problems: [`obelisk.toml:2: timers_watcher.leeway: expected ${DURATION}, got the unit "weeks"`],
  },
  {
    name: 'a duration given as a number',
    toml: '[timers_watcher]\ntick_sleep = 100\n',
    problems: [`obelisk.toml:2: timers_watcher.tick_sleep: expected ${DURATION}, got 100`],
  },
  {
    name: 'a negative duration',
    toml: '[timers_watcher]\nleeway.seconds = -1\n',
    problems: [
      `obelisk.toml:2: timers_watcher.leeway: expected ${DURATION}, got seconds = -1 (expected a non-negative integer)`,
    ],
  },
  {
    name: 'a zero duration where it must be positive',
    toml: activity('fibo', 'exec.lock_expiry = { seconds = 0 }'),
    problems: [
      'obelisk.toml:4: activity_wasm[0].exec.lock_expiry: expected a duration longer than zero, got seconds = 0',
    ],
  },
  {
    name: 'a duplicate component name across sections',
    toml: `${activity('fibo')}\n\n[[workflow]]\nname = "fibo"\nlocation.path = "w.wasm"\n`,
    problems: [
      'obelisk.toml:6: workflow[0].name: duplicate name "fibo": also used by activity_wasm[0] (component names are unique across activity_wasm, activity_stub, workflow and webhook_endpoint)',
    ],
  },
  {
    name: 'a component without a location',
    toml: '[[activity_wasm]]\nname = "fibo"\n',
    problems: [`obelisk.toml:1: activity_wasm[0].location: missing; expected ${LOCATION}`],
  },
  {
    name: 'a component without a name',
    toml: '[[activity_wasm]]\nlocation.path = "a.wasm"\n',
    problems: [
      'obelisk.toml:1: activity_wasm[0].name: missing; expected a name made of a-z, 0-9, _ and - (e.g. "fibo-activity")',
    ],
  },
  {
    name: 'a location with both path and oci',
    toml: '[[workflow]]\nname = "w"\nlocation = { path = "w.wasm", oci = "docker.io/me/w:1" }\n',
    problems: ['obelisk.toml:3: workflow[0].location: expected exactly one of path or oci, got both'],
  },
  {
    name: 'a location with neither path nor oci',
    toml: '[[workflow]]\nname = "w"\nlocation = { file = "w.wasm" }\n',
    problems: [
      'obelisk.toml:3: workflow[0].location.file: unknown key; expected one of: path, oci',
      `obelisk.toml:3: workflow[0].location: expected ${LOCATION}, got a table without path or oci`,
    ],
  },
  {
    name: 'a malformed OCI reference',
    toml: '[[activity_wasm]]\nname = "a"\nlocation.oci = "not a reference"\n',
    problems: [
      'obelisk.toml:3: activity_wasm[0].location.oci: expected an OCI reference "registry/repository:tag" optionally pinned with @sha256:<digest>, e.g. "docker.io/getobelisk/fibo:1.0.0", got "not a reference"',
    ],
  },
  {
    name: 'a stub activity from a registry',
    toml: '[[activity_stub]]\nname = "approval"\nlocation.oci = "docker.io/me/approval:1"\n',
    problems: [
      'obelisk.toml:3: activity_stub[0].location: stub activities are WIT only: expected location = { path = "..." } pointing at a .wit file, a WIT folder or a binary WIT package .wasm',
    ],
  },
  {
    name: 'an invalid component name',
    toml: '[[activity_wasm]]\nname = "Fibo Activity"\nlocation.path = "a.wasm"\n',
    problems: [
      'obelisk.toml:2: activity_wasm[0].name: expected a name made of a-z, 0-9, _ and - (e.g. "fibo-activity"), got "Fibo Activity"',
    ],
  },
  {
    name: 'a malformed content digest',
    toml: activity('fibo', 'content_digest = "sha256:abc"'),
    problems: [
      'obelisk.toml:4: activity_wasm[0].content_digest: expected a content digest "sha256:<64 lower-case hex digits>", got "sha256:abc"',
    ],
  },
  {
    name: 'a reference to an unset variable',
    toml: '[database.sqlite]\nfile = "${DB_DIR}/obelisk.sqlite"\n',
    problems: [
      'obelisk.toml:2: database.sqlite.file: environment variable DB_DIR is not set; set it, or give a default: ${DB_DIR:-default}',
    ],
  },
  {
    name: 'an unclosed variable reference',
    toml: '[api]\ntoken = "${TOKEN"\n',
    problems: [
      'obelisk.toml:2: api.token: unclosed `${` in ***: expected ${NAME} or ${NAME:-default} (write $${ for a literal ${)',
    ],
  },
  {
    name: 'a malformed variable reference',
    toml: '[api]\ntoken = "${1TOKEN}"\n',
    problems: [
      'obelisk.toml:2: api.token: invalid reference `***`: expected ${NAME} or ${NAME:-default} with NAME made of letters, digits and _',
    ],
  },
  {
    name: 'a host variable in env_vars that is not set',
    toml: activity('fibo', 'env_vars = [', '  "LANG=C",', '  "API_KEY",', ']'),
    problems: [
      'obelisk.toml:6: activity_wasm[0].env_vars[1]: environment variable API_KEY is not set on this host; set it, or give the value: "API_KEY=value"',
    ],
  },
  {
    name: 'malformed and repeated env_vars entries',
    toml: activity('fibo', 'env_vars = ["A=1", "A=2", { key = "B", value = 2 }, 7, "9X=1"]'),
    problems: [
      'obelisk.toml:4: activity_wasm[0].env_vars[1]: A is set twice (also by env_vars[0])',
      'obelisk.toml:4: activity_wasm[0].env_vars[2].value: expected a string, got ***',
      'obelisk.toml:4: activity_wasm[0].env_vars[3]: expected "NAME" (copied from the host), "NAME=value" or { key = "NAME", value = "..." }, got ***',
      'obelisk.toml:4: activity_wasm[0].env_vars[4]: expected "NAME" (copied from the host), "NAME=value" or { key = "NAME", value = "..." }, got *** (a name is made of letters, digits and _)',
    ],
  },
  {
    name: 'malformed allowed_hosts entries',
    toml: activity(
      'fibo',
      'allowed_hosts = ["https://api.example.com/path", { pattern = "*.example.com", methods = ["GET", 1] }, { pattern = "x", verbs = "*" }]',
    ),
    problems: [
      'obelisk.toml:4: activity_wasm[0].allowed_hosts[0]: expected "*" or "[scheme://]host[:port]", e.g. "api.example.com", "https://*.example.com" or "http://127.0.0.1:*", got "https://api.example.com/path"',
      'obelisk.toml:4: activity_wasm[0].allowed_hosts[1].methods: expected "*" or a non-empty array of HTTP methods like ["GET", "POST"], got an array',
      'obelisk.toml:4: activity_wasm[0].allowed_hosts[2].verbs: unknown key; expected one of: pattern, methods',
    ],
  },
  {
    name: 'activity-only keys on a workflow',
    toml: '[[workflow]]\nname = "w"\nlocation.path = "w.wasm"\nenv_vars = ["A=1"]\nmax_retries = 3\n',
    problems: [
      'obelisk.toml:4: workflow[0].env_vars: not a workflow key: workflows are deterministic and see no environment variables; set env_vars on the activities they call',
      'obelisk.toml:5: workflow[0].max_retries: not a workflow key: a workflow is retried without limit when a run times out and never after a trap; max_retries applies to activities',
    ],
  },
  {
    name: 'an unknown key on a workflow lists the keys a workflow has',
    toml: '[[workflow]]\nname = "w"\nlocation.path = "w.wasm"\nblocking = "await"\n',
    problems: [
      'obelisk.toml:4: workflow[0].blocking: unknown key; expected one of: name, location, content_digest, exec, retry_exp_backoff, blocking_strategy, await_timeout, build',
    ],
  },
  {
    name: 'both database names at once',
    toml: '[database.sqlite]\nsynchronous = "full"\n[database.libsql]\nsynchronous = "normal"\n',
    problems: [
      'obelisk.toml:3: database.libsql: [database.libsql] is another name for [database.sqlite]: keep one of them',
    ],
  },
  {
    name: 'PostgreSQL and libSQL at once',
    toml: '[database.sqlite]\nsynchronous = "full"\n[database.postgres]\nurl = "postgres://localhost/obelisk"\n',
    problems: [
      'obelisk.toml:3: database.postgres: [database.postgres] and [database.sqlite] are both set: keep one of them',
    ],
  },
  {
    name: 'a malformed PostgreSQL URL is not echoed (it may hold a password)',
    toml: '[database.postgres]\nurl = "mysql://u:hunter2@h/db"\n',
    problems: [
      'obelisk.toml:2: database.postgres.url: expected a URL like postgres://user:password@host:5432/database (the value is not shown)',
    ],
  },
  {
    name: 'a malformed listening address',
    toml: '[api]\nlistening_addr = "localhost"\n',
    problems: ['obelisk.toml:2: api.listening_addr: expected host:port, e.g. "127.0.0.1:5005", got "localhost"'],
  },
  {
    name: 'a webhook endpoint served by an undeclared HTTP server',
    toml: '[[http_server]]\nname = "public"\nlistening_addr = "127.0.0.1:9090"\n\n[[webhook_endpoint]]\nname = "hook"\nlocation.path = "h.wasm"\nhttp_server = "external"\n',
    problems: [
      'obelisk.toml:8: webhook_endpoint[0].http_server: no [[http_server]] named "external" (declared: public)',
    ],
  },
  {
    name: 'a cron entry with a malformed schedule and function',
    toml: '[[cron]]\nname = "nightly"\nffqn = "fiboa"\nschedule = "every night"\n',
    problems: [
      'obelisk.toml:3: cron[0].ffqn: expected a function name "namespace:package/interface.function", e.g. "testing:fibo/fibo.fibo", got "fiboa"',
      'obelisk.toml:4: cron[0].schedule: expected a cron schedule: 5 fields "minute hour day-of-month month day-of-week" (6 with a leading second), e.g. "*/15 * * * *", or @hourly, @daily, @weekly, @monthly, @yearly, got "every night" (expected 5 or 6 fields, got 2)',
    ],
  },
  {
    name: 'cron entries with both, or neither, of schedule and every, a bad zone and a sub-second interval',
    toml: '[[cron]]\nname = "a"\nffqn = "a:b/c.d"\nschedule = "@daily"\nevery = { minutes = 1 }\n\n[[cron]]\nname = "b"\nffqn = "a:b/c.d"\ntimezone = "Moon/Base"\n\n[[cron]]\nname = "c"\nffqn = "a:b/c.d"\nevery = { milliseconds = 1500 }\ncatch_up = "some"\n',
    problems: [
      'obelisk.toml:5: cron[0].every: schedule and every cannot both be set: keep one of them',
      'obelisk.toml:10: cron[1].timezone: expected an IANA time zone, e.g. "UTC" or "Europe/Prague", got "Moon/Base" (unknown time zone "Moon/Base")',
      'obelisk.toml:16: cron[2].catch_up: expected one of "none", "latest", "all", got "some"',
    ],
  },
  {
    name: 'a TOML syntax error, with line and column',
    toml: '[api]\nlistening_addr = 127.0.0.1:5005\n',
    problems: [
      'obelisk.toml:2:23: TOML syntax error: Unexpected character, expected only whitespace or comments till end of line',
    ],
  },
  {
    name: 'a key defined twice',
    toml: '[log]\nlevel = "info"\nlevel = "debug"\n',
    problems: ["obelisk.toml:3:16: TOML syntax error: Can't redefine existing key"],
  },
  {
    name: 'an env override with a value of the wrong type',
    toml: null,
    env: { OBELISK__WASM__MAX_WORKERS: 'many' },
    problems: ['env OBELISK__WASM__MAX_WORKERS: wasm.max_workers: expected a positive integer, got "many"'],
  },
  {
    name: 'an env override of an unknown key',
    toml: '[api]\n',
    env: { OBELISK__API__PORT: '5005' },
    problems: [
      'env OBELISK__API__PORT: api.port: unknown key; expected one of: listening_addr, token, allow_unauthenticated_non_loopback',
    ],
  },
  {
    name: 'an env override of an array of tables',
    toml: activity('fibo'),
    env: { OBELISK__ACTIVITY_WASM__MAX_RETRIES: '3' },
    problems: [
      'env OBELISK__ACTIVITY_WASM__MAX_RETRIES: [[activity_wasm]] is an array of tables, which cannot be overridden from the environment; edit the config file instead',
    ],
  },
  {
    name: 'an env override below a key that is not a table',
    toml: '[api]\nlistening_addr = "127.0.0.1:5005"\n',
    env: { OBELISK__API__LISTENING_ADDR__PORT: '1' },
    problems: [
      'env OBELISK__API__LISTENING_ADDR__PORT: api.listening_addr is not a table, so api.listening_addr.port cannot be set',
    ],
  },
  {
    name: 'an env override with an empty key',
    toml: null,
    env: { OBELISK__API____TOKEN: 'x' },
    problems: [
      'env OBELISK__API____TOKEN: invalid override name: expected OBELISK__<SECTION>__<KEY>, nested keys joined by __ (e.g. OBELISK__API__LISTENING_ADDR)',
    ],
  },
];

function problemsOf(config: BadConfig): string[] {
  try {
    parseConfig(config.toml, { name: 'obelisk.toml', dir: '/project', env: { HOME: '/home/user', ...config.env } });
  } catch (error: unknown) {
    if (error instanceof ConfigError) {
      return error.problems.map(formatProblem);
    }
    throw error;
  }
  throw new Error('the config loaded without problems');
}

describe('bad configs are rejected with exact messages', () => {
  test.each(CASES)('$name', (config) => {
    expect(problemsOf(config)).toEqual(config.problems);
  });
});

describe('ConfigError', () => {
  test('lists every problem of a file at once, ordered by line, env overrides last', () => {
    const toml = ['[wasm]', 'max_workers = 0', '', activity('Bad'), '', '[log]', 'level = "loud"'].join('\n');
    const problems = problemsOf({ name: '', toml, env: { OBELISK__LOG__FORMAT: 'xml' }, problems: [] });
    expect(problems).toEqual([
      'obelisk.toml:2: wasm.max_workers: expected a positive integer, got 0',
      'obelisk.toml:5: activity_wasm[0].name: expected a name made of a-z, 0-9, _ and - (e.g. "fibo-activity"), got "Bad"',
      'obelisk.toml:9: log.level: expected one of "trace", "debug", "info", "warn", "error", got "loud"',
      'env OBELISK__LOG__FORMAT: log.format: expected one of "plain", "json", got "xml"',
    ]);
  });

  test('its message lists the problems, its hint says where the keys are described, and it serialises them', () => {
    const error = new ConfigError([
      { location: 'obelisk.toml:2', key: 'wasm.max_workers', message: 'expected a positive integer, got 0' },
      {
        location: 'env OBELISK__LOG__FORMAT',
        key: 'log.format',
        message: 'expected one of "plain", "json", got "xml"',
      },
    ]);
    expect(error.code).toBe('config-invalid');
    expect(error.message).toBe(
      'invalid configuration (2 problems):\n  obelisk.toml:2: wasm.max_workers: expected a positive integer, got 0\n  env OBELISK__LOG__FORMAT: log.format: expected one of "plain", "json", got "xml"',
    );
    expect(error.hint).toContain('docs/configuration.md');
    expect(error.toJSON().problems).toEqual([
      'obelisk.toml:2: wasm.max_workers: expected a positive integer, got 0',
      'env OBELISK__LOG__FORMAT: log.format: expected one of "plain", "json", got "xml"',
    ]);
    expect(
      new ConfigError([{ location: 'obelisk.toml:1:5', key: null, message: 'TOML syntax error: x' }]).message,
    ).toBe('invalid configuration: obelisk.toml:1:5: TOML syntax error: x');
  });
});
