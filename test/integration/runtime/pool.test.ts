import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, test } from 'vitest';
import { WorkerPool, type WorkerLease } from '../../../src/engine/runtime/pool.js';

/** A worker that says ready, then echoes every message back with its thread id. */
const ECHO_WORKER = `
const { parentPort, threadId } = require('node:worker_threads');
parentPort.on('message', (message) => {
  if (message === 'hang') { for (;;) {} }
  parentPort.postMessage({ type: 'echo', threadId, message });
});
parentPort.postMessage({ type: 'ready' });
`;

const pools: WorkerPool<{ uses: number }>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close(0)));
});

function makePool(
  size: number,
  code = ECHO_WORKER,
  growth: { growAfterMs?: number; maxStarting?: number } = {},
): WorkerPool<{ uses: number }> {
  const pool = new WorkerPool({
    ...growth,
    size,
    createWorker: () => new Worker(code, { eval: true }),
    createState: () => ({ uses: 0 }),
  });
  pools.push(pool);
  return pool;
}

function echo(lease: WorkerLease<unknown>, message: string): Promise<{ threadId: number; message: string }> {
  return new Promise((resolve) => {
    const onMessage = (reply: { type: string; threadId: number; message: string }): void => {
      if (reply.type === 'echo') {
        lease.worker.off('message', onMessage);
        resolve(reply);
      }
    };
    lease.worker.on('message', onMessage);
    lease.worker.postMessage(message);
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const exited = (worker: Worker): Promise<number> => new Promise((resolve) => worker.once('exit', resolve));

describe('the worker pool', () => {
  test('starts workers on demand and never more than its size', async () => {
    const pool = makePool(2);
    expect(pool.stats()).toMatchObject({ size: 2, starting: 0, idle: 0, busy: 0 });
    const [a, b] = await Promise.all([pool.acquire(), pool.acquire()]);
    const third = pool.acquire();
    expect(pool.stats()).toMatchObject({ busy: 2, queued: 1, starting: 0 });
    expect(a.worker.threadId).not.toBe(b.worker.threadId);
    a.release();
    const c = await third;
    expect(c.worker).toBe(a.worker);
    expect(pool.stats()).toMatchObject({ busy: 2, queued: 0 });
  });

  test('an empty pool starts one worker for a burst, and more only once the queue stalls', async () => {
    const pool = makePool(4, ECHO_WORKER, { growAfterMs: 100, maxStarting: 2 });
    const acquiring = pool.acquire();
    const others = [pool.acquire(), pool.acquire(), pool.acquire()];
    expect(pool.stats()).toMatchObject({ starting: 1, queued: 4 });
    const first = await acquiring;
    // The first worker is held: the three others wait, and the pool waits for the queue to stall.
    expect(pool.stats()).toMatchObject({ starting: 0, busy: 1, queued: 3 });
    await until(() => pool.stats().starting > 0);
    // Then it starts more, at most maxStarting at a time.
    expect(pool.stats()).toMatchObject({ starting: 2, busy: 1 });
    const rest = await Promise.all(others);
    expect(new Set([first, ...rest].map((lease) => lease.worker.threadId)).size).toBe(4);
    expect(pool.stats()).toMatchObject({ starting: 0, busy: 4, queued: 0 });
  });

  test('a burst whose acquisitions are released at once is served by the workers there are', async () => {
    const pool = makePool(4, ECHO_WORKER, { growAfterMs: 1_000 });
    const threads = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const lease = await pool.acquire();
        const { threadId } = await echo(lease, 'hi');
        lease.release();
        return threadId;
      }),
    );
    expect(new Set(threads).size).toBe(1);
    expect(pool.stats()).toMatchObject({ starting: 0, idle: 1, busy: 0, queued: 0 });
  });

  test('serves queued acquisitions in FIFO order', async () => {
    const pool = makePool(1);
    const first = await pool.acquire();
    const order: string[] = [];
    const second = pool.acquire().then((lease) => (order.push('second'), lease));
    const third = pool.acquire().then((lease) => (order.push('third'), lease));
    first.release();
    (await second).release();
    (await third).release();
    expect(order).toEqual(['second', 'third']);
  });

  test('keeps per-worker state between leases of the same worker', async () => {
    const pool = makePool(1);
    const lease = await pool.acquire();
    lease.state.uses += 1;
    lease.release();
    const again = await pool.acquire();
    expect(again.state.uses).toBe(1);
    expect((await echo(again, 'hi')).message).toBe('hi');
  });

  test('discarding a busy worker terminates it, even in an endless loop, and starts a replacement', async () => {
    const pool = makePool(1);
    const lease = await pool.acquire();
    const gone = exited(lease.worker);
    lease.worker.postMessage('hang');
    await lease.discard();
    await gone;
    expect(pool.stats().starting + pool.stats().idle).toBe(1);
    const next = await pool.acquire();
    expect(next.worker.threadId).not.toBe(lease.worker.threadId);
    expect(next.state.uses).toBe(0);
    expect((await echo(next, 'still works')).message).toBe('still works');
  });

  test('retiring ends matching idle workers at once and busy ones at their release, without disturbing their work', async () => {
    const pool = makePool(3);
    const [marked, busyMarked, other] = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    marked.state.uses = 1;
    busyMarked.state.uses = 1;
    marked.release();
    other.release();
    const idleGone = exited(marked.worker);
    pool.retire((state) => state.uses > 0);
    await idleGone;
    expect(pool.stats()).toMatchObject({ idle: 1, busy: 1 });
    expect((await echo(busyMarked, 'finishing')).message).toBe('finishing');
    const busyGone = exited(busyMarked.worker);
    busyMarked.release();
    await busyGone;
    expect(pool.stats()).toMatchObject({ idle: 1, busy: 0 });
    const leases = await Promise.all([pool.acquire(), pool.acquire()]);
    expect(leases.map((l) => l.worker.threadId)).toContain(other.worker.threadId);
    expect(leases.map((l) => l.state.uses)).toEqual([0, 0]);
  });

  test('an acquisition aborted while queued is rejected and leaves the queue', async () => {
    const pool = makePool(1);
    const busy = await pool.acquire();
    const controller = new AbortController();
    const queued = pool.acquire(controller.signal);
    expect(pool.stats().queued).toBe(1);
    controller.abort();
    await expect(queued).rejects.toThrow();
    expect(pool.stats().queued).toBe(0);
    busy.release();
    expect(pool.stats().idle).toBe(1);
  });

  test('a worker that crashes while idle is dropped and replaced on the next acquisition', async () => {
    const pool = makePool(1);
    const lease = await pool.acquire();
    lease.release();
    const gone = exited(lease.worker);
    await lease.worker.terminate();
    await gone;
    expect(pool.stats()).toMatchObject({ idle: 0, busy: 0 });
    const next = await pool.acquire();
    expect(next.worker.threadId).not.toBe(lease.worker.threadId);
  });

  test('a worker that cannot start fails the waiting acquisitions with a stable code', async () => {
    const pool = makePool(1, 'throw new Error("broken worker")');
    await expect(pool.acquire()).rejects.toMatchObject({ code: 'runtime-worker-start-failed' });
  });

  test('close rejects queued acquisitions, waits for the grace period, then kills busy workers', async () => {
    const pool = makePool(1);
    const busy = await pool.acquire();
    const queued = expect(pool.acquire()).rejects.toMatchObject({ code: 'runtime-closed' });
    busy.worker.postMessage('hang');
    const gone = exited(busy.worker);
    await pool.close(50);
    await queued;
    await gone;
    await expect(pool.acquire()).rejects.toMatchObject({ code: 'runtime-closed' });
  });

  test('close returns as soon as busy workers are released', async () => {
    const pool = makePool(1);
    const busy = await pool.acquire();
    const closing = pool.close(60_000);
    busy.release();
    await closing;
    expect(pool.stats()).toMatchObject({ idle: 0, busy: 0 });
  });
});
