/**
 * An engine on an in-memory libSQL store (real clock) with WAT activities, WAT workflows and two
 * stub activities, served by `startApiServer` on a free port of 127.0.0.1.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { createEngine, openLibsqlStore, type Engine, type Store } from '../../../src/engine/index.js';
import { ROUTES, startApiServer, type ApiServer } from '../../../src/server/index.js';
import { allResponses } from '../../../src/server/openapi.js';
import { buildWatActivity, watActivityFfqn, type WatActivityName } from '../../fixtures/wat/activities.js';
import { buildWatWorkflow, watWorkflowFfqn, type WatWorkflowName } from '../../fixtures/wat/workflows.js';
import { TEST_CODEGEN_DIR } from '../../helpers/components.js';
import { makeTempDir } from '../../helpers/tmp.js';

/** A stub activity: its result is written through the API. */
export const APPROVAL_WIT = `package testing:stubs@1.0.0;
interface approval { approve: func(id: u32) -> result<string>; }
`;
export const APPROVAL_FFQN = 'testing:stubs/approval@1.0.0.approve';

/** A second `ok.add-one` in another package, so that the short FFQN `.../ok.add-one` is ambiguous. */
export const TWIN_WIT = `package testing:twin@2.0.0;
interface ok { add-one: func(n: u64) -> result<u64, string>; }
`;
export const TWIN_FFQN = 'testing:twin/ok@2.0.0.add-one';

export const ACTIVITIES: readonly WatActivityName[] = ['ok', 'err', 'sleep', 'stdio'];
export const WORKFLOWS: readonly WatWorkflowName[] = ['chain', 'logging'];

export const FFQN = {
  addOne: watActivityFfqn('ok'),
  fail: watActivityFfqn('err'),
  sleep: watActivityFfqn('sleep'),
  stdio: watActivityFfqn('stdio'),
  chain: watWorkflowFfqn('chain'),
  logging: watWorkflowFfqn('logging'),
  approve: APPROVAL_FFQN,
  twin: TWIN_FFQN,
} as const;

export interface ApiHarness {
  readonly engine: Engine;
  readonly store: Store;
  readonly api: ApiServer;
  readonly url: string;
  /** `fetch` of `url + path` with the JSON body (if any) and the token (if any). */
  request(
    method: string,
    path: string,
    init?: { body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<JsonResponse>;
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (`undefined` when it is not JSON). */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary response fields
}

const open: { engine: Engine; store: Store; api: ApiServer }[] = [];

afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.api.close();
    await h.engine.stop(0);
    await h.store.close();
  }
});

export interface HarnessOptions {
  readonly token?: string;
  /** Start the executors (default true). */
  readonly start?: boolean;
}

/** Builds the engine and starts the server. */
export async function apiHarness(options: HarnessOptions = {}): Promise<ApiHarness> {
  const { engine, store } = await buildEngine();
  if (options.start !== false) {
    engine.start();
  }
  const api = await startApiServer({
    engine,
    host: '127.0.0.1',
    port: 0,
    token: options.token,
    version: '0.0.0-test',
  });
  open.push({ engine, store, api });
  return {
    engine,
    store,
    api,
    url: api.url,
    async request(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (options.token !== undefined && headers['authorization'] === undefined) {
        headers['authorization'] = `Bearer ${options.token}`;
      }
      let body: string | undefined = init.rawBody;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(api.url + path, { method, headers, body });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
  };
}

/** The engine of {@link apiHarness} (not started) and its store. */
export async function buildEngine(): Promise<{ engine: Engine; store: Store }> {
  const store = await openLibsqlStore({ path: ':memory:' });
  const dir = makeTempDir('obelisk-api-');
  writeFileSync(join(dir, 'approval.wit'), APPROVAL_WIT);
  writeFileSync(join(dir, 'twin.wit'), TWIN_WIT);
  const exec = { tickSleepMs: 10 };
  const engine = await createEngine({
    store,
    codegenCacheDir: TEST_CODEGEN_DIR,
    maxWorkers: 2,
    maxWorkflowThreads: 2,
    activities: await Promise.all(
      ACTIVITIES.map(async (name) => ({ name, bytes: await buildWatActivity(name), exec, maxRetries: 0 })),
    ),
    workflows: await Promise.all(WORKFLOWS.map(async (name) => ({ name, bytes: await buildWatWorkflow(name), exec }))),
    stubs: [
      { name: 'approval', wit: join(dir, 'approval.wit') },
      { name: 'twin', wit: join(dir, 'twin.wit') },
    ],
    watcher: { tickSleepMs: 10, leewayMs: 0 },
  });
  return { engine, store };
}

/**
 * Asserts that `response` has a status the route declares and a body that is exactly its
 * declared schema (no missing and no extra fields).
 */
export function expectConforms(operationId: string, response: JsonResponse): void {
  const route = ROUTES.find((r) => r.operationId === operationId);
  if (route === undefined) {
    throw new Error(`no route ${operationId}`);
  }
  const schema = allResponses(route)[response.status]?.schema;
  if (schema === undefined) {
    throw new Error(`${operationId} declares no ${response.status} response with a body; got ${response.text}`);
  }
  const parsed = schema.safeParse(response.json);
  expect(parsed.error, `${operationId} ${response.status}: ${response.text}`).toBeUndefined();
  expect(parsed.data).toEqual(response.json);
}

/** A JSON array read from a response, typed for the test. */
export function list<T>(value: unknown): T[] {
  expect(Array.isArray(value), `expected an array, got ${JSON.stringify(value)}`).toBe(true);
  return value as T[];
}
