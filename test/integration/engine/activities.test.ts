import { describe, expect, test } from 'vitest';
import { InvalidArgument, NotFound } from '../../../src/engine/index.js';
import { watActivityFfqn } from '../../fixtures/wat/activities.js';
import { eventually, simEngine, tickAndSettle } from './harness.js';

const eventTypes = async (
  h: { engine: { getEvents(id: string): Promise<readonly { event: { type: string } }[]> } },
  id: string,
) => (await h.engine.getEvents(id)).map((record) => record.event.type);

describe('activities under a simulated clock', () => {
  test('an ok activity finishes with its value', async () => {
    const h = await simEngine([{ name: 'ok', fixture: 'ok' }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('ok'), [41]);
    expect(await tickAndSettle(h.engine)).toBe(1);
    const status = await h.engine.getStatus(executionId);
    expect(status.state).toMatchObject({ type: 'finished', result: { kind: 'ok', value: 42 } });
  });

  test('a returned err is retried after backoff * 2^(n-1), then finished with the error', async () => {
    const h = await simEngine([{ name: 'err', fixture: 'err', maxRetries: 2, retryExpBackoffMs: 100 }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('err'), ['boom']);
    const start = h.clock.now();
    await tickAndSettle(h.engine);
    expect((await h.engine.getStatus(executionId)).state).toEqual({ type: 'pending-at', scheduledAt: start + 100 });
    h.clock.advance(99);
    expect(await tickAndSettle(h.engine)).toBe(0);
    h.clock.advance(1);
    expect(await tickAndSettle(h.engine)).toBe(1);
    expect((await h.engine.getStatus(executionId)).state).toEqual({
      type: 'pending-at',
      scheduledAt: start + 100 + 200,
    });
    h.clock.advance(200);
    await tickAndSettle(h.engine);
    const status = await h.engine.getStatus(executionId);
    expect(status.state).toMatchObject({ type: 'finished', result: { kind: 'err', value: 'boom' } });
    expect(await eventTypes(h, executionId)).toEqual([
      'created',
      'locked',
      'temporarily-failed',
      'locked',
      'temporarily-failed',
      'locked',
      'finished',
    ]);
  });

  test('an err whose variant case contains "permanent" is not retried', async () => {
    const h = await simEngine([{ name: 'permanent', fixture: 'permanentErr', maxRetries: 5 }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('permanentErr'), ['no way']);
    await tickAndSettle(h.engine);
    const status = await h.engine.getStatus(executionId);
    expect(status.state).toMatchObject({
      type: 'finished',
      result: { kind: 'err', value: { permanent_failure: 'no way' } },
    });
  });

  test('an err of another variant case is retried', async () => {
    const h = await simEngine([{ name: 'permanent', fixture: 'permanentErr', maxRetries: 1 }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('retriableErr'), []);
    await tickAndSettle(h.engine);
    expect((await h.engine.getStatus(executionId)).state.type).toBe('pending-at');
  });

  test('a trap is retried, then finished as an uncategorized failure', async () => {
    const h = await simEngine([{ name: 'trap', fixture: 'trap', maxRetries: 1, retryExpBackoffMs: 10 }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('trap'), []);
    await tickAndSettle(h.engine);
    expect((await h.engine.getStatus(executionId)).state.type).toBe('pending-at');
    h.clock.advance(10);
    await tickAndSettle(h.engine);
    const status = await h.engine.getStatus(executionId);
    expect(status.state).toMatchObject({ type: 'finished', result: { kind: 'failure', failureKind: 'uncategorized' } });
    const finished = status.state.type === 'finished' ? status.state.result : null;
    expect(finished?.kind === 'failure' ? finished.detail : '').toMatch(/unreachable/);
  });

  test('an infinite loop is stopped at max_duration and retried', async () => {
    const h = await simEngine([
      { name: 'spin', fixture: 'spin', maxDurationMs: 5_000, maxRetries: 1, retryExpBackoffMs: 100 },
    ]);
    const { executionId } = await h.engine.submit(watActivityFfqn('spin'), []);
    const { done } = await h.engine.tick();
    await new Promise((resolve) => setTimeout(resolve, 300)); // let it spin for real
    expect((await h.engine.getStatus(executionId)).state.type).toBe('locked');
    h.clock.advance(5_000);
    await done;
    const status = await h.engine.getStatus(executionId);
    expect(status.state).toEqual({ type: 'pending-at', scheduledAt: h.clock.now() + 100 });
    expect(await eventTypes(h, executionId)).toEqual(['created', 'locked', 'temporarily-timed-out']);
    h.clock.advance(100);
    const second = await h.engine.tick();
    h.clock.advance(5_000);
    await second.done;
    expect((await h.engine.getStatus(executionId)).state).toMatchObject({
      type: 'finished',
      result: { kind: 'failure', failureKind: 'timed-out' },
    });
  });

  test('the lock is extended every lock_expiry / 2 while an attempt runs', async () => {
    const h = await simEngine([
      { name: 'spin', fixture: 'spin', maxDurationMs: 60_000, exec: { lockExpiryMs: 1_000 } },
    ]);
    const { executionId } = await h.engine.submit(watActivityFfqn('spin'), []);
    const start = h.clock.now();
    const { done } = await h.engine.tick();
    const locked = await h.engine.getStatus(executionId);
    expect(locked.state).toMatchObject({ type: 'locked', lockExpiresAt: start + 1_000 });
    h.clock.advance(500);
    await eventually(
      () => h.engine.getStatus(executionId),
      (s) => s.state.type === 'locked' && s.state.lockExpiresAt === start + 1_500,
    );
    h.clock.advance(500);
    await eventually(
      () => h.engine.getStatus(executionId),
      (s) => s.state.type === 'locked' && s.state.lockExpiresAt === start + 2_000,
    );
    expect((await h.engine.tick()).locked).toBe(0);
    await h.engine.cancel(executionId);
    await done;
  });

  test('cancel stops a running attempt and finishes the execution as cancelled', async () => {
    const h = await simEngine([{ name: 'spin', fixture: 'spin' }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('spin'), []);
    const { done } = await h.engine.tick();
    expect(await h.engine.cancel(executionId)).toBe('requested');
    await done;
    const status = await h.engine.getStatus(executionId);
    expect(status.state).toMatchObject({ type: 'finished', result: { kind: 'failure', failureKind: 'cancelled' } });
  });

  test('cancel of a pending activity finishes it at once', async () => {
    const h = await simEngine([{ name: 'ok', fixture: 'ok' }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('ok'), [1]);
    expect(await h.engine.cancel(executionId)).toBe('cancelled');
    expect(await tickAndSettle(h.engine)).toBe(0);
  });

  test('the activity sees exactly its configured env vars', async () => {
    const h = await simEngine([{ name: 'env', fixture: 'env', envVars: { GREETING: 'hello', TARGET: 'world' } }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('env'), []);
    await tickAndSettle(h.engine);
    const status = await h.engine.getStatus(executionId);
    expect(status.state).toMatchObject({
      type: 'finished',
      result: {
        kind: 'ok',
        value: [
          ['GREETING', 'hello'],
          ['TARGET', 'world'],
        ],
      },
    });
  });

  test('stdout and stderr are stored as the execution logs', async () => {
    const h = await simEngine([{ name: 'stdio', fixture: 'stdio' }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('stdio'), ['first line\nsecond line\n', 'oops\n']);
    await tickAndSettle(h.engine);
    const logs = await h.engine.getLogs({ executionId: executionId });
    const lines = logs.map((log) => (log.type === 'stream' ? `${log.stream}: ${log.message}` : ''));
    expect(lines).toEqual(['stdout: first line', 'stdout: second line', 'stderr: oops']);
  });

  test('bad parameters are rejected with the path of the problem and nothing is stored', async () => {
    const h = await simEngine([{ name: 'ok', fixture: 'ok' }]);
    await expect(h.engine.submit(watActivityFfqn('ok'), ['abc'])).rejects.toThrow(InvalidArgument);
    await expect(h.engine.submit(watActivityFfqn('ok'), ['abc'])).rejects.toThrow(
      'invalid parameters for testing:activities/ok@1.0.0.add-one: params[0]: expected u64 (an integer or a decimal string), got "abc"',
    );
    await expect(h.engine.submit(watActivityFfqn('ok'), [1, 2])).rejects.toThrow(/expected 1 parameter/);
    await expect(h.engine.submit('testing:activities/nope@1.0.0.nope', [])).rejects.toThrow(NotFound);
    expect((await h.engine.listExecutions({ showDerived: true })).executions).toEqual([]);
  });

  test('submitting the same execution ID with the same params is a no-op', async () => {
    const h = await simEngine([{ name: 'ok', fixture: 'ok' }]);
    const first = await h.engine.submit(watActivityFfqn('ok'), [1], { executionId: 'E_01JD0000000000000000000000' });
    const second = await h.engine.submit(watActivityFfqn('ok'), [1], { executionId: first.executionId });
    expect([first.created, second.created]).toEqual([true, false]);
  });
});

describe('the lock-expiry watcher', () => {
  test('an execution whose executor died is retried with backoff', async () => {
    const h = await simEngine([{ name: 'ok', fixture: 'ok', retryExpBackoffMs: 100 }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('ok'), [1]);
    // A "dead" executor: it locks and never extends or finishes.
    const { ExecutorId, RunId } = await import('../../../src/engine/index.js');
    const now = h.clock.now();
    await h.store.lockPending({
      ffqns: [executionIdFfqn()],
      limit: 1,
      now,
      executorId: ExecutorId.generate(h.clock),
      runId: RunId.generate(h.clock),
      lockExpiresAt: now + 1_000,
      retry: { maxRetries: 5, backoffMs: 100 },
    });
    h.clock.advance(1_000 + 500 + 1);
    await h.engine.tick();
    expect((await h.engine.getStatus(executionId)).state).toEqual({
      type: 'pending-at',
      scheduledAt: h.clock.now() + 100,
    });
    h.clock.advance(100);
    await tickAndSettle(h.engine);
    expect((await h.engine.getStatus(executionId)).state).toMatchObject({
      type: 'finished',
      result: { kind: 'ok', value: 2 },
    });
  });
});

function executionIdFfqn(): never {
  return watActivityFfqn('ok') as never;
}
