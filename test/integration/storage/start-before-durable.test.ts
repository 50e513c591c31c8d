/**
 * `lockPending` with `startBeforeDurable` (activities) returns once the locks are written, while
 * the group commit that holds them is still open; without it, once they are committed. A lost
 * commit takes the locks with it: the executions are pending again. A workflow step hands the
 * children it locked as it created them over as soon as they are written, before its commit.
 */
import { describe, expect, test } from 'vitest';
import {
  ExecutionId,
  ExecutorId,
  JoinSetId,
  RunId,
  type ComponentDigest,
  type Ffqn,
  type SimClock,
} from '../../../src/engine/concepts/index.js';
import type { LockedExecution } from '../../../src/engine/storage/index.js';
import { Db } from '../../../src/engine/storage/libsql/db.js';
import { openLibsqlStore } from '../../../src/engine/storage/libsql/index.js';
import { databaseWithOneExecution } from './one-execution.js';

const FFQN = 'testing:early/ifc.fn' as Ffqn;

function lockRequest(clock: SimClock, startBeforeDurable: boolean) {
  return {
    ffqns: [FFQN],
    limit: 10,
    now: clock.now(),
    executorId: ExecutorId.generate(clock),
    runId: RunId.generate(clock),
    lockExpiresAt: clock.now() + 10_000,
    startBeforeDurable,
  };
}

describe('locking before the commit is durable', () => {
  test.each([true, false])(
    'startBeforeDurable = %s: whether another connection sees the lock when lockPending returns',
    async (early) => {
      const { path, clock, executionId } = await databaseWithOneExecution(FFQN);
      const executor = await openLibsqlStore({ path, clock });
      const reader = await openLibsqlStore({ path, clock });
      try {
        const locked = await executor.lockPending(lockRequest(clock, early));
        expect(locked.map((e) => e.executionId)).toEqual([executionId]);
        const seen = (await reader.getExecution(executionId)).state.type;
        expect(seen).toBe(early ? 'pending-at' : 'locked');
        await new Promise((resolve) => setImmediate(resolve));
        expect((await reader.getExecution(executionId)).state.type).toBe('locked');
      } finally {
        await executor.close();
        await reader.close();
      }
    },
  );

  test('a write made before the commit resolves at once; a commit that fails later leaves nothing written', async () => {
    const { path, executionId } = await databaseWithOneExecution(FFQN);
    const db = new Db({ path, synchronous: 'full', busyTimeoutMs: 1_000 });
    try {
      const early = db.writeBatched(
        () => db.run('UPDATE t_execution SET paused = 1 WHERE execution_id = :id', { id: executionId }),
        { beforeCommit: true },
      );
      expect(await early).toBe(1);
      expect(db.batchOpen).toBe(true);
      // A write in the same batch that leaves the transaction unusable makes the whole batch fail.
      const durable = db.writeBatched(() =>
        db.run('UPDATE t_execution SET paused = 0 WHERE execution_id = :id', { id: executionId }),
      );
      db.exec('ROLLBACK');
      db.commitBatch();
      await expect(durable).rejects.toThrow();
      const paused = db.get('SELECT paused FROM t_execution WHERE execution_id = :id', { id: executionId });
      expect(paused?.['paused']).toBe(0);
    } finally {
      db.close();
    }
  });

  test('a workflow step hands over the children it locked once written, before its commit', async () => {
    const { path, clock, executionId: workflowId } = await databaseWithOneExecution(FFQN);
    const store = await openLibsqlStore({ path, clock });
    const reader = await openLibsqlStore({ path, clock });
    try {
      const [workflow] = await store.lockPending(lockRequest(clock, false));
      const joinSetId = JoinSetId.generated(1);
      const childId = ExecutionId.derive(workflowId, joinSetId, 1);
      let seenWhenWritten: Promise<string> = Promise.resolve('not handed over');
      let handedOver: readonly LockedExecution[] = [];
      const step = await store.appendWorkflowStep({
        executionId: workflowId,
        expectedVersion: workflow?.version ?? -1,
        events: [
          { type: 'join-set-create', joinSetId },
          {
            type: 'join-set-request',
            joinSetId,
            request: {
              type: 'child-execution',
              childExecutionId: childId,
              ffqn: FFQN,
              params: [],
              componentDigest: `sha256:${'ab'.repeat(32)}` as ComponentDigest,
            },
          },
        ],
        now: clock.now(),
        lockChild: () => lockRequest(clock, true),
        onChildrenWritten: (children) => {
          handedOver = children;
          // Not committed yet: another connection does not see the child.
          seenWhenWritten = reader.getExecution(childId).then(
            () => 'found',
            () => 'missing',
          );
        },
      });
      expect(handedOver).toEqual(step.lockedChildren);
      expect(handedOver.map((child) => child.executionId)).toEqual([childId]);
      expect(await seenWhenWritten).toBe('missing');
      expect((await reader.getExecution(childId)).state.type).toBe('locked');
    } finally {
      await store.close();
      await reader.close();
    }
  });
});
