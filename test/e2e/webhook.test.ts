import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildWatWebhook } from '../fixtures/wat/webhooks.js';
import { REPO_ROOT, runObelisk, spawnObelisk } from '../helpers/bin.js';
import { jsFixture } from '../helpers/components.js';
import { eventually } from '../helpers/eventually.js';
import { makeTempDir } from '../helpers/tmp.js';

const CACHE_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');

interface ListedExecution {
  readonly execution_id: string;
  readonly ffqn: string;
  readonly state: string;
  readonly finished: { readonly kind: string; readonly value?: unknown; readonly failure_kind?: string } | null;
}

function config(dir: string): string {
  const js = jsFixture('webhook');
  const file = join(dir, 'obelisk.toml');
  writeFileSync(
    file,
    [
      '[api]',
      'listening_addr = "127.0.0.1:0"',
      '[database.sqlite]',
      'file = "data/obelisk.sqlite"',
      '[[http_server]]',
      'name = "public"',
      'listening_addr = "127.0.0.1:0"',
      '[[http_server]]',
      'name = "trusted"',
      'listening_addr = "127.0.0.1:0"',
      '[[webhook_endpoint]]',
      'name = "orders"',
      `location.path = ${JSON.stringify(js)}`,
      'http_server = "public"',
      'routes = ["/orders/:id", "POST /created", "/fetch", "/static/*"]',
      'env_vars = ["GREETING=hi"]',
      '[[webhook_endpoint]]',
      'name = "fetcher"',
      `location.path = ${JSON.stringify(js)}`,
      'http_server = "trusted"',
      'routes = ["/fetch"]',
      'allowed_hosts = ["http://127.0.0.1:*"]',
      '[[webhook_endpoint]]',
      'name = "broken"',
      'location.path = "trap.wasm"',
      'http_server = "public"',
      'routes = ["/trap"]',
      '',
    ].join('\n'),
  );
  return file;
}

/** `obelisk server run -c file` in `dir`, once it listens: its API's URL and each `[[http_server]]`'s. */
async function serverRun(
  dir: string,
  file: string,
): Promise<{
  api: string;
  httpServer: (name: string) => string;
  stop: () => Promise<{ code: number | null; stderr: string }>;
}> {
  const server = spawnObelisk(['server', 'run', '-c', file], { cwd: dir, env: { XDG_CACHE_HOME: CACHE_HOME } });
  try {
    await server.waitFor(({ stderr }) => /obelisk server listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr), 90_000);
  } catch (error) {
    server.process.kill('SIGKILL');
    throw error;
  }
  const stderr = server.stderr();
  return {
    api: /obelisk server listening on (http:\/\/\S+)/.exec(stderr)?.[1] ?? '',
    httpServer: (name) => new RegExp(`http_server ${name} listening on (http:\\/\\/\\S+)`).exec(stderr)?.[1] ?? '',
    stop: async () => {
      server.process.kill('SIGTERM');
      return server.exited;
    },
  };
}

describe('webhook endpoints with obelisk server run', () => {
  test(
    'routes requests with parameters and bodies, records them as executions, enforces allowed_hosts and survives a trap',
    { tags: ['slow'] },
    async () => {
      const dir = makeTempDir('obelisk-webhook-');
      writeFileSync(join(dir, 'trap.wasm'), await buildWatWebhook('trap'));
      const file = config(dir);
      const target = createServer((_req, res) => res.end('target'));
      await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
      const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
      const server = await serverRun(dir, file);
      try {
        const { api } = server;
        const publicUrl = server.httpServer('public');
        const trustedUrl = server.httpServer('trusted');
        expect(publicUrl).not.toBe('');

        // A route with a parameter: the parameter is in the environment, next to env_vars.
        const order = await fetch(`${publicUrl}/orders/17?verbose=1`);
        expect(order.status).toBe(200);
        const orderId = order.headers.get('obelisk-execution-id') ?? '';
        expect(await order.json()).toMatchObject({
          method: 'GET',
          path: '/orders/17',
          query: '?verbose=1',
          env: { GREETING: 'hi', id: '17' },
          executionId: orderId,
        });

        // A POST body; the method of a route is enforced.
        const created = await fetch(`${publicUrl}/created`, { method: 'POST', body: '{"n":1}' });
        expect(created.status).toBe(201);
        expect(await created.json()).toMatchObject({ method: 'POST', body: '{"n":1}' });
        expect((await fetch(`${publicUrl}/created`)).status).toBe(404);

        // Unmatched paths are 404 and create no execution.
        const missing = await fetch(`${publicUrl}/nothing/here`);
        expect(missing.status).toBe(404);
        expect(missing.headers.get('obelisk-execution-id')).toBeNull();

        // The rest of the path after "/static/".
        const asset = await fetch(`${publicUrl}/static/css/site.css`);
        expect(await asset.json()).toMatchObject({ path: '/static/css/site.css' });

        // Outgoing HTTP: denied without allowed_hosts, allowed with them.
        const denied = await fetch(`${publicUrl}/fetch?url=${encodeURIComponent(targetUrl)}`);
        expect(denied.status).toBe(502);
        expect(await denied.text()).toMatch(/fetch failed/);
        const allowed = await fetch(`${trustedUrl}/fetch?url=${encodeURIComponent(targetUrl)}`);
        expect(await allowed.text()).toBe('fetched 200');

        // A trap: 500 and a failed execution; the server keeps serving.
        const trap = await fetch(`${publicUrl}/trap`);
        expect(trap.status).toBe(500);
        const trapId = trap.headers.get('obelisk-execution-id') ?? '';
        expect((await fetch(`${publicUrl}/orders/18`)).status).toBe(200);

        const listed = await runObelisk(['execution', 'list', '--json', '--limit', '100', '--api-url', api], {
          cwd: dir,
        });
        expect(listed.code).toBe(0);
        const executions = (JSON.parse(listed.stdout) as { executions: ListedExecution[] }).executions;
        expect(executions).toHaveLength(7);
        expect(executions.find((e) => e.execution_id === orderId)).toMatchObject({
          ffqn: 'obelisk-webhook:orders/endpoint.request',
          state: 'finished',
          finished: { kind: 'ok', value: { status: 200 } },
        });
        expect(executions.find((e) => e.execution_id === trapId)).toMatchObject({
          ffqn: 'obelisk-webhook:broken/endpoint.request',
          finished: { kind: 'failure' },
        });
        const got = await runObelisk(['execution', 'get', orderId, '--json', '--api-url', api], { cwd: dir });
        expect(got.code).toBe(0);
        expect(JSON.parse(got.stdout)).toMatchObject({
          params: [{ method: 'GET', path: '/orders/17?verbose=1', params: { id: '17' } }],
        });
      } finally {
        const exit = await server.stop();
        target.close();
        expect(exit.code, exit.stderr).toBe(0);
      }
    },
  );
});

describe('a webhook endpoint calling the fibo example workflow with obelisk server run', () => {
  test(
    'schedules it (answering at once) and invokes it (answering with its result); the children are listed under the request',
    { tags: ['slow'] },
    async () => {
      const dir = makeTempDir('obelisk-webhook-calls-');
      const example = join(REPO_ROOT, 'examples', 'fibo', 'dist');
      const file = join(dir, 'obelisk.toml');
      writeFileSync(
        file,
        [
          '[api]',
          'listening_addr = "127.0.0.1:0"',
          '[database.sqlite]',
          'file = "data/obelisk.sqlite"',
          '[[activity_wasm]]',
          'name = "fibo"',
          `location.path = ${JSON.stringify(join(example, 'activity.wasm'))}`,
          '[[workflow]]',
          'name = "workflow"',
          `location.path = ${JSON.stringify(join(example, 'workflow.wasm'))}`,
          '[[http_server]]',
          'name = "public"',
          'listening_addr = "127.0.0.1:0"',
          '[[webhook_endpoint]]',
          'name = "calls"',
          `location.path = ${JSON.stringify(jsFixture('webhook-calls'))}`,
          'http_server = "public"',
          'routes = ["/schedule", "/invoke", "/current", "/status", "/try-get", "/get"]',
          '',
        ].join('\n'),
      );
      const server = await serverRun(dir, file);
      try {
        const { api } = server;
        const hooks = server.httpServer('public');

        const scheduled = await fetch(`${hooks}/schedule?n=10`);
        expect(scheduled.status).toBe(202);
        const scheduledId = await scheduled.text();
        const result = await runObelisk(['execution', 'result', scheduledId, '--follow', '--api-url', api], {
          cwd: dir,
        });
        expect(result.stdout.trim()).toBe('{"ok":55}');

        const invoked = await fetch(`${hooks}/invoke?n=12`);
        expect(invoked.status).toBe(200);
        const requestId = invoked.headers.get('obelisk-execution-id') ?? '';
        const body = (await invoked.json()) as { executionId: string; result: string };
        expect(body.result).toBe('144');

        const listed = await runObelisk(
          ['execution', 'list', '--show-derived', '--json', '--limit', '100', '--api-url', api],
          { cwd: dir },
        );
        const executions = (
          JSON.parse(listed.stdout) as { executions: (ListedExecution & { parent_id: string | null })[] }
        ).executions;
        expect(executions.find((e) => e.execution_id === body.executionId)).toMatchObject({
          ffqn: 'testing:fibo-workflow/workflow.fiboa',
          parent_id: requestId,
          finished: { kind: 'ok', value: 144 },
        });
        expect(executions.find((e) => e.execution_id === scheduledId)).toMatchObject({ parent_id: null });
        const events = await runObelisk(['execution', 'events', requestId, '--json', '--api-url', api], { cwd: dir });
        expect(events.code, events.stderr).toBe(0);
        expect(events.stdout).toContain(body.executionId);

        // obelisk:webhook/webhook-support: the request's own ID, the status and result of others.
        const read = async (path: string): Promise<unknown> => {
          const response = await fetch(`${hooks}${path}`);
          expect(response.status, path).toBe(200);
          return { ...((await response.json()) as object), requestId: response.headers.get('obelisk-execution-id') };
        };
        const current = (await read('/current')) as { id: string; requestId: string };
        expect(current.id).toBe(current.requestId);
        expect(await read(`/status?id=${scheduledId}`)).toMatchObject({
          ok: { tag: 'finished', val: { tag: 'ok' } },
        });
        expect(await read(`/try-get?id=${scheduledId}`)).toMatchObject({ ok: '{"ok":55}' });
        expect(await read('/status?id=current')).toMatchObject({ ok: { tag: 'locked' } });
        expect(await read('/try-get?id=current')).toMatchObject({ err: { tag: 'not-finished-yet' } });
        expect(await read('/status?id=E_01ARZ3NDEKTSV4RRFFQ69G5FAV')).toMatchObject({ err: { tag: 'not-found' } });
        expect(await read('/try-get?id=nonsense')).toMatchObject({
          err: { tag: 'invalid-execution-id', val: expect.stringContaining('nonsense') as unknown },
        });
        const later = await (await fetch(`${hooks}/schedule?n=15`)).text();
        expect(await read(`/get?id=${later}`)).toMatchObject({ ok: '{"ok":610}' });
        expect(await read(`/get?id=${requestId}`)).toMatchObject({ ok: '{"ok":{"status":200}}' });
      } finally {
        const exit = await server.stop();
        expect(exit.code, exit.stderr).toBe(0);
      }
    },
  );
});

describe('webhook endpoints with obelisk dev', () => {
  test('the banner prints their URLs, and an edited obelisk.toml changes the routes', { tags: ['slow'] }, async () => {
    const cwd = makeTempDir('obelisk-webhook-dev-');
    const toml = (routes: string): string =>
      [
        '[api]',
        'listening_addr = "127.0.0.1:0"',
        '[[http_server]]',
        'name = "public"',
        'listening_addr = "127.0.0.1:0"',
        '[[webhook_endpoint]]',
        'name = "orders"',
        `location.path = ${JSON.stringify(jsFixture('webhook'))}`,
        'http_server = "public"',
        `routes = ${routes}`,
        '',
      ].join('\n');
    writeFileSync(join(cwd, 'obelisk.toml'), toml('["/orders/:id", "POST /hooks/github"]'));
    const dev = spawnObelisk(['dev'], { cwd, env: { XDG_CACHE_HOME: CACHE_HOME, HOME: cwd } });
    try {
      await dev.waitFor(({ stderr }) => stderr.includes('Ready.'), 90_000);
      const banner = dev.stderr();
      const url = /webhook: +(http:\/\/127\.0\.0\.1:\d+)\/orders\/:id \(orders\)/.exec(banner)?.[1] ?? '';
      expect(url, banner).not.toBe('');
      expect(banner).toContain(`webhook:   POST ${url}/hooks/github (orders)`);
      expect(await (await fetch(`${url}/orders/5`)).json()).toMatchObject({ env: { id: '5' } });
      expect((await fetch(`${url}/items/5`)).status).toBe(404);

      writeFileSync(join(cwd, 'obelisk.toml'), toml('["/items/:item"]'));
      await eventually(
        async () => (await fetch(`${url}/items/5`)).status,
        (status) => status === 200,
        30_000,
      );
      expect((await fetch(`${url}/orders/5`)).status).toBe(404);
    } finally {
      dev.process.kill('SIGTERM');
      await dev.exited;
    }
  });
});

describe('obelisk server verify with webhook endpoints', () => {
  test('reports an endpoint without wasi:http/incoming-handler and one importing functions nobody exports', async () => {
    const dir = makeTempDir('obelisk-webhook-verify-');
    const file = join(dir, 'obelisk.toml');
    writeFileSync(
      file,
      [
        '[[http_server]]',
        'name = "public"',
        'listening_addr = "127.0.0.1:0"',
        '[[webhook_endpoint]]',
        'name = "not-a-handler"',
        `location.path = ${JSON.stringify(join(REPO_ROOT, 'examples', 'fibo', 'dist', 'activity.wasm'))}`,
        'http_server = "public"',
        'routes = ["/a"]',
        '[[webhook_endpoint]]',
        'name = "calls"',
        `location.path = ${JSON.stringify(jsFixture('webhook-calls'))}`,
        'http_server = "public"',
        'routes = ["/b"]',
        '',
      ].join('\n'),
    );
    const result = await runObelisk(['server', 'verify', '-c', file, '--json'], {
      cwd: dir,
      env: { XDG_CACHE_HOME: CACHE_HOME },
    });
    expect(result.code).toBe(1);
    const problems = (JSON.parse(result.stdout) as { problems: string[] }).problems;
    expect(problems).toContain(
      'webhook_endpoint not-a-handler: a webhook endpoint must export wasi:http/incoming-handler@0.2.x; this component does not',
    );
    expect(problems).toContain(
      'webhook_endpoint calls: import testing:fibo-workflow-obelisk-schedule/workflow.fiboa-schedule: no component exports testing:fibo-workflow/workflow.fiboa',
    );
  });
});
