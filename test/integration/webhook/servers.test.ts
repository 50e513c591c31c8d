import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createEngine,
  openLibsqlStore,
  type Engine,
  type EngineLogger,
  type Store,
} from '../../../src/engine/index.js';
import { WebhookServers } from '../../../src/runner/webhook-servers.js';
import { buildWatWebhook } from '../../fixtures/wat/webhooks.js';
import { TEST_CODEGEN_DIR } from '../../helpers/components.js';

const silentLogger: EngineLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

describe('HTTP servers of webhook endpoints', () => {
  let store: Store;
  let engine: Engine;
  let servers: WebhookServers;

  beforeAll(async () => {
    store = await openLibsqlStore({ path: ':memory:' });
    engine = await createEngine({ store, codegenCacheDir: TEST_CODEGEN_DIR, maxWorkers: 1 });
    const report = await engine.setWebhookEndpoints([
      { name: 'spin', bytes: await buildWatWebhook('spin'), maxDurationMs: 1500 },
      { name: 'trap', bytes: await buildWatWebhook('trap') },
    ]);
    expect(report.failed).toEqual([]);
    servers = new WebhookServers(engine, silentLogger);
    await servers.apply(
      [{ name: 'public', listeningAddr: '127.0.0.1:0', maxInflightRequests: 1 }],
      [
        { name: 'spin', httpServer: 'public', routes: ['/slow/*'] },
        { name: 'trap', httpServer: 'public', routes: ['/slow/now'] },
      ],
    );
  });

  afterAll(async () => {
    await servers.close();
    await engine.stop();
    await store.close();
  });

  test('the most specific route wins, unmatched paths are 404, and requests beyond the in-flight limit are 503', async () => {
    const urls = servers.urls();
    expect(urls.map((u) => `${u.endpoint} ${u.route}`)).toEqual(['spin /slow/*', 'trap /slow/now']);
    const base = (urls[0]?.url ?? '').replace(/\/slow\/\*$/, '');
    // A literal segment beats `*`: the trap endpoint answers 500 at once.
    expect((await fetch(`${base}/slow/now`)).status).toBe(500);
    const missing = await fetch(`${base}/fast`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('obelisk-execution-id')).toBeNull();
    const slow = fetch(`${base}/slow/spin`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await fetch(`${base}/slow/now`);
    expect(refused.status).toBe(503);
    expect((await slow).status).toBe(504);
    expect((await fetch(`${base}/slow/now`)).status).toBe(500);
    const page = await engine.listExecutions({ limit: 100 });
    expect(page.executions).toHaveLength(3);
  });
});
