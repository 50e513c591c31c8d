import { setImmediate as nextTurn } from 'node:timers/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  ExecutionId,
  ExecutorId,
  Ffqn,
  RunId,
  SimClock,
  openLibsqlStore,
  type ComponentDigest,
  type Store,
} from '../../../src/engine/index.js';
import { silentLogger } from '../../../src/engine/executor/index.js';
import { cutoffsAt, purgeFinished } from '../../../src/engine/retention/purge.js';
import { RetentionSweeper } from '../../../src/engine/retention/sweeper.js';
import { makeTempDir } from '../../helpers/tmp.js';

const FFQN = Ffqn.parse('testing:retention/ifc.fn');
const DIGEST = `sha256:${'b2'.repeat(32)}` as ComponentDigest;
const DAY = 86_400_000;
const stores: Store[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) {
    await store.close();
  }
});

async function fileStore(clock: SimClock): Promise<Store> {
  const store = await openLibsqlStore({ path: join(makeTempDir('obelisk-retention-'), 'db.sqlite'), clock });
  stores.push(store);
  return store;
}

/** Creates `count` executions with a log line each and finishes them `ok`, in chunks sharing a commit. */
async function finishedExecutions(store: Store, clock: SimClock, count: number): Promise<void> {
  const executorId = ExecutorId.generate(clock);
  for (let done = 0; done < count; done += 500) {
    const n = Math.min(500, count - done);
    const now = clock.now();
    const ids = Array.from({ length: n }, () => ExecutionId.generate(clock));
    await Promise.all(
      ids.map((executionId) =>
        store.createExecution({ executionId, ffqn: FFQN, params: [], componentDigest: DIGEST, scheduledAt: now, now }),
      ),
    );
    const locked = await store.lockPending({
      ffqns: [FFQN],
      limit: n,
      now,
      executorId,
      runId: RunId.generate(clock),
      lockExpiresAt: now + 60_000,
    });
    await store.appendLogs(
      ids.map((executionId) => ({
        executionId,
        runId: null,
        createdAt: now,
        type: 'stream',
        stream: 'stdout',
        message: 'x',
      })),
    );
    await Promise.all(locked.map((l) => store.finish(l.executionId, l.version, { kind: 'ok', value: null }, now)));
  }
}

describe('retention sweep', () => {
  test('a sweep over 10,000 executions lets API reads through after every batch', { tags: ['slow'] }, async () => {
    const clock = new SimClock(Date.UTC(2026, 0, 1));
    const store = await fileStore(clock);
    await finishedExecutions(store, clock, 10_000);
    const kept = ExecutionId.generate(clock);
    await store.createExecution({
      executionId: kept,
      ffqn: FFQN,
      params: [],
      componentDigest: DIGEST,
      scheduledAt: clock.now(),
      now: clock.now(),
    });
    clock.advance(2 * DAY);

    // Reads arrive like API requests, one per event-loop turn, until the sweep ends.
    const batchMs: number[] = [];
    const readAt: number[] = [];
    const batchesBeforeRead: number[] = [];
    let sweeping = true;
    const reads = (async () => {
      while (sweeping) {
        expect((await store.getExecution(kept)).summaryState).toBe('pending');
        readAt.push(performance.now());
        batchesBeforeRead.push(batchMs.length);
        await nextTurn();
      }
    })();
    const report = await purgeFinished(store, cutoffsAt(clock.now(), { finishedOlderThanMs: DAY }), {
      batchSize: 250,
      onBatch: (_counts, ms) => batchMs.push(ms),
    });
    sweeping = false;
    await reads;

    expect(report.counts).toMatchObject({ topLevel: 10_000, executions: 10_000, logs: 10_000 });
    expect(report.batches).toBe(41);
    // Between two reads at most one batch ran...
    const batchesBetweenReads = batchesBeforeRead.slice(1).map((n, i) => n - (batchesBeforeRead[i] ?? 0));
    expect(Math.max(...batchesBetweenReads)).toBeLessThanOrEqual(1);
    // ...so no read waited much longer than the longest batch, a small part of the whole sweep.
    const gaps = readAt.slice(1).map((t, i) => t - (readAt[i] ?? t));
    const longestBatch = Math.max(...batchMs);
    const sweepMs = batchMs.reduce((a, b) => a + b, 0);
    console.log(
      `retention sweep: ${report.batches} batches, longest ${longestBatch.toFixed(1)} ms of ${sweepMs.toFixed(0)} ms; longest read gap ${Math.max(...gaps).toFixed(1)} ms over ${readAt.length} reads`,
    );
    expect(Math.max(...gaps)).toBeLessThan(2 * longestBatch);
    expect(await store.tableRowCounts()).toMatchObject({ t_execution: 1, t_log: 0, t_event: 1 });
  });

  test('the sweeper purges at start and again every interval, keeping what is younger', async () => {
    const clock = new SimClock(Date.UTC(2026, 0, 1));
    const store = await fileStore(clock);
    await finishedExecutions(store, clock, 3);
    clock.advance(DAY / 2);
    await finishedExecutions(store, clock, 2);
    clock.advance(DAY / 2 + 1);
    const sweeper = new RetentionSweeper({
      store,
      clock,
      logger: silentLogger,
      policy: { finishedOlderThanMs: DAY, intervalMs: DAY / 2 },
    });
    const count = async (): Promise<number> => (await store.tableRowCounts()).t_execution ?? -1;
    sweeper.start();
    try {
      await expect.poll(count).toBe(2);
      await expect.poll(() => clock.pendingTimers).toBe(1);
      clock.advance(DAY / 2);
      await expect.poll(count).toBe(0);
    } finally {
      await sweeper.stop();
    }
  });

  test('a dry run reports the same counts as the purge that follows', async () => {
    const clock = new SimClock(Date.UTC(2026, 0, 1));
    const store = await fileStore(clock);
    await finishedExecutions(store, clock, 30);
    clock.advance(DAY);
    const before = await store.tableRowCounts();
    const cutoffs = cutoffsAt(clock.now(), { finishedOlderThanMs: 1 });
    const dry = await purgeFinished(store, cutoffs, { dryRun: true, batchSize: 7 });
    expect(await store.tableRowCounts()).toEqual(before);
    const real = await purgeFinished(store, cutoffs, { batchSize: 7 });
    expect(dry.counts).toEqual(real.counts);
    expect(real.counts.topLevel).toBe(30);
    expect(dry.dryRun).toBe(true);
  });
});
