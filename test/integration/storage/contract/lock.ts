/** Contract cases: locking pending executions, versions, unlocking, lock extension and expiry. */
import { expect } from 'vitest';
import { ExecutionId, JoinSetId } from '../../../../src/engine/concepts/index.js';
import { DIGEST, FFQN_A, FFQN_B, LOCK_MS, expectCode, type ContractRun } from './harness.js';

export function lockCases(run: ContractRun): void {
  run.case('only executions whose time has come and whose function matches are locked, oldest first', async (fx) => {
    const later = await fx.create({ scheduledAt: fx.now() + 1_000 });
    const second = await fx.create({ scheduledAt: fx.now() - 10 });
    const first = await fx.create({ scheduledAt: fx.now() - 20 });
    const other = await fx.create({ ffqn: FFQN_B });
    const locked = await fx.lock({ ffqns: [FFQN_A] });
    expect(locked.map((l) => l.executionId)).toEqual([first, second]);
    expect((await fx.store.getExecution(later)).summaryState).toBe('pending');
    expect((await fx.store.getExecution(other)).summaryState).toBe('pending');
    fx.clock.advance(1_000);
    expect((await fx.lock({ ffqns: [FFQN_A] })).map((l) => l.executionId)).toEqual([later]);
  });

  run.case('a lock appends a locked event and hands the worker what it needs', async (fx) => {
    const top = await fx.create();
    const child = ExecutionId.derive(top, JoinSetId.oneOff(1), 1);
    await fx.create({
      executionId: child,
      ffqn: FFQN_B,
      params: ['a', { n: 1 }],
      seed: '7',
      queue: 'q',
      parent: { executionId: top, joinSetId: JoinSetId.oneOff(1) },
    });
    const runId = fx.runId();
    const [locked] = await fx.store.lockPending({
      ffqns: [FFQN_B],
      limit: 5,
      now: fx.now(),
      executorId: fx.executorId,
      runId,
      lockExpiresAt: fx.now() + LOCK_MS,
      retry: { maxRetries: 3, backoffMs: 100 },
    });
    expect(locked).toEqual({
      executionId: child,
      ffqn: FFQN_B,
      params: ['a', { n: 1 }],
      version: 1,
      componentDigest: DIGEST,
      queue: 'q',
      parent: { executionId: top, joinSetId: 'o:1' },
      topmostParentId: top,
      intermittentFailures: 0,
      seed: '7',
      createdAt: fx.now(),
      executorId: fx.executorId,
      runId,
      lockExpiresAt: fx.now() + LOCK_MS,
      cancelRequested: false,
      history: undefined,
    });
    const events = await fx.store.getEvents(child, { fromVersion: 1 });
    expect(events).toEqual([
      {
        version: 1,
        createdAt: fx.now(),
        event: {
          type: 'locked',
          executorId: fx.executorId,
          runId,
          lockExpiresAt: fx.now() + LOCK_MS,
          retry: { maxRetries: 3, backoffMs: 100 },
        },
      },
    ]);
    expect(await fx.store.getExecution(child)).toMatchObject({
      state: { type: 'locked', executorId: fx.executorId, runId, lockExpiresAt: fx.now() + LOCK_MS },
      summaryState: 'locked',
      version: 1,
    });
  });

  run.case('a locked execution is not locked again', async (fx) => {
    await fx.create();
    expect(await fx.lock()).toHaveLength(1);
    expect(await fx.lock()).toHaveLength(0);
  });

  run.case('the limit caps one batch', async (fx) => {
    for (let i = 0; i < 5; i++) {
      await fx.create();
    }
    expect(await fx.lock({ limit: 2 })).toHaveLength(2);
    expect(await fx.lock({ limit: 0 })).toHaveLength(0);
    expect(await fx.lock({ limit: 10 })).toHaveLength(3);
    await expectCode(fx.lock({ limit: -1 }), 'invalid-argument');
  });

  run.case('executions can be locked by queue, by function, or by both', async (fx) => {
    const inQ = await fx.create({ queue: 'gpu' });
    const inQb = await fx.create({ queue: 'gpu', ffqn: FFQN_B });
    const plain = await fx.create();
    const common = { limit: 10, now: fx.now(), executorId: fx.executorId, lockExpiresAt: fx.now() + LOCK_MS };
    const both = await fx.store.lockPending({ ...common, runId: fx.runId(), queue: 'gpu', ffqns: [FFQN_B] });
    expect(both.map((l) => l.executionId)).toEqual([inQb]);
    const byQueue = await fx.store.lockPending({ ...common, runId: fx.runId(), queue: 'gpu' });
    expect(byQueue.map((l) => l.executionId)).toEqual([inQ]);
    const byFfqn = await fx.store.lockPending({ ...common, runId: fx.runId(), ffqns: [FFQN_A] });
    expect(byFfqn.map((l) => l.executionId)).toEqual([plain]);
    expect(await fx.store.lockPending({ ...common, runId: fx.runId(), ffqns: [] })).toEqual([]);
    await expectCode(fx.store.lockPending({ ...common, runId: fx.runId() }), 'invalid-argument');
  });

  run.case('with history the lock returns the full event log and the responses', async (fx) => {
    const id = await fx.create();
    const locked = await fx.lockOne(id);
    expect(locked.history?.events.map((e) => e.event.type)).toEqual(['created', 'locked']);
    expect(locked.history?.responses).toEqual([]);
  });

  run.case(
    'appending with the current version advances it; a stale version is a conflict that writes nothing',
    async (fx) => {
      const id = await fx.create();
      const locked = await fx.lockOne(id);
      const v2 = await fx.store.appendEvent(
        id,
        locked.version,
        { type: 'temporarily-failed', reason: 'trap', detail: 'unreachable', backoffUntil: fx.now() + 100 },
        fx.now(),
      );
      expect(v2).toBe(2);
      await expect(
        fx.store.appendEvent(id, locked.version, { type: 'finished', result: { kind: 'ok', value: 1 } }, fx.now()),
      ).rejects.toMatchObject({
        code: 'version-conflict',
        expectedVersion: 1,
        actualVersion: 2,
      });
      await expectCode(fx.store.finish(id, 5, { kind: 'ok', value: 1 }, fx.now()), 'version-conflict');
      expect((await fx.store.getEvents(id)).map((e) => e.event.type)).toEqual([
        'created',
        'locked',
        'temporarily-failed',
      ]);
      expect((await fx.store.getExecution(id)).summaryState).toBe('pending');
    },
  );

  run.case('events not allowed in the current state are refused', async (fx) => {
    const id = await fx.create();
    await expectCode(
      fx.store.unlock(id, 0, { type: 'unlocked', reason: 'x', backoffUntil: fx.now() }, fx.now()),
      'invalid-state',
    );
    await expectCode(fx.store.appendEvent(id, 0, { type: 'unpaused' }, fx.now()), 'invalid-state');
    const locked = await fx.lockOne(id);
    await expectCode(fx.store.appendEvent(id, locked.version, { type: 'paused' }, fx.now()), 'invalid-state');
    const v = await fx.store.finish(id, locked.version, { kind: 'ok', value: null }, fx.now());
    await expectCode(fx.store.finish(id, v, { kind: 'ok', value: null }, fx.now()), 'invalid-state');
    await expectCode(
      fx.store.appendEvent(
        id,
        v,
        { type: 'locked', executorId: fx.executorId, runId: fx.runId(), lockExpiresAt: 0, retry: null },
        fx.now(),
      ),
      'invalid-state',
    );
    await expectCode(fx.store.appendEvent(id, v, { type: 'cancel-requested' }, fx.now()), 'invalid-state');
    expect((await fx.store.getExecution(id)).version).toBe(v);
  });

  run.case('a temporary failure counts as an attempt and makes the execution pending after its backoff', async (fx) => {
    const id = await fx.create();
    const first = await fx.lockOne(id);
    expect(first.intermittentFailures).toBe(0);
    await fx.store.unlock(
      id,
      first.version,
      { type: 'temporarily-failed', reason: 'trap', backoffUntil: fx.now() + 100 },
      fx.now(),
    );
    expect(await fx.store.getExecution(id)).toMatchObject({
      state: { type: 'pending-at', scheduledAt: fx.now() + 100 },
      intermittentFailures: 1,
    });
    fx.clock.advance(99);
    expect(await fx.lock()).toHaveLength(0);
    fx.clock.advance(1);
    const second = await fx.lockOne(id);
    expect(second.intermittentFailures).toBe(1);
    await fx.store.unlock(id, second.version, { type: 'temporarily-timed-out', backoffUntil: fx.now() }, fx.now());
    const third = await fx.lockOne(id);
    expect(third.intermittentFailures).toBe(2);
    await fx.store.unlock(
      id,
      third.version,
      { type: 'unlocked', reason: 'shutting down', backoffUntil: fx.now() },
      fx.now(),
    );
    expect((await fx.lockOne(id)).intermittentFailures).toBe(2);
  });

  run.case(
    'extending a lock moves its expiry without an event; a wrong run or a stale version is refused',
    async (fx) => {
      const id = await fx.create();
      const locked = await fx.lockOne(id);
      fx.clock.advance(500);
      await fx.store.extendLock({
        executionId: id,
        runId: locked.runId,
        version: locked.version,
        lockExpiresAt: fx.now() + LOCK_MS,
        now: fx.now(),
      });
      expect(await fx.store.getExecution(id)).toMatchObject({
        version: locked.version,
        state: { type: 'locked', lockExpiresAt: fx.now() + LOCK_MS },
      });
      await expectCode(
        fx.store.extendLock({
          executionId: id,
          runId: fx.runId(),
          version: locked.version,
          lockExpiresAt: 0,
          now: fx.now(),
        }),
        'invalid-state',
      );
      await fx.store.appendEvent(
        id,
        locked.version,
        { type: 'unlocked', reason: 'x', backoffUntil: fx.now() },
        fx.now(),
      );
      await expectCode(
        fx.store.extendLock({
          executionId: id,
          runId: locked.runId,
          version: locked.version,
          lockExpiresAt: 0,
          now: fx.now(),
        }),
        'version-conflict',
      );
      await expectCode(
        fx.store.extendLock({
          executionId: id,
          runId: locked.runId,
          version: locked.version + 1,
          lockExpiresAt: 0,
          now: fx.now(),
        }),
        'invalid-state',
      );
    },
  );

  run.case('expired locks are found with what the watcher needs to decide', async (fx) => {
    const a = await fx.create();
    const b = await fx.create({ ffqn: FFQN_B });
    const [lockedA] = await fx.store.lockPending({
      ffqns: [FFQN_A],
      limit: 1,
      now: fx.now(),
      executorId: fx.executorId,
      runId: fx.runId(),
      lockExpiresAt: fx.now() + 100,
      retry: { maxRetries: 2, backoffMs: 50 },
    });
    await fx.lock({ ffqns: [FFQN_B], lockMs: 200 });
    fx.clock.advance(100);
    expect(await fx.store.findExpiredLocks(fx.now())).toEqual([]);
    fx.clock.advance(1);
    expect(await fx.store.findExpiredLocks(fx.now())).toEqual([
      {
        executionId: a,
        ffqn: FFQN_A,
        version: 1,
        lockedAtVersion: 1,
        executorId: fx.executorId,
        runId: lockedA?.runId,
        lockExpiresAt: fx.now() - 1,
        intermittentFailures: 0,
        retry: { maxRetries: 2, backoffMs: 50 },
        parent: null,
        cancelRequested: false,
      },
    ]);
    fx.clock.advance(1_000);
    const both = await fx.store.findExpiredLocks(fx.now());
    expect(both.map((l) => l.executionId)).toEqual([a, b]);
    expect(await fx.store.findExpiredLocks(fx.now(), 1)).toHaveLength(1);
  });

  run.case('the watcher resolves an expired lock by timing it out or finishing it', async (fx) => {
    const id = await fx.create();
    await fx.lock({ lockMs: 10 });
    fx.clock.advance(11);
    const [expired] = await fx.store.findExpiredLocks(fx.now());
    expect(expired?.executionId).toBe(id);
    await fx.store.unlock(
      id,
      expired?.version ?? -1,
      { type: 'temporarily-timed-out', backoffUntil: fx.now() + 5 },
      fx.now(),
    );
    expect(await fx.store.findExpiredLocks(fx.now())).toEqual([]);
    fx.clock.advance(5);
    const again = await fx.lockOne(id);
    expect(again.intermittentFailures).toBe(1);
  });

  run.case(
    'with servedDigests, a version another live process announced is left to it until the announcement runs out',
    async (fx) => {
      const other = `sha256:${'b2'.repeat(32)}`;
      const unserved = `sha256:${'c3'.repeat(32)}`;
      const mine = await fx.create({ scheduledAt: fx.now() - 30 });
      const theirs = await fx.create({ scheduledAt: fx.now() - 20, componentDigest: other as typeof DIGEST });
      const orphan = await fx.create({ scheduledAt: fx.now() - 10, componentDigest: unserved as typeof DIGEST });
      await fx.store.announceServedDigests('Exr_other', [other, other], fx.now() + 1_000, fx.now());
      // An announcement replaces the process's previous one.
      await fx.store.announceServedDigests('Exr_gone', [DIGEST, unserved], fx.now() + 1_000, fx.now());
      await fx.store.announceServedDigests('Exr_gone', [DIGEST], fx.now() + 1_000, fx.now());
      const first = await fx.lock({ ffqns: [FFQN_A], servedDigests: [DIGEST] });
      expect(first.map((l) => l.executionId)).toEqual([mine, orphan]);
      // A process that has none of the announced versions gets none of their executions.
      expect((await fx.lock({ ffqns: [FFQN_A], servedDigests: [] })).map((l) => l.executionId)).toEqual([]);
      fx.clock.advance(1_000);
      expect((await fx.lock({ ffqns: [FFQN_A], servedDigests: [DIGEST] })).map((l) => l.executionId)).toEqual([theirs]);
    },
  );

  run.case('a withdrawn announcement no longer holds executions back', async (fx) => {
    const other = `sha256:${'d4'.repeat(32)}`;
    const theirs = await fx.create({ componentDigest: other as typeof DIGEST });
    await fx.store.announceServedDigests('Exr_other', [other], fx.now() + 60_000, fx.now());
    expect(await fx.lock({ ffqns: [FFQN_A], servedDigests: [DIGEST] })).toEqual([]);
    await fx.store.withdrawServedDigests('Exr_other');
    expect((await fx.lock({ ffqns: [FFQN_A], servedDigests: [] })).map((l) => l.executionId)).toEqual([theirs]);
  });
}
