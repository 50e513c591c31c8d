/** Pausing, unpausing and scheduled submits at the engine, under a simulated clock. */
import { describe, expect, test } from 'vitest';
import { InvalidState } from '../../../src/engine/index.js';
import { watActivityFfqn } from '../../fixtures/wat/activities.js';
import { simEngine, tickAndSettle } from './harness.js';

const eventTypes = async (h: Awaited<ReturnType<typeof simEngine>>, id: string): Promise<string[]> =>
  (await h.engine.getEvents(id)).map((record) => record.event.type);

describe('pause, unpause and scheduled submits', () => {
  test('an execution submitted paused is not locked until unpaused', async () => {
    const h = await simEngine([{ name: 'ok', fixture: 'ok' }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('ok'), [1], { paused: true });
    expect((await h.engine.getStatus(executionId)).summaryState).toBe('paused');
    h.clock.advance(60_000);
    expect(await tickAndSettle(h.engine)).toBe(0);
    const unpaused = await h.engine.unpause(executionId);
    expect(unpaused.paused).toBe(false);
    expect(await tickAndSettle(h.engine)).toBe(1);
    expect((await h.engine.getStatus(executionId)).state).toMatchObject({ type: 'finished', result: { value: 2 } });
    expect(await eventTypes(h, executionId)).toEqual(['created', 'unpaused', 'locked', 'finished']);
  });

  test('a scheduled execution starts only once the clock reaches its time', async () => {
    const h = await simEngine([{ name: 'ok', fixture: 'ok' }]);
    const at = h.clock.now() + 10 * 60_000;
    const { executionId } = await h.engine.submit(watActivityFfqn('ok'), [1], { scheduledAt: at });
    expect((await h.engine.getStatus(executionId)).state).toEqual({ type: 'pending-at', scheduledAt: at });
    h.clock.advance(10 * 60_000 - 1);
    expect(await tickAndSettle(h.engine)).toBe(0);
    h.clock.advance(1);
    expect(await tickAndSettle(h.engine)).toBe(1);
    expect((await h.engine.getStatus(executionId)).summaryState).toBe('finished');
  });

  test('pausing a pending execution keeps it from being locked; pausing twice is a no-op', async () => {
    const h = await simEngine([{ name: 'ok', fixture: 'ok' }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('ok'), [1]);
    const paused = await h.engine.pause(executionId);
    expect(paused).toMatchObject({ paused: true, summaryState: 'paused' });
    expect((await h.engine.pause(executionId)).version).toBe(paused.version);
    expect(await tickAndSettle(h.engine)).toBe(0);
    await h.engine.unpause(executionId);
    expect((await h.engine.unpause(executionId)).paused).toBe(false);
    expect(await tickAndSettle(h.engine)).toBe(1);
  });

  test('pausing a running attempt stops it; it runs again from the start once unpaused', async () => {
    const h = await simEngine([{ name: 'sleep', fixture: 'sleep', maxDurationMs: 600_000 }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('sleep'), [60_000]);
    const { locked, done } = await h.engine.tick();
    expect(locked).toBe(1);
    const started = Date.now();
    const paused = await h.engine.pause(executionId);
    expect(paused.state.type).toBe('pending-at');
    await done; // the sleeping attempt is stopped, not waited for
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await eventTypes(h, executionId)).toEqual(['created', 'locked', 'unlocked', 'paused']);
    expect(await tickAndSettle(h.engine)).toBe(0);
    await h.engine.unpause(executionId);
    const again = await h.engine.tick();
    expect(again.locked).toBe(1);
    await h.engine.cancel(executionId);
    await again.done;
  });

  test('a finished execution cannot be paused', async () => {
    const h = await simEngine([{ name: 'ok', fixture: 'ok' }]);
    const { executionId } = await h.engine.submit(watActivityFfqn('ok'), [1]);
    await tickAndSettle(h.engine);
    await expect(h.engine.pause(executionId)).rejects.toBeInstanceOf(InvalidState);
  });
});
