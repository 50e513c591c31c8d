import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createActivityRuntime,
  type ActivityRuntime,
  type AttemptOptions,
  type RuntimeLogEntry,
} from '../../../src/engine/runtime/activity-runtime.js';
import type { AllowedHost } from '../../../src/engine/runtime/allowed-hosts.js';
import type { ContentDigest } from '../../../src/engine/runtime/digest.js';
import { jsFixture } from '../../helpers/components.js';
import { makeTempDir } from '../../helpers/tmp.js';

const logs: RuntimeLogEntry[] = [];
let runtime: ActivityRuntime;
let server: Server;
let hits: string[] = [];
let origin: string;
let httpDigest: ContentDigest;
let fiboDigest: ContentDigest;

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.end('hello from the test server');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  runtime = createActivityRuntime({ cacheDir: makeTempDir(), poolSize: 1, log: (entry) => logs.push(entry) });
  httpDigest = (await runtime.load(readFileSync(jsFixture('http-activity')))).digest;
  fiboDigest = (await runtime.load(readFileSync(jsFixture('fibo-activity')))).digest;
});
afterAll(async () => {
  await runtime.close(0);
  await new Promise((resolve) => server.close(resolve));
});

function request(method: string, allowedHosts: readonly AllowedHost[]): AttemptOptions {
  hits = [];
  logs.length = 0;
  return {
    digest: httpDigest,
    interfaceName: 'testing:http/http',
    functionName: 'request',
    params: [method, `${origin}/ping`],
    env: {},
    allowedHosts,
    maxDurationMs: 30_000,
  };
}

describe('outgoing HTTP of a ComponentizeJS activity through wasi:http', () => {
  test('a request to an allowed host reaches the server', { tags: ['slow'] }, async () => {
    const outcome = await runtime.runAttempt(request('GET', [{ pattern: 'http://127.0.0.1:*' }]));
    expect(outcome).toEqual({ kind: 'ok', value: '200 hello from the test server' });
    expect(hits).toEqual(['GET /ping']);
  });

  test(
    'a request is denied by default: it never leaves the process and the denial is logged',
    { tags: ['slow'] },
    async () => {
      const outcome = await runtime.runAttempt(request('GET', []));
      expect(outcome).toMatchObject({ kind: 'err', value: expect.stringContaining('request failed') });
      expect(hits).toEqual([]);
      const warning = logs.find((entry) => entry.level === 'warn');
      expect(warning?.message).toContain(`GET ${origin}`);
      expect(warning?.message).toContain('allowed_hosts');
      expect(warning?.fields).toMatchObject({ function: 'testing:http/http.request' });
    },
  );

  test('a method outside the entry methods is denied', { tags: ['slow'] }, async () => {
    const outcome = await runtime.runAttempt(request('POST', [{ pattern: 'http://127.0.0.1:*', methods: ['GET'] }]));
    expect(outcome.kind).toBe('err');
    expect(hits).toEqual([]);
    expect(logs.find((entry) => entry.level === 'warn')?.message).toContain('method POST');
  });

  test('a host that matches no pattern is denied', { tags: ['slow'] }, async () => {
    const outcome = await runtime.runAttempt(
      request('GET', [{ pattern: '*.example.com' }, { pattern: 'http://127.0.0.1:1' }]),
    );
    expect(outcome.kind).toBe('err');
    expect(hits).toEqual([]);
  });
});

describe('a ComponentizeJS activity', () => {
  test('returns its result and has console.log captured as stdout', { tags: ['slow'] }, async () => {
    let stdout = '';
    const outcome = await runtime.runAttempt({
      digest: fiboDigest,
      interfaceName: 'testing:fibo/fibo',
      functionName: 'fibo',
      params: [10],
      env: {},
      allowedHosts: [],
      maxDurationMs: 30_000,
      onOutput: (stream, chunk) => {
        if (stream === 'stdout') {
          stdout += chunk;
        }
      },
    });
    expect(outcome).toEqual({ kind: 'ok', value: 55n });
    expect(stdout).toBe('fibo(10) = 55\n');
  });
});
