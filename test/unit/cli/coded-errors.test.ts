/**
 * Every coded error of every layer, as the CLI shows it: exit code, message and hint (text and
 * `--json`), and for the errors the server answers with (engine errors, the server's own) the
 * API's status and how the CLI shows them after the API client read them back. Only an uncoded
 * throw is "a bug in obelisk". Every subclass of `CodedError` in src/ must have a row here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CodedError, InternalError, UsageError, UserError } from '../../../src/cli/errors.js';
import { reportError } from '../../../src/cli/exit.js';
import { ApiError, ApiProtocolError, ApiTimeoutError, ApiUnreachableError } from '../../../src/client/errors.js';
import { ConfigError } from '../../../src/config/errors.js';
import { ComponentLoadError } from '../../../src/engine/components/registry.js';
import {
  Conflict,
  InvalidArgument,
  InvalidFfqn,
  InvalidId,
  InvalidState,
  NotFound,
  SchemaTooNew,
  StorageBusy,
  StorageFailure,
  VersionConflict,
} from '../../../src/engine/concepts/errors.js';
import { OciError, OciErrorCode } from '../../../src/oci/errors.js';
import { ApiErrorCode, errorReply, HttpError } from '../../../src/server/errors.js';
import { ApiServerListenError, ListenErrorCode } from '../../../src/server/start.js';
import { ValueError, ValueErrorCode } from '../../../src/wit/codec/errors.js';
import { witError, WitErrorCode } from '../../../src/wit/errors.js';
import { SourceFile } from '../../../src/wit/source.js';

const human = { json: false, verbose: false };
const json = { json: true, verbose: false };

interface Row {
  readonly error: Error;
  readonly exitCode: number;
  /** The exact stderr without `--json`. */
  readonly stderr: string;
  /** False for the WIT library's errors, which keep the shape (code, message) but cannot import the base class. */
  readonly coded?: boolean;
}

const ROWS: readonly Row[] = [
  {
    error: new UserError('io', 'cannot read a.wasm', { hint: 'check the path' }),
    exitCode: 1,
    stderr: 'error: cannot read a.wasm\nhint: check the path\n',
  },
  { error: new UsageError('missing argument <ffqn>'), exitCode: 2, stderr: 'error: missing argument <ffqn>\n' },
  {
    error: new ConfigError([
      { location: 'obelisk.toml:2', key: 'wasm.max_workers', message: 'expected a positive integer, got 0' },
    ]),
    exitCode: 1,
    stderr:
      'error: invalid configuration: obelisk.toml:2: wasm.max_workers: expected a positive integer, got 0\nhint: fix the keys listed above; docs/configuration.md describes every key and its default, and `obelisk generate config blank` prints a commented template\n',
  },
  {
    error: new OciError(OciErrorCode.notFound, 'docker.io/a/b:1 does not exist', { hint: 'check the tag' }),
    exitCode: 1,
    stderr: 'error: docker.io/a/b:1 does not exist\nhint: check the tag\n',
  },
  { error: new NotFound('execution', 'E_01'), exitCode: 1, stderr: 'error: execution not found: E_01\n' },
  {
    error: new InvalidFfqn('fibo', 'missing /'),
    exitCode: 1,
    stderr:
      'error: invalid function name "fibo": missing /\nhint: expected namespace:package/interface.function, optionally with @version after the interface\n',
  },
  {
    error: new SchemaTooNew('/data/obelisk.sqlite', 9, 4),
    exitCode: 1,
    stderr:
      'error: the database /data/obelisk.sqlite has schema version 9, but this obelisk supports schema versions up to 4\nhint: upgrade obelisk to a version that knows this schema, or point it at a different database file\n',
  },
  {
    error: new StorageFailure('the disk is full: /data/obelisk.sqlite', { hint: 'free space' }),
    exitCode: 1,
    stderr: 'error: the disk is full: /data/obelisk.sqlite\nhint: free space\n',
  },
  { error: new StorageBusy('the database is locked'), exitCode: 1, stderr: 'error: the database is locked\n' },
  {
    error: new Conflict('E_01 exists with other parameters'),
    exitCode: 1,
    stderr: 'error: E_01 exists with other parameters\n',
  },
  {
    error: new VersionConflict('E_01', 3, 4),
    exitCode: 1,
    stderr: 'error: version conflict on E_01: expected version 3, but it is at version 4\n',
  },
  { error: new InvalidState('E_01 is finished'), exitCode: 1, stderr: 'error: E_01 is finished\n' },
  { error: new InvalidArgument('limit must be 1..1000'), exitCode: 1, stderr: 'error: limit must be 1..1000\n' },
  {
    error: new InvalidId('execution ID', 'X', 'expected E_'),
    exitCode: 1,
    stderr: 'error: invalid execution ID "X": expected E_\n',
  },
  {
    error: new ComponentLoadError('fibo', ['no export']),
    exitCode: 1,
    stderr: 'error: component fibo cannot be loaded:\n  - no export\n',
  },
  {
    error: new ApiError(404, 'not-found', 'execution not found: E_01', 'list executions with obelisk execution list'),
    exitCode: 1,
    stderr: 'error: execution not found: E_01\nhint: list executions with obelisk execution list\n',
  },
  {
    error: new ApiUnreachableError('http://127.0.0.1:1', new Error('ECONNREFUSED')),
    exitCode: 1,
    stderr:
      'error: cannot reach the server at http://127.0.0.1:1: is `obelisk dev` or `obelisk server run` running? (set --api-url or OBELISK_API_URL)\n',
  },
  {
    error: new ApiTimeoutError('http://127.0.0.1:1', 30_000),
    exitCode: 1,
    stderr:
      'error: the server at http://127.0.0.1:1 did not answer within 30 s\nhint: check that the address is an obelisk API and that the server is not overloaded; set OBELISK_HTTP_TIMEOUT_MS to wait longer\n',
  },
  {
    error: new ApiProtocolError('the server answered 200 with a body that is not JSON: <html>'),
    exitCode: 1,
    stderr: 'error: the server answered 200 with a body that is not JSON: <html>\n',
  },
  {
    error: new HttpError(
      401,
      ApiErrorCode.unauthorized,
      'this server requires an API token',
      'pass the token as `Authorization: Bearer <token>` (CLI: --api-token or OBELISK_API_TOKEN)',
    ),
    exitCode: 1,
    stderr:
      'error: this server requires an API token\nhint: pass the token as `Authorization: Bearer <token>` (CLI: --api-token or OBELISK_API_TOKEN)\n',
  },
  {
    error: new HttpError(413, ApiErrorCode.payloadTooLarge, 'the request body is larger than 1048576 bytes'),
    exitCode: 1,
    stderr: 'error: the request body is larger than 1048576 bytes\n',
  },
  {
    error: new ApiServerListenError(ListenErrorCode.addressInUse, '127.0.0.1', 5005, new Error('EADDRINUSE')),
    exitCode: 1,
    stderr:
      'error: cannot listen on 127.0.0.1:5005: the address is already in use\nhint: stop the other server that listens there, or choose another port\n',
  },
  {
    error: new ApiServerListenError(ListenErrorCode.addressNotAvailable, '10.9.9.9', 5005, new Error('EADDRNOTAVAIL')),
    exitCode: 1,
    stderr:
      'error: cannot listen on 10.9.9.9:5005: the address is not available on this machine\nhint: choose an address of this machine, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (all)\n',
  },
  {
    error: new ApiServerListenError(ListenErrorCode.permissionDenied, '::1', 80, new Error('EACCES')),
    exitCode: 1,
    stderr:
      'error: cannot listen on [::1]:80: permission denied\nhint: ports below 1024 need extra privileges: choose a port of 1024 or more\n',
  },
  {
    error: new ApiServerListenError(
      ListenErrorCode.listenFailed,
      '127.0.0.1',
      5005,
      new Error('EMFILE: too many open files'),
    ),
    exitCode: 1,
    stderr:
      'error: cannot listen on 127.0.0.1:5005: EMFILE: too many open files\nhint: check the host and port to listen on\n',
  },
  {
    error: witError(WitErrorCode.syntax, new SourceFile('a.wit', 'package a:b\n'), 11, 1, 'expected `;`'),
    exitCode: 1,
    stderr: 'error: a.wit:1:12: expected `;`\n1 | package a:b\n  |            ^\n',
    coded: false,
  },
  {
    error: new ValueError(ValueErrorCode.invalidValue, 'expected u8, got [1,[2]]', 'u8'),
    exitCode: 1,
    stderr: 'error: expected u8, got [1,[2]]\n',
    coded: false,
  },
];

describe('coded errors of every layer in the CLI', () => {
  test.each(ROWS)('$error.name: $error.message', ({ error, exitCode, stderr, coded }) => {
    expect(error instanceof CodedError).toBe(coded !== false);
    expect(reportError(error, human)).toEqual({ exitCode, stderr });
    const [message, hint] = [
      stderr
        .split('\nhint: ')[0]
        ?.replace(/^error: /, '')
        .replace(/\n$/, ''),
      stderr.split('\nhint: ')[1]?.replace(/\n$/, ''),
    ];
    const printed = JSON.parse(reportError(error, json).stderr) as { error: Record<string, unknown> };
    expect(printed.error).toMatchObject(hint === undefined ? { message } : { message, hint });
    expect(printed.error['code']).toBe((error as Error & { code: string }).code);
  });

  test('an uncoded throw, and only that, is a bug in obelisk', () => {
    for (const error of [
      new TypeError('x is undefined'),
      new InternalError('broken invariant'),
      Object.assign(new Error('no such file'), { code: 'ENOENT' }),
    ]) {
      expect(reportError(error, human).stderr).toContain('This is a bug in obelisk');
    }
  });

  test('every subclass of CodedError in src/ has a row', () => {
    const rows = new Set(ROWS.map((row) => row.error.constructor.name));
    const found = concreteCodedErrors();
    expect(found).toEqual(expect.arrayContaining(['UsageError', 'NotFound', 'HttpError', 'ApiServerListenError']));
    expect(found.filter((name) => !rows.has(name))).toEqual([]);
  });
});

/** The names of the non-abstract classes in src/ that extend `CodedError`, directly or not. */
function concreteCodedErrors(): string[] {
  const root = join(import.meta.dirname, '../../../src');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file));
  const parents = new Map<string, { parent: string; abstract: boolean }>();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/^export (abstract )?class (\w+) extends (\w+)/gm)) {
      parents.set(match[2] as string, { parent: match[3] as string, abstract: match[1] !== undefined });
    }
  }
  const isCoded = (name: string): boolean => {
    const parent = parents.get(name)?.parent;
    return parent === 'CodedError' || (parent !== undefined && isCoded(parent));
  };
  return [...parents].filter(([name, { abstract }]) => !abstract && isCoded(name)).map(([name]) => name);
}

/**
 * Errors crossing the API (the engine's and the server's own): the server's status and body,
 * read back by the client, shown by the CLI.
 */
const THROUGH_API: readonly { readonly error: CodedError; readonly status: number }[] = [
  { error: new NotFound('execution', 'E_01'), status: 404 },
  { error: new InvalidFfqn('fibo', 'missing /'), status: 400 },
  { error: new InvalidId('execution ID', 'X', 'expected E_'), status: 400 },
  { error: new InvalidArgument('limit must be 1..1000'), status: 400 },
  { error: new Conflict('E_01 exists with other parameters'), status: 409 },
  { error: new VersionConflict('E_01', 3, 4), status: 409 },
  { error: new InvalidState('E_01 is finished'), status: 409 },
  { error: new StorageBusy('the database is locked'), status: 503 },
  { error: new StorageFailure('the disk is full', { hint: 'free space' }), status: 500 },
  { error: new SchemaTooNew('/data/obelisk.sqlite', 9, 4), status: 500 },
  { error: new ComponentLoadError('fibo', ['no export']), status: 400 },
  {
    error: new HttpError(404, ApiErrorCode.notFound, 'no route GET "/v2"', 'GET /openapi.json lists the routes'),
    status: 404,
  },
  {
    error: new HttpError(
      401,
      ApiErrorCode.unauthorized,
      'the API token is not valid',
      'pass the token as `Authorization: Bearer <token>` (CLI: --api-token or OBELISK_API_TOKEN)',
    ),
    status: 401,
  },
  {
    error: new HttpError(405, ApiErrorCode.methodNotAllowed, 'DELETE is not allowed on "/v1/executions"'),
    status: 405,
  },
  {
    error: new HttpError(413, ApiErrorCode.payloadTooLarge, 'the request body is larger than 1048576 bytes'),
    status: 413,
  },
];

describe('errors through the API', () => {
  test.each(THROUGH_API)(
    '$error.name answers $status and reads back with its code, message and hint',
    ({ error, status }) => {
      const reply = errorReply(error);
      expect(reply.status).toBe(status);
      const read = new ApiError(reply.status, reply.body.code, reply.body.message, reply.body.hint);
      expect(reportError(read, human)).toEqual(reportError(error, human));
      expect(JSON.parse(reportError(read, json).stderr)).toEqual(JSON.parse(reportError(error, json).stderr));
    },
  );
});
