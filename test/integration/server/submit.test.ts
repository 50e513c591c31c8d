/** `POST /v1/executions` and `PUT /v1/executions/{id}`: short FFQNs, parameter checks, idempotency, bad bodies. */
import { describe, expect, test } from 'vitest';
import { ExecutionId } from '../../../src/engine/index.js';
import { MAX_BODY_BYTES } from '../../../src/server/body.js';
import { apiHarness, expectConforms, FFQN } from './harness.js';

describe('submitting executions', () => {
  test('a submitted activity runs and its result can be read', async () => {
    const h = await apiHarness();
    const submitted = await h.request('POST', '/v1/executions', { body: { ffqn: FFQN.addOne, params: [41] } });
    expect(submitted.status).toBe(201);
    expectConforms('submitExecution', submitted);
    expect(submitted.json).toEqual({ execution_id: expect.stringMatching(/^E_/), ffqn: FFQN.addOne, created: true });
    await h.engine.awaitResult(submitted.json.execution_id as string, { timeoutMs: 20_000 });
    const result = await h.request('GET', `/v1/executions/${submitted.json.execution_id}/result`);
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      execution_id: submitted.json.execution_id,
      state: 'finished',
      finished: { kind: 'ok', value: 42 },
    });
  });

  test('a unique short FFQN resolves to the full one, with or without its version', async () => {
    const h = await apiHarness({ start: false });
    for (const short of ['.../approval.approve', '.../approval@1.0.0.approve']) {
      const response = await h.request('POST', '/v1/executions', { body: { ffqn: short, params: [1] } });
      expect(response.status).toBe(201);
      expect(response.json.ffqn).toBe(FFQN.approve);
      expect((await h.engine.getStatus(response.json.execution_id as string)).ffqn).toBe(FFQN.approve);
    }
  });

  test('an ambiguous short FFQN is a 400 listing the candidates; an unmatched one a 404', async () => {
    const h = await apiHarness({ start: false });
    const ambiguous = await h.request('POST', '/v1/executions', { body: { ffqn: '.../ok.add-one', params: [1] } });
    expect(ambiguous.status).toBe(400);
    expectConforms('submitExecution', ambiguous);
    expect(ambiguous.json).toEqual({
      code: 'ambiguous-ffqn',
      message: `".../ok.add-one" matches 2 functions: ${FFQN.addOne}, ${FFQN.twin}`,
      hint: 'pass the full FFQN (namespace:package/interface.function)',
    });
    const versioned = await h.request('POST', '/v1/executions', {
      body: { ffqn: '.../ok@2.0.0.add-one', params: [1] },
    });
    expect(versioned.json.ffqn).toBe(FFQN.twin);
    const none = await h.request('POST', '/v1/executions', { body: { ffqn: '.../nothing.here', params: [] } });
    expect(none.status).toBe(404);
    expect(none.json.code).toBe('not-found');
    expect(none.json.message).toBe('no loaded function matches ".../nothing.here"');
  });

  test('an unknown FFQN is a 404 and a malformed one a 400', async () => {
    const h = await apiHarness({ start: false });
    const unknown = await h.request('POST', '/v1/executions', { body: { ffqn: 'testing:nope/nope.nope', params: [] } });
    expect(unknown.status).toBe(404);
    expectConforms('submitExecution', unknown);
    expect(unknown.json).toEqual({
      code: 'not-found',
      message: 'function not found: testing:nope/nope.nope',
      hint: 'GET /v1/functions lists the functions that can be submitted',
    });
    const malformed = await h.request('POST', '/v1/executions', { body: { ffqn: 'no-colon', params: [] } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.code).toBe('invalid-ffqn');
  });

  test('parameters of the wrong type are a 400 naming the path of the bad value', async () => {
    const h = await apiHarness({ start: false });
    const wrongType = await h.request('POST', '/v1/executions', { body: { ffqn: FFQN.stdio, params: ['fine', 7] } });
    expect(wrongType.status).toBe(400);
    expectConforms('submitExecution', wrongType);
    expect(wrongType.json.code).toBe('invalid-argument');
    expect(wrongType.json.message).toBe(`invalid parameters for ${FFQN.stdio}: params[1]: expected string, got 7`);
    expect(wrongType.json.hint).toBe('expected a JSON array of 2 parameters (out, err)');
    const arity = await h.request('POST', '/v1/executions', { body: { ffqn: FFQN.addOne, params: [1, 2] } });
    expect(arity.status).toBe(400);
    expect(arity.json.message).toContain('expected 1 parameter (n), got 2');
    const notArray = await h.request('POST', '/v1/executions', { body: { ffqn: FFQN.addOne, params: 5 } });
    expect(notArray.status).toBe(400);
    expect(notArray.json).toEqual({
      code: 'invalid-request',
      message: 'body.params: Invalid input: expected array, received number',
    });
    expect((await h.engine.listExecutions()).executions).toEqual([]);
  });

  test('malformed JSON is a 400 carrying the parser message', async () => {
    const h = await apiHarness({ start: false });
    const text = '{"ffqn": "a:b/c.d", ';
    let parserMessage = '';
    try {
      JSON.parse(text);
    } catch (error: unknown) {
      parserMessage = (error as Error).message;
    }
    const response = await h.request('POST', '/v1/executions', {
      rawBody: text,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      code: 'invalid-json',
      message: `the request body is not valid JSON: ${parserMessage}`,
    });
  });

  test('a missing body, a non-JSON media type and a body over 1 MiB are refused', async () => {
    const h = await apiHarness({ start: false });
    const missing = await h.request('POST', '/v1/executions');
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ code: 'invalid-request', message: 'this route needs a JSON request body' });
    const form = await h.request('POST', '/v1/executions', {
      rawBody: 'ffqn=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.json.code).toBe('unsupported-media-type');
    const huge = await h.request('POST', '/v1/executions', {
      body: { ffqn: FFQN.addOne, params: ['x'.repeat(MAX_BODY_BYTES)] },
    });
    expect(huge.status).toBe(413);
    expect(huge.json).toEqual({
      code: 'payload-too-large',
      message: `the request body is larger than ${MAX_BODY_BYTES} bytes`,
    });
    const unknownField = await h.request('POST', '/v1/executions', {
      body: { ffqn: FFQN.addOne, params: [1], execution_id: 'E_nope' },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.code).toBe('invalid-id');
  });

  test('PUT with a client-chosen ID creates once: the same parameters again are a 200, different ones a 409', async () => {
    const h = await apiHarness({ start: false });
    const id = ExecutionId.generate(h.engine.clock);
    const first = await h.request('PUT', `/v1/executions/${id}`, { body: { ffqn: FFQN.addOne, params: [1] } });
    expect(first.status).toBe(201);
    expectConforms('putExecution', first);
    expect(first.json).toEqual({ execution_id: id, ffqn: FFQN.addOne, created: true });
    const again = await h.request('PUT', `/v1/executions/${id}`, { body: { ffqn: FFQN.addOne, params: [1] } });
    expect(again.status).toBe(200);
    expectConforms('putExecution', again);
    expect(again.json).toEqual({ execution_id: id, ffqn: FFQN.addOne, created: false });
    const viaPost = await h.request('POST', '/v1/executions', {
      body: { ffqn: FFQN.addOne, params: [1], execution_id: id },
    });
    expect(viaPost.status).toBe(200);
    expect(viaPost.json.created).toBe(false);
    const different = await h.request('PUT', `/v1/executions/${id}`, { body: { ffqn: FFQN.addOne, params: [2] } });
    expect(different.status).toBe(409);
    expectConforms('putExecution', different);
    expect(different.json.code).toBe('conflict');
    expect((await h.engine.getStatus(id)).params).toEqual([1]);
    const badId = await h.request('PUT', '/v1/executions/not-an-id', { body: { ffqn: FFQN.addOne, params: [1] } });
    expect(badId.status).toBe(400);
    expect(badId.json.code).toBe('invalid-id');
  });

  test('the queue of a submission is kept', async () => {
    const h = await apiHarness({ start: false });
    const response = await h.request('POST', '/v1/executions', {
      body: { ffqn: FFQN.addOne, params: [1], queue: 'slow-lane' },
    });
    expect((await h.engine.getStatus(response.json.execution_id as string)).queue).toBe('slow-lane');
  });
});
