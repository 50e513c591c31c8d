/** Contract cases: creating executions and reading them back. */
import { expect } from 'vitest';
import { ExecutionId, JoinSetId, type Ffqn } from '../../../../src/engine/concepts/index.js';
import { DIGEST, FFQN_A, FFQN_B, expectCode, type ContractRun } from './harness.js';

export function createCases(run: ContractRun): void {
  run.case('a new execution is pending at its scheduled time with a created event at version 0', async (fx) => {
    const id = fx.newId();
    const result = await fx.store.createExecution({
      executionId: id,
      ffqn: FFQN_A,
      params: [10, { b: 'x' }],
      componentDigest: DIGEST,
      scheduledAt: fx.now() + 500,
      queue: 'q1',
      seed: '1234',
      now: fx.now(),
    });
    expect(result).toEqual({ created: true, version: 0 });
    const record = await fx.store.getExecution(id);
    expect(record).toMatchObject({
      executionId: id,
      ffqn: FFQN_A,
      params: [10, { b: 'x' }],
      queue: 'q1',
      componentDigest: DIGEST,
      seed: '1234',
      parent: null,
      topmostParentId: id,
      createdAt: fx.now(),
      firstScheduledAt: fx.now() + 500,
      updatedAt: fx.now(),
      version: 0,
      state: { type: 'pending-at', scheduledAt: fx.now() + 500 },
      paused: false,
      cancelRequested: false,
      summaryState: 'pending',
      intermittentFailures: 0,
      retry: null,
    });
    const events = await fx.store.getEvents(id);
    expect(events).toEqual([
      {
        version: 0,
        createdAt: fx.now(),
        event: {
          type: 'created',
          ffqn: FFQN_A,
          params: [10, { b: 'x' }],
          parent: null,
          topmostParentId: id,
          scheduledAt: fx.now() + 500,
          queue: 'q1',
          componentDigest: DIGEST,
          seed: '1234',
          paused: false,
        },
      },
    ]);
  });

  run.case('the queue defaults to "default" and the seed to null', async (fx) => {
    const id = await fx.create();
    expect(await fx.store.getExecution(id)).toMatchObject({ queue: 'default', seed: null });
  });

  run.case('creating the same ID with the same parameters again writes nothing and says so', async (fx) => {
    const id = await fx.create({ params: [{ a: 1, b: [1, 2] }] });
    fx.clock.advance(100);
    const again = await fx.store.createExecution({
      executionId: id,
      ffqn: FFQN_A,
      params: [{ b: [1, 2], a: 1 }],
      componentDigest: DIGEST,
      scheduledAt: fx.now(),
      now: fx.now(),
    });
    expect(again).toEqual({ created: false, version: 0 });
    expect(await fx.store.getEvents(id)).toHaveLength(1);
    expect((await fx.store.getExecution(id)).createdAt).toBe(fx.now() - 100);
  });

  run.case('the idempotent create reports the current version of an execution that moved on', async (fx) => {
    const id = await fx.create();
    await fx.lockOne(id);
    const again = await fx.store.createExecution({
      executionId: id,
      ffqn: FFQN_A,
      params: [10],
      componentDigest: DIGEST,
      scheduledAt: fx.now(),
      now: fx.now(),
    });
    expect(again).toEqual({ created: false, version: 1 });
  });

  run.case('the same ID with different parameters, function or queue is a conflict and changes nothing', async (fx) => {
    const id = await fx.create({ params: [1] });
    const base = { executionId: id, componentDigest: DIGEST, scheduledAt: fx.now(), now: fx.now() };
    await expectCode(fx.store.createExecution({ ...base, ffqn: FFQN_A, params: [2] }), 'conflict');
    await expectCode(fx.store.createExecution({ ...base, ffqn: FFQN_B, params: [1] }), 'conflict');
    await expectCode(fx.store.createExecution({ ...base, ffqn: FFQN_A, params: [1], queue: 'other' }), 'conflict');
    expect(await fx.store.createExecution({ ...base, ffqn: FFQN_A, params: [1], queue: 'default' })).toEqual({
      created: false,
      version: 0,
    });
    expect(await fx.store.getExecution(id)).toMatchObject({ ffqn: FFQN_A, params: [1], queue: 'default', version: 0 });
  });

  run.case('a derived execution records its parent and its topmost parent', async (fx) => {
    const top = await fx.create();
    const child = ExecutionId.derive(top, JoinSetId.oneOff(1), 1);
    const grandchild = ExecutionId.derive(child, JoinSetId.generated(2), 3);
    await fx.create({ executionId: child, parent: { executionId: top, joinSetId: JoinSetId.oneOff(1) } });
    await fx.create({ executionId: grandchild, parent: { executionId: child, joinSetId: JoinSetId.generated(2) } });
    expect(await fx.store.getExecution(grandchild)).toMatchObject({
      parent: { executionId: child, joinSetId: 'g:2' },
      topmostParentId: top,
    });
  });

  run.case('a derived ID needs its real parent, and the parent must exist', async (fx) => {
    const top = await fx.create();
    const child = ExecutionId.derive(top, JoinSetId.oneOff(1), 1);
    await expectCode(fx.create({ executionId: child }), 'invalid-argument');
    await expectCode(
      fx.create({ executionId: child, parent: { executionId: top, joinSetId: JoinSetId.oneOff(2) } }),
      'invalid-argument',
    );
    const orphan = ExecutionId.derive(fx.newId(), JoinSetId.oneOff(1), 1);
    await expectCode(
      fx.create({
        executionId: orphan,
        parent: { executionId: ExecutionId.topLevelOf(orphan), joinSetId: JoinSetId.oneOff(1) },
      }),
      'not-found',
    );
    await expectCode(fx.store.getExecution(child), 'not-found');
  });

  run.case('malformed IDs, function names, digests and parameters are refused', async (fx) => {
    await expectCode(fx.create({ executionId: 'E_nope' as ExecutionId }), 'invalid-id');
    await expectCode(fx.create({ ffqn: 'nope' as Ffqn }), 'invalid-ffqn');
    await expectCode(fx.create({ componentDigest: 'sha256:xyz' as typeof DIGEST }), 'invalid-id');
    await expectCode(fx.create({ params: { a: 1 } as never }), 'invalid-argument');
    await expectCode(fx.create({ queue: '' }), 'invalid-argument');
    expect((await fx.store.listExecutions({ showDerived: true })).executions).toEqual([]);
  });

  run.case('reading an unknown execution is not-found', async (fx) => {
    const id = fx.newId();
    await expectCode(fx.store.getExecution(id), 'not-found');
    await expectCode(fx.store.getEvents(id), 'not-found');
    await expectCode(fx.store.getResponses(id), 'not-found');
  });

  run.case('events can be read from a version with a limit', async (fx) => {
    const id = await fx.create();
    const locked = await fx.lockOne(id);
    await fx.store.unlock(id, locked.version, { type: 'unlocked', reason: 'test', backoffUntil: fx.now() }, fx.now());
    await fx.lockOne(id);
    const page = await fx.store.getEvents(id, { fromVersion: 1, limit: 2 });
    expect(page.map((e) => [e.version, e.event.type])).toEqual([
      [1, 'locked'],
      [2, 'unlocked'],
    ]);
    expect(await fx.store.getEvents(id, { fromVersion: 10 })).toEqual([]);
  });
}
