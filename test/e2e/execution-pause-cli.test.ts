/**
 * `obelisk execution pause|unpause` and `submit --paused|--at|--in`: the BUILT CLI against an API
 * server started in this process (an engine with WAT fixtures on an in-memory store).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine, Store } from '../../src/engine/index.js';
import { startApiServer, type ApiServer } from '../../src/server/index.js';
import { PausedBody } from '../../src/wire/executions.js';
import { runObelisk, type RunResult } from '../helpers/bin.js';
import { buildEngine, FFQN } from '../integration/server/harness.js';

let engine: Engine;
let store: Store;
let api: ApiServer;

beforeAll(async () => {
  ({ engine, store } = await buildEngine());
  engine.start();
  api = await startApiServer({ engine, host: '127.0.0.1', port: 0, version: 'e2e' });
});

afterAll(async () => {
  await api.close();
  await engine.stop(0);
  await store.close();
});

function cli(args: readonly string[]): Promise<RunResult> {
  return runObelisk(args, {
    env: { OBELISK_API_URL: api.url, OBELISK_API_TOKEN: undefined, OBELISK__API__TOKEN: undefined },
  });
}

describe('obelisk execution pause / unpause and scheduled submits', () => {
  test('submit --paused creates it paused; unpause lets it run; pause of a finished one is exit 1', async () => {
    const submitted = await cli(['execution', 'submit', FFQN.addOne, '[1]', '--paused']);
    expect(submitted.code).toBe(0);
    const id = submitted.stdout.trim();
    expect((await engine.getStatus(id)).summaryState).toBe('paused');
    const paused = await cli(['execution', 'pause', id, '--json']);
    expect(paused.code).toBe(0);
    const body: unknown = JSON.parse(paused.stdout);
    expect(PausedBody.parse(body)).toEqual(body);
    expect(body).toEqual({ execution_id: id, paused: true, state: 'paused' });
    const unpaused = await cli(['execution', 'unpause', id]);
    expect(unpaused.code).toBe(0);
    expect(unpaused.stdout).toMatch(new RegExp(`^${id} unpaused \\((pending|locked|finished)\\)\\n$`));
    expect(await engine.awaitResult(id, { timeoutMs: 20_000 })).toMatchObject({ kind: 'ok', value: 2 });
    const again = await cli(['execution', 'pause', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/cannot pause .* it is finished/);
  });

  test('--at and --in schedule it; bad values and both at once are usage errors', async () => {
    const at = await cli(['execution', 'submit', FFQN.addOne, '[1]', '--at', '2030-01-31T12:00:00Z']);
    expect(at.code).toBe(0);
    expect((await engine.getStatus(at.stdout.trim())).state).toEqual({
      type: 'pending-at',
      scheduledAt: Date.parse('2030-01-31T12:00:00Z'),
    });
    const before = Date.now();
    const inTen = await cli(['execution', 'submit', FFQN.addOne, '[1]', '--in', '10m']);
    expect(inTen.code).toBe(0);
    const record = await engine.getStatus(inTen.stdout.trim());
    const scheduledAt = record.state.type === 'pending-at' ? record.state.scheduledAt : 0;
    expect(scheduledAt).toBeGreaterThanOrEqual(before + 600_000);
    expect(scheduledAt).toBeLessThanOrEqual(Date.now() + 600_000);
    const badIn = await cli(['execution', 'submit', FFQN.addOne, '[1]', '--in', 'soon']);
    expect(badIn.code).toBe(2);
    expect(badIn.stderr).toMatch(/--in: expected a duration/);
    const badAt = await cli(['execution', 'submit', FFQN.addOne, '[1]', '--at', 'tomorrow']);
    expect(badAt.code).toBe(2);
    expect(badAt.stderr).toMatch(/--at: expected an RFC 3339 time/);
    const both = await cli(['execution', 'submit', FFQN.addOne, '[1]', '--at', '2030-01-31T12:00:00Z', '--in', '1m']);
    expect(both.code).toBe(2);
  });
});
