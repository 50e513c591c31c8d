/** `GET /healthz`, `/v1/functions`, `/v1/components`, `/v1/components/{id}/wit` and `/v1/execution-id`. */
import { describe, expect, test } from 'vitest';
import { ExecutionId } from '../../../src/engine/index.js';
import { parseWitText } from '../../../src/wit/load.js';
import { apiHarness, expectConforms, FFQN, list } from './harness.js';

describe('functions and components', () => {
  test('the health route answers with the server version', async () => {
    const h = await apiHarness({ start: false });
    const response = await h.request('GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ status: 'ok', version: '0.0.0-test' });
    expectConforms('health', response);
  });

  test('the function list gives each function its WIT signature, component and kind, sorted by FFQN', async () => {
    const h = await apiHarness({ start: false });
    const response = await h.request('GET', '/v1/functions');
    expectConforms('listFunctions', response);
    const functions = response.json.functions as { ffqn: string; component_id: string }[];
    const ffqns = functions.map((f) => f.ffqn);
    expect(ffqns).toEqual([...ffqns].sort());
    expect(ffqns).toEqual(
      h.engine
        .functions()
        .map((f) => f.ffqn as string)
        .sort(),
    );
    const addOne = h.engine.functions().find((f) => f.ffqn === FFQN.addOne);
    expect(functions.find((f) => f.ffqn === FFQN.addOne)).toEqual({
      ffqn: FFQN.addOne,
      params: [{ name: 'n', type: 'u64' }],
      result: 'result<u64, string>',
      component_id: addOne?.component.digest,
      kind: 'activity_wasm',
    });
    expect(functions.find((f) => f.ffqn === FFQN.stdio)).toMatchObject({
      params: [
        { name: 'out', type: 'string' },
        { name: 'err', type: 'string' },
      ],
      result: 'result<_, string>',
    });
    expect(functions.find((f) => f.ffqn === FFQN.approve)).toMatchObject({
      kind: 'activity_stub',
      result: 'result<string>',
    });
    expect(functions.find((f) => f.ffqn === FFQN.chain)).toMatchObject({
      kind: 'workflow',
      params: [{ name: 'k', type: 'u32' }],
    });
  });

  test('the component list shows exports and imports, and extension functions only when asked', async () => {
    const h = await apiHarness({ start: false });
    const plain = await h.request('GET', '/v1/components');
    expectConforms('listComponents', plain);
    const names = (plain.json.components as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(['approval', 'chain', 'err', 'logging', 'ok', 'sleep', 'stdio', 'twin']);
    const chain = list<{ name: string; imports: string[]; extensions?: unknown }>(plain.json.components).find(
      (c) => c.name === 'chain',
    );
    expect(chain).toMatchObject({ kind: 'workflow', exports: [FFQN.chain] });
    expect(chain?.imports).toEqual(['testing:activities/ok@1.0.0']);
    const logging = list<{ name: string; imports: string[] }>(plain.json.components).find((c) => c.name === 'logging');
    expect(logging?.imports).toContain('wasi:logging/logging@0.1.0-draft');
    expect(chain?.extensions).toBeUndefined();

    const withExtensions = await h.request('GET', '/v1/components?extensions=true');
    expectConforms('listComponents', withExtensions);
    type Extension = { ffqn: string; params: unknown[]; result: string };
    const byName = (name: string): Extension[] =>
      list<{ name: string; extensions: Extension[] }>(withExtensions.json.components).find((c) => c.name === name)
        ?.extensions ?? [];
    expect(byName('ok').map((f) => f.ffqn)).toEqual([
      'testing:activities-obelisk-ext/ok@1.0.0.add-one-submit',
      'testing:activities-obelisk-ext/ok@1.0.0.add-one-await-next',
      'testing:activities-obelisk-ext/ok@1.0.0.add-one-get',
      'testing:activities-obelisk-ext/ok@1.0.0.add-one-invoke',
      'testing:activities-obelisk-schedule/ok@1.0.0.add-one-schedule',
    ]);
    expect(byName('ok')[3]).toEqual({
      ffqn: 'testing:activities-obelisk-ext/ok@1.0.0.add-one-invoke',
      params: [{ name: 'n', type: 'u64' }],
      result: 'tuple<execution-id, result<u64, string>>',
    });
    expect(byName('approval').map((f) => f.ffqn)).toContain('testing:stubs-obelisk-stub/approval@1.0.0.approve-stub');
  });

  test("a component's WIT is its root package with the exported interface, and it parses", async () => {
    const h = await apiHarness({ start: false });
    const ok = h.engine.functions().find((f) => f.ffqn === FFQN.addOne)?.component.digest as string;
    const response = await h.request('GET', `/v1/components/${ok}/wit`);
    expectConforms('getComponentWit', response);
    expect(response.json.component_id).toBe(ok);
    const wit = response.json.wit as string;
    expect(wit).toContain('add-one: func(n: u64) -> result<u64, string>;');
    const resolve = parseWitText(wit);
    expect(resolve.interfaces.some((i) => i.name === 'ok')).toBe(true);

    const stub = h.engine.functions().find((f) => f.ffqn === FFQN.approve)?.component.digest as string;
    const stubWit = await h.request('GET', `/v1/components/${stub}/wit`);
    expect(stubWit.json.wit).toMatch(/^package testing:stubs@1\.0\.0;/);
  });

  test('an unknown component ID is a 404 and a malformed one a 400', async () => {
    const h = await apiHarness({ start: false });
    const unknown = await h.request('GET', `/v1/components/sha256:${'0'.repeat(64)}/wit`);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: 'not-found', message: `component not found: sha256:${'0'.repeat(64)}` });
    expectConforms('getComponentWit', unknown);
    const malformed = await h.request('GET', '/v1/components/md5:abc/wit');
    expect(malformed.status).toBe(400);
    expect(malformed.json.code).toBe('invalid-id');
  });

  test('the execution-id route hands out fresh top-level execution IDs', async () => {
    const h = await apiHarness({ start: false });
    const first = await h.request('GET', '/v1/execution-id');
    const second = await h.request('GET', '/v1/execution-id');
    expectConforms('generateExecutionId', first);
    expect(ExecutionId.parse(first.json.execution_id as string)).toBe(first.json.execution_id);
    expect(first.json.execution_id).toMatch(/^E_[0-9A-Z]{26}$/);
    expect(second.json.execution_id).not.toBe(first.json.execution_id);
  });
});
