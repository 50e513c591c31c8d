import * as shimFilesystem from '@bytecodealliance/preview2-shim/filesystem';
import * as shimHttp from '@bytecodealliance/preview2-shim/http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createActivityRuntime, type ActivityRuntime } from '../../../src/engine/runtime/activity-runtime.js';
import { createAttemptImports, GuestExitError } from '../../../src/engine/runtime/attempt-imports.js';
import { OutputSink } from '../../../src/engine/runtime/output-sink.js';
import { buildWatActivity, WAT_ACTIVITIES } from '../../fixtures/wat/activities.js';
import { makeTempDir } from '../../helpers/tmp.js';

/** The Node build of preview2-shim (the package's `types` condition points at the browser typings). */
const filesystem = shimFilesystem as unknown as {
  _setPreopens(preopens: Record<string, string>): void;
  _clearPreopens(): void;
  preopens: { getDirectories(): unknown[] };
};
const http = shimHttp as unknown as {
  types: {
    Fields: new () => object;
    OutgoingRequest: new (headers: object) => {
      setAuthority(a: string): void;
      setScheme(s: object): void;
      setPathWithQuery(p: string): void;
      setMethod(m: object): void;
    };
  };
};

type Imports = Record<string, Record<string, (...args: never[]) => unknown>>;

function attemptImports(denied: string[] = []): Imports {
  const sink = new OutputSink({ emit: () => undefined });
  return createAttemptImports({
    env: { ONLY: 'this' },
    allowedHosts: [{ pattern: 'api.example.com', methods: ['GET'] }],
    sink,
    onHttpDenied: (m) => denied.push(m),
  }) as Imports;
}

let runtime: ActivityRuntime;
beforeAll(() => {
  // What ComponentizeJS needs (and the fixture setup does) in a process: every host path preopened.
  filesystem._setPreopens({ '/': '/' });
  runtime = createActivityRuntime({ cacheDir: makeTempDir(), poolSize: 1, log: () => undefined });
});
afterAll(async () => {
  filesystem._clearPreopens();
  await runtime.close(0);
});

describe('the WASI of an attempt', () => {
  test('has no preopened directories even after _setPreopens({"/": "/"}) ran in this process', async () => {
    expect(filesystem.preopens.getDirectories()).toHaveLength(1);
    const imports = attemptImports();
    expect(imports['wasi:filesystem/preopens']?.['getDirectories']?.()).toEqual([]);

    const { digest } = await runtime.load(await buildWatActivity('preopens'));
    const { interfaceName, functionName } = WAT_ACTIVITIES.preopens;
    const outcome = await runtime.runAttempt({
      digest,
      interfaceName,
      functionName,
      params: [],
      env: {},
      allowedHosts: [],
      maxDurationMs: 30_000,
    });
    expect(outcome).toEqual({ kind: 'ok', value: 0 });
  });

  test('exposes only the configured env, no arguments, no cwd and no terminal', () => {
    const imports = attemptImports();
    const environment = imports['wasi:cli/environment'];
    expect(environment?.['getEnvironment']?.()).toEqual([['ONLY', 'this']]);
    expect(environment?.['getArguments']?.()).toEqual([]);
    expect(environment?.['initialCwd']?.()).toBeUndefined();
    expect(imports['wasi:cli/terminal-stdout']?.['getTerminalStdout']?.()).toBeUndefined();
  });

  test('gives the guest an empty stdin', () => {
    const stdin = attemptImports()['wasi:cli/stdin']?.['getStdin']?.() as { blockingRead(len: bigint): unknown };
    expect(() => stdin.blockingRead(10n)).toThrow(expect.objectContaining({ tag: 'closed' }));
  });

  test('turns wasi:cli/exit into an error instead of ending the thread', () => {
    const exit = attemptImports()['wasi:cli/exit']?.['exit'] as (status: { tag: string }) => never;
    expect(() => exit({ tag: 'ok' })).toThrow(GuestExitError);
  });

  test('answers a request outside allowed_hosts with HTTP-request-denied and reports it', () => {
    const denied: string[] = [];
    const handle = attemptImports(denied)['wasi:http/outgoing-handler']?.['handle'] as (
      request: object,
      options: undefined,
    ) => unknown;
    const request = new http.types.OutgoingRequest(new http.types.Fields());
    request.setMethod({ tag: 'post' });
    request.setScheme({ tag: 'HTTPS' });
    request.setAuthority('api.example.com');
    request.setPathWithQuery('/users');
    expect(() => handle(request, undefined)).toThrow(expect.objectContaining({ tag: 'HTTP-request-denied' }));
    expect(denied).toHaveLength(1);
    expect(denied[0]).toContain('POST');
    expect(denied[0]).toContain('allowed_hosts');
  });
});
