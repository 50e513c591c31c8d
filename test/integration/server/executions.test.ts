/** Reading executions: status, result, the list with its filters and pages, events, responses and logs. */
import { describe, expect, test } from 'vitest';
import { apiHarness, expectConforms, FFQN, list, type ApiHarness } from './harness.js';

async function submit(h: ApiHarness, ffqn: string, params: unknown[]): Promise<string> {
  const response = await h.request('POST', '/v1/executions', { body: { ffqn, params } });
  expect(response.status).toBe(201);
  return response.json.execution_id as string;
}

async function run(h: ApiHarness, ffqn: string, params: unknown[]): Promise<string> {
  const id = await submit(h, ffqn, params);
  expect(await h.engine.awaitResult(id, { timeoutMs: 30_000 })).not.toBeNull();
  return id;
}

describe('reading executions', () => {
  test('the status of a pending execution has its summary and details', async () => {
    const h = await apiHarness({ start: false });
    const id = await submit(h, FFQN.addOne, [5]);
    const response = await h.request('GET', `/v1/executions/${id}`);
    expectConforms('getExecution', response);
    const record = await h.engine.getStatus(id);
    expect(response.json).toEqual({
      execution_id: id,
      ffqn: FFQN.addOne,
      state: 'pending',
      created_at: new Date(record.createdAt).toISOString(),
      updated_at: new Date(record.updatedAt).toISOString(),
      finished: null,
      parent_id: null,
      params: [5],
      queue: 'default',
      component_id: record.componentDigest,
      topmost_parent_id: id,
      join_set_id: null,
      scheduled_at: new Date(record.firstScheduledAt).toISOString(),
      pending_state: { type: 'pending-at', scheduled_at: new Date(record.firstScheduledAt).toISOString() },
      paused: false,
      cancel_requested: false,
      intermittent_failures: 0,
      version: 0,
    });
  });

  test('an unknown execution ID is a 404 on every execution route and a malformed one a 400', async () => {
    const h = await apiHarness({ start: false });
    const unknown = 'E_01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const routes = [
      ['GET', '', 'getExecution'],
      ['GET', '/result', 'getExecutionResult'],
      ['GET', '/result?follow=true', 'getExecutionResult'],
      ['GET', '/events', 'getExecutionEvents'],
      ['GET', '/responses', 'getExecutionResponses'],
      ['GET', '/logs', 'getExecutionLogs'],
      ['PUT', '/cancel', 'cancelExecution'],
      ['POST', '/replay', 'replayExecution'],
    ] as const;
    for (const [method, suffix, operationId] of routes) {
      const response = await h.request(method, `/v1/executions/${unknown}${suffix}`);
      expect(response.status, `${method} ${suffix}`).toBe(404);
      expect(response.json).toEqual({ code: 'not-found', message: `execution not found: ${unknown}` });
      expectConforms(operationId, response);
      const malformed = await h.request(method, `/v1/executions/E_bogus${suffix}`);
      expect(malformed.status, `${method} ${suffix}`).toBe(400);
      expect(malformed.json.code).toBe('invalid-id');
    }
    const stub = await h.request('PUT', `/v1/executions/${unknown}/stub`, { body: { ok: 'x' } });
    expect(stub.status).toBe(404);
  });

  test('the result is a 202 while the execution runs and a 200 once it finished', async () => {
    const h = await apiHarness({ start: false });
    const id = await submit(h, FFQN.fail, ['nope']);
    const pending = await h.request('GET', `/v1/executions/${id}/result`);
    expect(pending.status).toBe(202);
    expectConforms('getExecutionResult', pending);
    expect(pending.json).toEqual({ execution_id: id, state: 'pending', finished: null });
    h.engine.start();
    await h.engine.awaitResult(id, { timeoutMs: 20_000 });
    const finished = await h.request('GET', `/v1/executions/${id}/result`);
    expect(finished.status).toBe(200);
    expectConforms('getExecutionResult', finished);
    expect(finished.json).toEqual({ execution_id: id, state: 'finished', finished: { kind: 'err', value: 'nope' } });
  });

  test('the list is newest first and filters by FFQN prefix, state and ID prefix', async () => {
    const h = await apiHarness({ start: false });
    const ids = [
      await submit(h, FFQN.addOne, [1]),
      await submit(h, FFQN.fail, ['x']),
      await submit(h, FFQN.addOne, [2]),
    ];
    const all = await h.request('GET', '/v1/executions');
    expectConforms('listExecutions', all);
    expect(list<{ execution_id: string }>(all.json.executions).map((e) => e.execution_id)).toEqual([...ids].reverse());
    expect(all.json.next_cursor).toBeNull();
    expect(all.json.executions[0]).toMatchObject({
      ffqn: FFQN.addOne,
      state: 'pending',
      finished: null,
      parent_id: null,
    });

    const byFfqn = await h.request('GET', `/v1/executions?ffqn_prefix=${encodeURIComponent('testing:activities/err')}`);
    expect(list<{ execution_id: string }>(byFfqn.json.executions).map((e) => e.execution_id)).toEqual([ids[1]]);
    const byId = await h.request('GET', `/v1/executions?execution_id_prefix=${ids[2]}`);
    expect(byId.json.executions).toHaveLength(1);
    const finished = await h.request('GET', '/v1/executions?state=finished');
    expect(finished.json.executions).toEqual([]);
  });

  test('pages chained with next_cursor return every execution once', async () => {
    const h = await apiHarness({ start: false });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(await submit(h, FFQN.addOne, [i]));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await h.request('GET', `/v1/executions?limit=3${query}`);
      expectConforms('listExecutions', page);
      seen.push(...list<{ execution_id: string }>(page.json.executions).map((e) => e.execution_id));
      cursor = page.json.next_cursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  test('bad list queries are 400s: a limit over 1000 or under 1, an unknown state, a bad cursor or boolean', async () => {
    const h = await apiHarness({ start: false });
    const cases: [string, string, string][] = [
      ['limit=1001', 'invalid-request', 'query.limit: Too big: expected number to be <=1000'],
      ['limit=0', 'invalid-request', 'query.limit: Too small: expected number to be >=1'],
      ['limit=ten', 'invalid-request', 'query.limit: Invalid input: expected number, received NaN'],
      [
        'state=sleeping',
        'invalid-request',
        'query.state: Invalid option: expected one of "pending"|"locked"|"blocked"|"paused"|"cancelling"|"finished"',
      ],
      ['show_derived=yes', 'invalid-request', 'query.show_derived: expected `true` or `false`'],
      ['cursor=xyz', 'invalid-argument', 'invalid cursor "xyz"'],
    ];
    for (const [query, code, message] of cases) {
      const response = await h.request('GET', `/v1/executions?${query}`);
      expect(response.status, query).toBe(400);
      expectConforms('listExecutions', response);
      expect(response.json, query).toEqual({ code, message });
    }
    expect((await h.request('GET', '/v1/executions?limit=1000')).status).toBe(200);
  });

  test('derived executions are listed only with show_derived; events and responses show the workflow log', async () => {
    const h = await apiHarness();
    const id = await run(h, FFQN.chain, [2]);
    const top = await h.request('GET', '/v1/executions');
    expect(list<{ execution_id: string }>(top.json.executions).map((e) => e.execution_id)).toEqual([id]);
    expect(top.json.executions[0]).toMatchObject({ state: 'finished', finished: { kind: 'ok', value: 2 } });
    const derived = await h.request('GET', '/v1/executions?show_derived=true');
    const children = list<{ parent_id: string | null; ffqn: string }>(derived.json.executions).filter(
      (e) => e.parent_id === id,
    );
    expect(children).toHaveLength(2);
    expect(children.every((c) => c.ffqn === FFQN.addOne)).toBe(true);

    const events = await h.request('GET', `/v1/executions/${id}/events`);
    expectConforms('getExecutionEvents', events);
    const types = list<{ event: { type: string; event?: { type: string } } }>(events.json.events).map(
      (e) => e.event.event?.type ?? e.event.type,
    );
    expect(types[0]).toBe('created');
    expect(types[types.length - 1]).toBe('finished');
    expect(types).toContain('join-set-request');
    expect(list<{ version: number }>(events.json.events).map((e) => e.version)).toEqual(
      types.map((_: string, i: number) => i),
    );
    const page = await h.request('GET', `/v1/executions/${id}/events?from=1&limit=2`);
    expect(list<{ version: number }>(page.json.events).map((e) => e.version)).toEqual([1, 2]);

    const responses = await h.request('GET', `/v1/executions/${id}/responses`);
    expectConforms('getExecutionResponses', responses);
    expect(
      list<{ cursor: number; response: { result: unknown } }>(responses.json.responses).map((r) => [
        r.cursor,
        r.response.result,
      ]),
    ).toEqual([
      [0, { kind: 'ok', value: 1 }],
      [1, { kind: 'ok', value: 2 }],
    ]);
    const fromOne = await h.request('GET', `/v1/executions/${id}/responses?from=1`);
    expect(list<{ cursor: number }>(fromOne.json.responses).map((r) => r.cursor)).toEqual([1]);
  });

  test('logs hold guest output and log records, filtered by level, stream, cursor and limit', async () => {
    const h = await apiHarness();
    const stdio = await run(h, FFQN.stdio, ['to stdout', 'to stderr']);
    const all = await h.request('GET', `/v1/executions/${stdio}/logs`);
    expectConforms('getExecutionLogs', all);
    expect(list<{ stream: string; message: string }>(all.json.logs).map((l) => [l.stream, l.message.trim()])).toEqual(
      expect.arrayContaining([
        ['stdout', 'to stdout'],
        ['stderr', 'to stderr'],
      ]),
    );
    const onlyErr = await h.request('GET', `/v1/executions/${stdio}/logs?stream=stderr`);
    expect(list<{ stream: string }>(onlyErr.json.logs).map((l) => l.stream)).toEqual(['stderr']);
    const first = await h.request('GET', `/v1/executions/${stdio}/logs?limit=1`);
    expect(first.json.logs).toHaveLength(1);
    const rest = await h.request('GET', `/v1/executions/${stdio}/logs?after=${first.json.next_after}`);
    expect([...first.json.logs, ...rest.json.logs]).toEqual(all.json.logs);
    expect(rest.json.next_after).toBe(all.json.next_after);

    const workflow = await run(h, FFQN.logging, []);
    const records = await h.request('GET', `/v1/executions/${workflow}/logs?stream=none`);
    expectConforms('getExecutionLogs', records);
    expect(
      list<{ type: string; level: string; context: string; message: string }>(records.json.logs).map((l) => [
        l.type,
        l.level,
        l.context,
        l.message,
      ]),
    ).toEqual([
      ['log', 'info', 'ctx', 'hello'],
      ['log', 'warn', 'ctx', 'after'],
    ]);
    const warnOnly = await h.request('GET', `/v1/executions/${workflow}/logs?level=warn`);
    expect(list<{ message: string }>(warnOnly.json.logs).map((l) => l.message)).toEqual(['after']);
    const bad = await h.request('GET', `/v1/executions/${workflow}/logs?stream=stdin`);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('query.stream: expected `stdout`, `stderr`, `stdout,stderr` or `none`');
    const tooMany = await h.request('GET', `/v1/executions/${workflow}/logs?limit=1001`);
    expect(tooMany.status).toBe(400);
  });
});
