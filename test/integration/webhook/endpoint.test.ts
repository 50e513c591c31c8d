import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createEngine,
  ExecutionId,
  ExecutorId,
  Ffqn,
  openLibsqlStore,
  RunId,
  SimClock,
  webhookFfqn,
  type ComponentDigest,
  type Engine,
  type Store,
} from '../../../src/engine/index.js';
import { buildWatWebhook } from '../../fixtures/wat/webhooks.js';
import { REPO_ROOT } from '../../helpers/bin.js';
import { TEST_CODEGEN_DIR, jsFixture } from '../../helpers/components.js';

describe('a webhook endpoint served by the engine', () => {
  let store: Store;
  let engine: Engine;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    store = await openLibsqlStore({ path: ':memory:' });
    engine = await createEngine({ store, codegenCacheDir: TEST_CODEGEN_DIR, maxWorkers: 1 });
    const report = await engine.setWebhookEndpoints([
      { name: 'hook', bytes: readFileSync(jsFixture('webhook')), envVars: { GREETING: 'hi' } },
    ]);
    expect(report.failed).toEqual([]);
    engine.start();
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      void engine.serveWebhook('hook', { method: req.method ?? 'GET', path, params: { id: '42' } }, req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    server.close();
    await engine.stop();
    await store.close();
  });

  test('a request runs the component with the route parameters in its environment and is recorded', async () => {
    const response = await fetch(`${base}/orders/42?x=1`);
    expect(response.status).toBe(200);
    const executionId = response.headers.get('obelisk-execution-id');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ method: 'GET', path: '/orders/42', query: '?x=1', executionId, body: null });
    expect(body['env']).toEqual({ GREETING: 'hi', id: '42' });
    const record = await engine.awaitStatus(executionId ?? '', { timeoutMs: 10_000 });
    expect(record.ffqn).toBe(webhookFfqn('hook'));
    expect(record.params).toEqual([{ method: 'GET', path: '/orders/42?x=1', params: { id: '42' } }]);
    expect(record.state).toMatchObject({ type: 'finished', result: { kind: 'ok', value: { status: 200 } } });
  });

  test('a POST body reaches the component', async () => {
    const response = await fetch(`${base}/created`, { method: 'POST', body: 'payload' });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ method: 'POST', body: 'payload' });
  });
});

describe('WAT webhook endpoints that never answer', () => {
  test('a trap is answered 500 and fails the execution; a spinning request is stopped at max_duration', async () => {
    const store = await openLibsqlStore({ path: ':memory:' });
    const engine = await createEngine({ store, codegenCacheDir: TEST_CODEGEN_DIR, maxWorkers: 1 });
    const report = await engine.setWebhookEndpoints([
      { name: 'trap', bytes: await buildWatWebhook('trap') },
      { name: 'spin', bytes: await buildWatWebhook('spin'), maxDurationMs: 500 },
    ]);
    expect(report.failed).toEqual([]);
    const server = createServer((req, res) => {
      const name = req.url === '/spin' ? 'spin' : 'trap';
      void engine.serveWebhook(name, { method: req.method ?? 'GET', path: req.url ?? '/', params: {} }, req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const attempt of [1, 2]) {
        const response = await fetch(`${base}/trap`);
        expect(response.status, `attempt ${attempt}`).toBe(500);
        const record = await engine.awaitStatus(response.headers.get('obelisk-execution-id') ?? '', {
          timeoutMs: 10_000,
        });
        expect(record.state).toMatchObject({
          type: 'finished',
          result: { kind: 'failure', failureKind: 'uncategorized', detail: expect.stringMatching(/unreachable/) },
        });
      }
      const spin = await fetch(`${base}/spin`);
      expect(spin.status).toBe(504);
      const record = await engine.awaitStatus(spin.headers.get('obelisk-execution-id') ?? '', { timeoutMs: 10_000 });
      expect(record.state).toMatchObject({ type: 'finished', result: { kind: 'failure', failureKind: 'timed-out' } });
      // The endpoint runs again on a new worker thread.
      const again = await fetch(`${base}/spin`);
      expect(again.status).toBe(504);
    } finally {
      server.close();
      await engine.stop();
      await store.close();
    }
  });
});

describe('a webhook endpoint calling a workflow', () => {
  test('schedules it and answers at once, or invokes it as a child and answers with its result', async () => {
    const example = join(REPO_ROOT, 'examples', 'fibo', 'dist');
    const store = await openLibsqlStore({ path: ':memory:' });
    const engine = await createEngine({
      store,
      codegenCacheDir: TEST_CODEGEN_DIR,
      maxWorkers: 1,
      activities: [{ name: 'fibo', bytes: readFileSync(join(example, 'activity.wasm')) }],
      workflows: [{ name: 'workflow', bytes: readFileSync(join(example, 'workflow.wasm')) }],
    });
    const report = await engine.setWebhookEndpoints([
      { name: 'calls', bytes: readFileSync(jsFixture('webhook-calls')) },
    ]);
    expect(report.failed).toEqual([]);
    engine.start();
    const server = createServer((req, res) => {
      void engine.serveWebhook('calls', { method: req.method ?? 'GET', path: req.url ?? '/', params: {} }, req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const scheduled = await fetch(`${base}/schedule?n=10`);
      expect(scheduled.status).toBe(202);
      const scheduledId = await scheduled.text();
      expect(await engine.awaitResult(scheduledId, { timeoutMs: 30_000 })).toEqual({ kind: 'ok', value: 55 });
      expect((await engine.getStatus(scheduledId)).parent).toBeNull();
      const webhookEvents = await engine.getEvents(scheduled.headers.get('obelisk-execution-id') ?? '');
      expect(webhookEvents.map((e) => e.event.type)).toEqual(['created', 'locked', 'history', 'finished']);

      const invoked = await fetch(`${base}/invoke?n=12`);
      expect(invoked.status).toBe(200);
      const webhookId = invoked.headers.get('obelisk-execution-id') ?? '';
      const body = (await invoked.json()) as { executionId: string; result: string };
      expect(body).toEqual({ executionId: expect.stringMatching(new RegExp(`^${webhookId}\\.o:1_1$`)), result: '144' });
      const page = await engine.listExecutions({ showDerived: true, limit: 100 });
      expect(page.executions.find((e) => e.executionId === body.executionId)).toMatchObject({
        parentId: webhookId,
        ffqn: 'testing:fibo-workflow/workflow.fiboa',
        state: 'finished',
      });
      expect(await engine.awaitStatus(webhookId, { timeoutMs: 10_000 })).toMatchObject({
        state: { type: 'finished', result: { kind: 'ok', value: { status: 200 } } },
      });
    } finally {
      server.close();
      await engine.stop();
      await store.close();
    }
  });
});

describe('idempotency keys', () => {
  test('a retry with the same key reaches the same execution; another request with that key is refused', async () => {
    const store = await openLibsqlStore({ path: ':memory:' });
    const engine = await createEngine({ store, codegenCacheDir: TEST_CODEGEN_DIR, maxWorkers: 1 });
    await engine.setWebhookEndpoints([{ name: 'hook', bytes: readFileSync(jsFixture('webhook')) }]);
    const server = createServer((req, res) => {
      void engine.serveWebhook('hook', { method: req.method ?? 'GET', path: req.url ?? '/', params: {} }, req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const headers = { 'idempotency-key': 'order-7' };
      const first = await fetch(`${base}/created`, { method: 'POST', body: 'x', headers });
      expect(first.status).toBe(201);
      const id = first.headers.get('obelisk-execution-id') ?? '';
      await engine.awaitStatus(id, { timeoutMs: 10_000 });
      const retry = await fetch(`${base}/created`, { method: 'POST', body: 'x', headers });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('obelisk-execution-id')).toBe(id);
      expect(retry.headers.get('obelisk-idempotent-replay')).toBe('true');
      const other = await fetch(`${base}/elsewhere`, { method: 'POST', body: 'x', headers });
      expect(other.status).toBe(422);
      const page = await engine.listExecutions({ limit: 100 });
      expect(page.executions).toHaveLength(1);
      // Without a key, every request is a new execution.
      const a = await fetch(`${base}/created`, { method: 'POST', body: 'x' });
      const b = await fetch(`${base}/created`, { method: 'POST', body: 'x' });
      expect(a.headers.get('obelisk-execution-id')).not.toBe(b.headers.get('obelisk-execution-id'));
    } finally {
      server.close();
      await engine.stop();
      await store.close();
    }
  });
});

describe('a webhook request whose process stopped', () => {
  test('is finished as failed once its lock expired, with or without recorded calls; nothing else changes', async () => {
    const clock = new SimClock(1_000_000);
    const store = await openLibsqlStore({ path: ':memory:' });
    const engine = await createEngine({ store, clock, codegenCacheDir: TEST_CODEGEN_DIR, maxWorkers: 1 });
    const digest = `sha256:${'c3'.repeat(32)}` as ComponentDigest;
    const deadProcess = ExecutorId.generate(clock);
    /** A request the stopped process had locked for 90 s, after `calls` recorded schedules. */
    const request = async (calls: number): Promise<{ id: ExecutionId; scheduled: ExecutionId[] }> => {
      const id = ExecutionId.generate(clock);
      const now = clock.now();
      const params = [{ method: 'GET', path: '/', params: {} }];
      await store.createExecution({
        executionId: id,
        ffqn: webhookFfqn('hook'),
        params,
        componentDigest: digest,
        scheduledAt: now,
        now,
      });
      const lock = {
        type: 'locked',
        executorId: deadProcess,
        runId: RunId.generate(clock),
        lockExpiresAt: now + 90_000,
        retry: null,
      } as const;
      let version = await store.appendEvent(id, 0, lock, now);
      const scheduled: ExecutionId[] = [];
      for (let i = 0; i < calls; i++) {
        const executionId = ExecutionId.generate(clock);
        scheduled.push(executionId);
        const ffqn = Ffqn.parse('testing:fibo-workflow/workflow.fiboa');
        const event = {
          type: 'schedule',
          executionId,
          ffqn,
          params: [10, 1],
          scheduledAt: now + 3_600_000,
          componentDigest: digest,
          seed: 'seed',
        } as const;
        version = (await store.appendWorkflowStep({ executionId: id, expectedVersion: version, events: [event], now }))
          .version;
      }
      return { id, scheduled };
    };
    try {
      const withCall = await request(1);
      const withoutCall = await request(0);
      await (
        await engine.tick(clock.now() + 60_000)
      ).done;
      expect((await engine.getStatus(withCall.id)).state.type).toBe('locked');

      await (
        await engine.tick(clock.now() + 120_000)
      ).done;
      for (const { id } of [withCall, withoutCall]) {
        expect((await engine.getStatus(id)).state).toMatchObject({
          type: 'finished',
          result: {
            kind: 'failure',
            failureKind: 'uncategorized',
            detail: expect.stringContaining('the process serving this request stopped') as unknown,
          },
        });
      }
      // The execution the request scheduled is not the request's to end: it stays pending.
      expect((await engine.getStatus(withCall.scheduled[0] ?? '')).state.type).toBe('pending-at');
    } finally {
      await engine.stop();
      await store.close();
    }
  });
});
