/**
 * Over-long and control-character inputs sent to a running server, with their exact answers;
 * refusals of Node's HTTP parser answer the same JSON error body; 50 concurrent long polls add
 * no listener warning.
 */
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, test } from 'vitest';
import {
  createEngine,
  InvalidArgument,
  MAX_EXECUTION_ID_LENGTH,
  MAX_FFQN_LENGTH,
  MAX_QUEUE_LENGTH,
  openLibsqlStore,
} from '../../../src/engine/index.js';
import { startApiServer } from '../../../src/server/index.js';
import * as wire from '../../../src/wire/common.js';
import { buildWatActivity, watActivityFfqn } from '../../fixtures/wat/activities.js';
import { TEST_CODEGEN_DIR } from '../../helpers/components.js';
import { apiHarness, FFQN, type ApiHarness } from './harness.js';

const ID = 'E_01KBXJ3Q4ZP6W8J9N2M5R7T1VA';
const LONG = 'x'.repeat(100_000);

interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const CASES: readonly Case[] = [
  {
    name: 'a 100,000-character FFQN',
    method: 'POST',
    path: '/v1/executions',
    body: { ffqn: LONG, params: [] },
    status: 400,
    code: 'invalid-request',
    message: 'body.ffqn: longer than 512 characters',
  },
  {
    name: 'an FFQN with a NUL',
    method: 'POST',
    path: '/v1/executions',
    body: { ffqn: `${FFQN.addOne}\u0000`, params: [1] },
    status: 400,
    code: 'invalid-request',
    message: 'body.ffqn: contains a control character',
  },
  {
    name: 'an invalid FFQN of 512 characters',
    method: 'POST',
    path: '/v1/executions',
    body: { ffqn: `ns:pkg/ifc.fn_${'x'.repeat(498)}`, params: [] },
    status: 400,
    code: 'invalid-ffqn',
    message: `invalid function name "ns:pkg/ifc.fn_${'x'.repeat(50)}"… (512 characters): "fn_${'x'.repeat(61)}"… (501 characters) is not a valid function name`,
  },
  {
    name: 'a short FFQN that matches nothing',
    method: 'POST',
    path: '/v1/executions',
    body: { ffqn: `.../${'q'.repeat(500)}.fn`, params: [] },
    status: 404,
    code: 'not-found',
    message: `no loaded function matches ".../${'q'.repeat(60)}"… (507 characters)`,
  },
  {
    name: 'a 129-character queue',
    method: 'POST',
    path: '/v1/executions',
    body: { ffqn: FFQN.addOne, params: [1], queue: 'q'.repeat(129) },
    status: 400,
    code: 'invalid-request',
    message: 'body.queue: longer than 128 characters',
  },
  {
    name: 'a 100,000-character queue',
    method: 'POST',
    path: '/v1/executions',
    body: { ffqn: FFQN.addOne, params: [1], queue: LONG },
    status: 400,
    code: 'invalid-request',
    message: 'body.queue: longer than 128 characters',
  },
  {
    name: 'a queue with a NUL',
    method: 'POST',
    path: '/v1/executions',
    body: { ffqn: FFQN.addOne, params: [1], queue: 'fast\u0000lane' },
    status: 400,
    code: 'invalid-request',
    message: 'body.queue: contains a control character',
  },
  {
    name: 'a queue with a newline',
    method: 'POST',
    path: '/v1/executions',
    body: { ffqn: FFQN.addOne, params: [1], queue: 'fast\nlane' },
    status: 400,
    code: 'invalid-request',
    message: 'body.queue: contains a control character',
  },
  {
    name: 'an empty queue',
    method: 'POST',
    path: '/v1/executions',
    body: { ffqn: FFQN.addOne, params: [1], queue: '' },
    status: 400,
    code: 'invalid-request',
    message: 'body.queue: must not be empty',
  },
  {
    name: 'a 100,000-character execution ID in the body',
    method: 'POST',
    path: '/v1/executions',
    body: { ffqn: FFQN.addOne, params: [1], execution_id: LONG },
    status: 400,
    code: 'invalid-request',
    message: 'body.execution_id: longer than 512 characters',
  },
  {
    name: 'an invalid execution ID of 300 characters in the body',
    method: 'POST',
    path: '/v1/executions',
    body: { ffqn: FFQN.addOne, params: [1], execution_id: `E_${'Z'.repeat(298)}` },
    status: 400,
    code: 'invalid-id',
    message: `invalid execution ID "E_${'Z'.repeat(62)}"… (300 characters): expected E_<ulid> or E_<ulid>.<join-set-id>_<n>`,
  },
  {
    name: 'a 10,000-character execution ID in the path',
    method: 'GET',
    path: `/v1/executions/${'E'.repeat(10_000)}`,
    status: 400,
    code: 'invalid-request',
    message: 'path.id: longer than 512 characters',
  },
  {
    name: 'an execution ID with a NUL in the path',
    method: 'GET',
    path: `/v1/executions/${ID}%00`,
    status: 400,
    code: 'invalid-request',
    message: 'path.id: contains a control character',
  },
  {
    name: 'an invalid execution ID of 300 characters in the path',
    method: 'GET',
    path: `/v1/executions/E_${'Z'.repeat(298)}/result`,
    status: 400,
    code: 'invalid-id',
    message: `invalid execution ID "E_${'Z'.repeat(62)}"… (300 characters): expected E_<ulid> or E_<ulid>.<join-set-id>_<n>`,
  },
  {
    name: 'an unknown 10,000-character path',
    method: 'GET',
    path: `/v1/${'p'.repeat(10_000)}`,
    status: 404,
    code: 'not-found',
    message: `no route GET "/v1/${'p'.repeat(60)}"… (10004 characters)`,
  },
  {
    name: 'malformed percent-encoding in a long path segment',
    method: 'GET',
    path: `/v1/executions/%E0%A4%A${'z'.repeat(1000)}`,
    status: 400,
    code: 'invalid-request',
    message: `malformed percent-encoding in the path segment "%E0%A4%A${'z'.repeat(56)}"… (1008 characters)`,
  },
  {
    name: 'a queue filter with a NUL',
    method: 'GET',
    path: '/v1/executions?queue=a%00b',
    status: 400,
    code: 'invalid-request',
    message: 'query.queue: contains a control character',
  },
  {
    name: 'a 10,000-character FFQN prefix filter',
    method: 'GET',
    path: `/v1/executions?ffqn_prefix=${'f'.repeat(10_000)}`,
    status: 400,
    code: 'invalid-request',
    message: 'query.ffqn_prefix: longer than 512 characters',
  },
  {
    name: 'a PUT whose body names another execution ID',
    method: 'PUT',
    path: `/v1/executions/${ID}`,
    body: { ffqn: FFQN.addOne, params: [1], execution_id: 'E_01KBXJ3Q4ZP6W8J9N2M5R7T1VB' },
    status: 400,
    code: 'invalid-request',
    message: `the body's execution_id "E_01KBXJ3Q4ZP6W8J9N2M5R7T1VB" is not the ID in the path "${ID}"`,
  },
];

describe('bounded inputs', () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await apiHarness({ start: false });
  });

  it.each(CASES)('$name: $status $code', async ({ method, path, body, status, code, message }) => {
    const response = await h.request(method, path, body === undefined ? {} : { body });
    expect({ status: response.status, code: response.json?.code, message: response.json?.message }).toEqual({
      status,
      code,
      message,
    });
  });
});

describe('bounds shared by the engine and the API', () => {
  test('the wire schemas and the engine have the same limits', () => {
    expect([wire.MAX_FFQN_LENGTH, wire.MAX_EXECUTION_ID_LENGTH, wire.MAX_QUEUE_LENGTH]).toEqual([
      MAX_FFQN_LENGTH,
      MAX_EXECUTION_ID_LENGTH,
      MAX_QUEUE_LENGTH,
    ]);
  });

  test('engine.submit refuses an over-long or control-character queue and execution ID', async () => {
    const h = await apiHarness({ start: false });
    const submit = (options: { queue?: string; executionId?: string }) => h.engine.submit(FFQN.addOne, [1], options);
    await expect(submit({ queue: 'q'.repeat(129) })).rejects.toThrow(
      new InvalidArgument(`the queue name "${'q'.repeat(64)}"… (129 characters) is longer than 128 characters`),
    );
    await expect(submit({ queue: 'a\u0000b' })).rejects.toThrow(
      new InvalidArgument('the queue name "a\\u0000b" contains a control character'),
    );
    await expect(submit({ executionId: `${ID}\n` })).rejects.toThrow(
      new InvalidArgument(`the execution ID "${ID}\\n" contains a control character`),
    );
    await expect(h.engine.submit(LONG, [])).rejects.toThrow(
      new InvalidArgument(`the function name "${'x'.repeat(64)}"… (100000 characters) is longer than 512 characters`),
    );
    expect((await h.engine.listExecutions({})).executions).toEqual([]);
  });
});

describe('idempotent submission', () => {
  test('the same ID and parameters on another queue is a 409 conflict; on the same queue a 200', async () => {
    const h = await apiHarness({ start: false });
    const submit = (queue: string) =>
      h.request('PUT', `/v1/executions/${ID}`, { body: { ffqn: FFQN.addOne, params: [1], queue } });
    expect((await submit('fast')).status).toBe(201);
    expect(await submit('fast')).toMatchObject({ status: 200, json: { created: false } });
    expect(await submit('slow')).toMatchObject({
      status: 409,
      json: {
        code: 'conflict',
        message: `execution ${ID} already exists with a different function, parameters or queue`,
      },
    });
  });

  test('a PUT body with the path ID itself is accepted', async () => {
    const h = await apiHarness({ start: false });
    const response = await h.request('PUT', `/v1/executions/${ID}`, {
      body: { ffqn: FFQN.addOne, params: [1], execution_id: ID },
    });
    expect(response.status).toBe(201);
  });
});

/** Sends `text` on a raw connection and reads the whole answer. */
async function raw(url: string, text: string): Promise<{ status: number; headers: string; body: unknown }> {
  const { hostname, port } = new URL(url);
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(text));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const status = Number(head.split(' ')[1]);
  return { status, headers: head.toLowerCase(), body: JSON.parse(body) as unknown };
}

describe('requests refused by the HTTP parser', () => {
  test.each([
    {
      name: 'headers over 16 KiB',
      request: `GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'b'.repeat(20_000)}\r\n\r\n`,
      status: 431,
      body: {
        code: 'header-too-large',
        message: 'the request headers are too large',
        hint: 'send fewer or shorter headers (the server accepts 16 KiB in all by default)',
      },
    },
    {
      name: 'a bad request line',
      request: 'HELLO THERE\r\n\r\n',
      status: 400,
      body: { code: 'malformed-http', message: 'the request is not well-formed HTTP/1.1' },
    },
    {
      name: 'a header line without a colon',
      request: 'GET /healthz HTTP/1.1\r\nhost: x\r\nnot a header\r\n\r\n',
      status: 400,
      body: { code: 'malformed-http', message: 'the request is not well-formed HTTP/1.1' },
    },
  ])('$name: $status with the JSON error body', async ({ request, status, body }) => {
    const h = await apiHarness({ start: false });
    const answer = await raw(h.url, request);
    expect(answer.status).toBe(status);
    expect(answer.headers).toContain('content-type: application/json; charset=utf-8');
    expect(answer.body).toEqual(body);
  });
});

describe('listeners', () => {
  let warnings: Error[] = [];
  const onWarning = (warning: Error): void => void warnings.push(warning);
  beforeEach(() => {
    warnings = [];
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });

  test('75 concurrent followers and 25 result reads add no MaxListenersExceededWarning', async () => {
    const h = await apiHarness({ start: false });
    const { executionId } = await h.engine.submit(FFQN.addOne, [1]);
    const controller = new AbortController();
    const requests = Array.from({ length: 50 }, (_, i) =>
      fetch(`${h.url}/v1/executions/${executionId}/result${i % 2 === 0 ? '?follow=true' : ''}`, {
        signal: controller.signal,
      }),
    );
    const followers = Array.from({ length: 50 }, () =>
      fetch(`${h.url}/v1/executions/${executionId}/result?follow=true`, { signal: controller.signal }),
    );
    const responses = await Promise.all([...requests, ...followers]);
    expect(responses.map((r) => r.status).every((s) => s === 200 || s === 202)).toBe(true);
    h.engine.start();
    expect(await h.engine.awaitResult(executionId, { timeoutMs: 20_000 })).toEqual({ kind: 'ok', value: 2 });
    await Promise.all(responses.map((r) => r.text()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });
});

describe('failure details', () => {
  test('a trap is shown with its message and guest frames, without host paths', async () => {
    const store = await openLibsqlStore({ path: ':memory:' });
    const engine = await createEngine({
      store,
      codegenCacheDir: TEST_CODEGEN_DIR,
      maxWorkers: 1,
      activities: [{ name: 'trap', bytes: await buildWatActivity('trap'), exec: { tickSleepMs: 10 }, maxRetries: 0 }],
    });
    const api = await startApiServer({ engine, host: '127.0.0.1', port: 0, version: '0.0.0-test' });
    try {
      engine.start();
      const { executionId } = await engine.submit(watActivityFfqn('trap'), []);
      await engine.awaitResult(executionId, { timeoutMs: 20_000 });
      const stored = await engine.getStatus(executionId);
      expect(JSON.stringify(stored.state)).toContain('activity-worker.js'); // the log keeps everything
      const response = await fetch(`${api.url}/v1/executions/${executionId}/result`);
      const body = (await response.json()) as { finished: { detail: string } };
      const lines = body.finished.detail.split('\n');
      expect(lines.slice(0, 2)).toEqual([
        'RuntimeError: wasm trap: wasm `unreachable` instruction executed',
        'RuntimeError: wasm trap: wasm `unreachable` instruction executed',
      ]);
      expect(lines[2]).toMatch(/^ {4}at wasm:\/\/wasm\/[0-9a-f]+:wasm-function\[0\]:0x[0-9a-f]+$/);
      expect(lines[3]).toMatch(/^ {4}at … \(\d+ host frames left out\)$/);
      expect(lines).toHaveLength(4);
    } finally {
      await api.close();
      await engine.stop(0);
      await store.close();
    }
  });
});
