/**
 * Inputs a user gets wrong, run through the built CLI, with the exact answer each one prints:
 * never "a bug in obelisk", never a secret, values shown as written.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

let dir = '';

beforeAll(() => {
  dir = makeTempDir('obelisk-user-errors-');
  mkdirSync(join(dir, 'a-folder'));
  mkdirSync(join(dir, '.obelisk', 'obelisk.sqlite'), { recursive: true });
  writeFileSync(join(dir, 'a-file'), 'not a folder\n');
  writeFileSync(join(dir, 'bell.wit'), 'package a:b;\ninterface i {\n  f: func(x: u32\u0007);\n}\n');
});

interface Case {
  readonly name: string;
  /** The config file's text (written as obelisk.toml); `null`: none. */
  readonly toml: string | null;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  readonly code: number;
  /** The exact stderr, with the test's temp folder written as `<dir>`. */
  readonly stderr: string;
}

const VERIFY_HINT =
  'hint: fix the problems listed above and run `obelisk server verify` again; docs/configuration.md describes every key';
const INT64 = 'TOML integers are 64-bit (-9223372036854775808 to 9223372036854775807)';
const ENV_ENTRY = 'expected "NAME" (copied from the host), "NAME=value" or { key = "NAME", value = "..." }';
const DEEP = 10_000;

const verifyProblems = (...problems: string[]): string =>
  [
    `error: the configuration has ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}:`,
    ...problems.map((p) => `  - ${p}`),
    VERIFY_HINT,
    '',
  ].join('\n');

const activity = (...lines: string[]): string =>
  ['[[activity_wasm]]', 'name = "a"', 'location.path = "a.wasm"', ...lines, ''].join('\n');

const CASES: readonly Case[] = [
  {
    name: 'a 10,000-deep array',
    toml: `[wasm]\nmax_workers = ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`,
    args: ['server', 'verify'],
    code: 1,
    stderr: verifyProblems(
      'obelisk.toml:2: wasm.max_workers: arrays and tables nested more than 32 levels deep; no key of the configuration nests that deeply',
    ),
  },
  {
    name: 'a 10,000-deep inline table',
    toml: `[wasm]\nx = ${'{ a = '.repeat(DEEP)}1${' }'.repeat(DEEP)}\n`,
    args: ['server', 'run'],
    code: 1,
    stderr: [
      'error: invalid configuration: obelisk.toml:2: wasm.x.a.a: arrays and tables nested more than 32 levels deep; no key of the configuration nests that deeply',
      'hint: fix the keys listed above; docs/configuration.md describes every key and its default, and `obelisk generate config blank` prints a commented template',
      '',
    ].join('\n'),
  },
  {
    name: 'a database path that is a folder (server verify)',
    toml: '[database.sqlite]\nfile = "a-folder"\n',
    args: ['server', 'verify'],
    code: 1,
    stderr: verifyProblems(
      'database.sqlite.file: the database path <dir>/a-folder is a folder, not a database file; point database.sqlite.file at a file, e.g. <dir>/a-folder/obelisk.sqlite',
    ),
  },
  {
    name: 'a database path that is a folder (server run)',
    toml: '[database.sqlite]\nfile = "a-folder"\n[api]\nlistening_addr = "127.0.0.1:0"\n',
    args: ['server', 'run'],
    code: 1,
    stderr: [
      'error: the database path <dir>/a-folder is a folder, not a database file',
      'hint: point database.sqlite.file at a file, e.g. <dir>/a-folder/obelisk.sqlite',
      '',
    ].join('\n'),
  },
  {
    name: 'a database path that is a folder (dev)',
    toml: '[api]\nlistening_addr = "127.0.0.1:0"\n',
    args: ['dev'],
    code: 1,
    stderr: [
      'error: the database path <dir>/.obelisk/obelisk.sqlite is a folder, not a database file',
      'hint: move the folder <dir>/.obelisk/obelisk.sqlite away: the database is kept in a file of that name',
      '',
    ].join('\n'),
  },
  {
    name: 'a database path under a file (server run)',
    toml: '[database.sqlite]\nfile = "a-file/obelisk.sqlite"\n[api]\nlistening_addr = "127.0.0.1:0"\n',
    args: ['server', 'run'],
    code: 1,
    stderr: [
      'error: the database path <dir>/a-file/obelisk.sqlite lies under <dir>/a-file, which is a file, not a folder',
      'hint: move the file <dir>/a-file away, or point database.sqlite.file at a file in a folder',
      '',
    ].join('\n'),
  },
  {
    name: 'a database path in a folder nobody may write (server verify)',
    toml: '[database.sqlite]\nfile = "/sys/obelisk.sqlite"\n',
    args: ['server', 'verify'],
    code: 1,
    stderr: verifyProblems(
      'database.sqlite.file: the database file /sys/obelisk.sqlite cannot be created: the folder /sys is not writable (EACCES); give this user write access to /sys, or point database.sqlite.file at a file in a writable folder',
    ),
  },
  {
    name: 'a database path in a folder nobody may write (server run)',
    toml: '[database.sqlite]\nfile = "/sys/obelisk.sqlite"\n[api]\nlistening_addr = "127.0.0.1:0"\n',
    args: ['server', 'run'],
    code: 1,
    stderr: [
      'error: the database file /sys/obelisk.sqlite cannot be created: the folder /sys is not writable (EACCES)',
      'hint: give this user write access to /sys, or point database.sqlite.file at a file in a writable folder',
      '',
    ].join('\n'),
  },
  {
    name: 'secret-bearing env_vars entries',
    toml: activity('env_vars = ["=hunter2", { key = "PASSWORD", value = 12345 }, "LANG"]'),
    args: ['server', 'verify'],
    env: { LANG: 'C' },
    code: 1,
    stderr: verifyProblems(
      `obelisk.toml:4: activity_wasm[0].env_vars[0]: ${ENV_ENTRY}, got *** (a name is made of letters, digits and _)`,
      'obelisk.toml:4: activity_wasm[0].env_vars[1].value: expected a string, got ***',
    ),
  },
  {
    name: 'a ${VAR} value in a key that rejects it',
    toml: '[database.postgres]\nhost = "db"\npool_size = "${POOL}"\n',
    args: ['server', 'verify'],
    env: { POOL: 'hunter2' },
    code: 1,
    stderr: verifyProblems('obelisk.toml:3: database.postgres.pool_size: expected a positive integer, got ***'),
  },
  {
    name: 'a URL with a password where none belongs',
    toml: '[api]\nlistening_addr = "http://admin:hunter2@127.0.0.1:5005"\n',
    args: ['server', 'verify'],
    code: 1,
    stderr: verifyProblems('obelisk.toml:2: api.listening_addr: expected host:port, e.g. "127.0.0.1:5005", got ***'),
  },
  {
    name: 'a PostgreSQL URL that does not parse',
    toml: '[database.postgres]\nurl = "postgres://admin:hunter2@db:port/x"\n',
    args: ['server', 'verify'],
    code: 1,
    stderr: verifyProblems(
      'obelisk.toml:2: database.postgres.url: expected a URL like postgres://user:password@host:5432/database (the value is not shown)',
    ),
  },
  {
    name: 'out-of-range integers',
    toml: '[wasm]\nmax_workers = 99999999999999999999\n[[cron]]\nname = "c"\nffqn = "a:b/c.d"\nparams = [-18446744073709551617]\nevery = { hours = 1 }\n',
    args: ['server', 'verify'],
    code: 1,
    stderr: verifyProblems(
      `obelisk.toml:2: wasm.max_workers: 99999999999999999999 is out of range: ${INT64}`,
      `obelisk.toml:6: cron[0].params[0]: -18446744073709551617 is out of range: ${INT64}`,
    ),
  },
  {
    name: 'an out-of-range integer from an env override',
    toml: null,
    args: ['server', 'verify'],
    env: { OBELISK__WASM__MAX_WORKERS: '99999999999999999999' },
    code: 1,
    stderr: verifyProblems(
      'env OBELISK__WASM__MAX_WORKERS: wasm.max_workers: expected a positive integer, got 99999999999999999999',
    ),
  },
  {
    name: 'nested parameter values',
    toml: null,
    args: ['execution', 'submit', '--api-url', 'http://127.0.0.1:1', 'a:b/c.d', '{"a":[1,[2]]}'],
    code: 2,
    stderr: [
      'error: the parameters must be a JSON array, got {"a":[1,[2]]}',
      `hint: pass one JSON array ('[10, "text"]'), @params.json, or one JSON value per parameter after --  (-- 10 '"text"')`,
      '',
    ].join('\n'),
  },
  {
    name: 'a control character in WIT',
    toml: null,
    args: ['wit', 'inspect', 'bell.wit'],
    code: 1,
    stderr: [
      'error: bell.wit:3:17: invalid character U+0007: control and bidirectional-override characters are not allowed in WIT; expected a printable character',
      '3 |   f: func(x: u32\\u0007);',
      '  |                 ^^^^^^',
      '',
    ].join('\n'),
  },
];

/** The cases share one folder (and its obelisk.toml), so they run one after another. */
describe('user errors print a clear answer', () => {
  test.each(CASES)('$name', async (c) => {
    const config = join(dir, 'obelisk.toml');
    rmSync(config, { force: true });
    if (c.toml !== null) {
      writeFileSync(config, c.toml);
    }
    const result = await runObelisk(c.args, {
      cwd: dir,
      env: { HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CACHE_HOME: join(dir, 'cache'), ...c.env },
      timeoutMs: 30_000,
    });
    expect(result.stderr.split(dir).join('<dir>')).toBe(c.stderr);
    expect(result.code).toBe(c.code);
  });
});

describe('the CLI against a server that never answers', () => {
  test('a request times out after OBELISK_HTTP_TIMEOUT_MS with the address and what to do', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const result = await runObelisk(['execution', 'list', '--api-url', url], {
        env: { OBELISK_HTTP_TIMEOUT_MS: '300' },
        timeoutMs: 30_000,
      });
      expect(result.stderr.split(url).join('<url>')).toBe(
        [
          'error: the server at <url> did not answer within 300 ms',
          'hint: check that the address is an obelisk API and that the server is not overloaded; set OBELISK_HTTP_TIMEOUT_MS to wait longer',
          '',
        ].join('\n'),
      );
      expect(result.code).toBe(1);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      server.close();
    }
  });
});
