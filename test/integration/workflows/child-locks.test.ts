/**
 * Children locked as they are created: a workflow step whose child's executor runs in this
 * process and has room writes the child locked by it and starts it once the step committed;
 * children beyond that room stay pending and are locked by the executor's polls as before.
 */
import { describe, expect, test } from 'vitest';
import { StorageFailure, type LockedExecution, type Store, type WorkflowStep } from '../../../src/engine/index.js';
import { watWorkflowFfqn } from '../../fixtures/wat/workflows.js';
import { MODES, workflowEngine } from './harness.js';

/** Wraps a store to record which executions `lockPending` returned, and to let a test change steps. */
function observed(onStep?: (step: WorkflowStep) => WorkflowStep): {
  readonly wrap: (store: Store) => Store;
  readonly polled: string[];
} {
  const polled: string[] = [];
  const wrap = (inner: Store): Store =>
    new Proxy(inner, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property === 'lockPending') {
          return async (...args: Parameters<Store['lockPending']>) => {
            const locked: readonly LockedExecution[] = await target.lockPending(...args);
            polled.push(...locked.map((execution) => execution.executionId));
            return locked;
          };
        }
        if (property === 'appendWorkflowStep' && onStep !== undefined) {
          return (step: WorkflowStep) => target.appendWorkflowStep(onStep(step));
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  return { wrap, polled };
}

const modes = MODES.filter((mode) => !mode.alwaysReplay);

describe.each(modes)('children locked at creation ($name)', (mode) => {
  test('every step of a chain hands its activity to the local executor: no poll locks it', async () => {
    const { wrap, polled } = observed();
    const h = await workflowEngine({ mode, workflows: ['chain'], wrapStore: wrap });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('chain'), [4]);
    expect(result).toEqual({ kind: 'ok', value: 4 });
    const workflowEvents = await h.engine.getEvents(executionId);
    const workflowLock = workflowEvents.find((record) => record.event.type === 'locked')?.event;
    for (let n = 1; n <= 4; n++) {
      const child = `${executionId}.o:${n}_1`;
      expect(polled).not.toContain(child);
      const events = await h.engine.getEvents(child);
      expect(events.map((record) => [record.version, record.event.type])).toEqual([
        [0, 'created'],
        [1, 'locked'],
        [2, 'finished'],
      ]);
      const [created, locked] = events;
      // Written in the step's transaction, at the step's time, by this engine's executor.
      expect(locked?.createdAt).toBe(created?.createdAt);
      expect(locked?.event).toMatchObject({
        executorId: workflowLock?.type === 'locked' ? workflowLock.executorId : 'none',
        retry: { maxRetries: expect.any(Number) as number },
      });
    }
  });

  test('a fan-out wider than the free activity threads: the rest stay pending and are polled', async () => {
    const { wrap, polled } = observed();
    const h = await workflowEngine({ mode, workflows: ['fanout'], maxWorkers: 2, wrapStore: wrap });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('fanout'), [10]);
    expect(result).toEqual({ kind: 'ok', value: 55 });
    const children = Array.from({ length: 10 }, (_, i) => `${executionId}.g:1_${i + 1}`);
    const byPoll = children.filter((child) => polled.includes(child));
    // One step creates all ten; two threads are free then, so two are locked with it.
    expect(children.length - byPoll.length).toBe(2);
    for (const child of children) {
      expect((await h.engine.getStatus(child)).state).toMatchObject({ type: 'finished' });
    }
  });

  test('child workflows are locked at creation too, and their activities in turn', async () => {
    const { wrap, polled } = observed();
    const h = await workflowEngine({ mode, workflows: ['fanoutChildren', 'chain'], wrapStore: wrap });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('fanoutChildren'), [2]);
    expect(result).toEqual({ kind: 'ok', value: 2 });
    for (const child of [`${executionId}.g:1_1`, `${executionId}.g:1_2`]) {
      // Its first lock came with its creation (with `interrupt` a later poll locks it again once woken).
      const [created, locked] = await h.engine.getEvents(child);
      expect(locked?.event.type).toBe('locked');
      expect(locked?.createdAt).toBe(created?.createdAt);
      if (mode.blockingStrategy === 'await') {
        expect(polled).not.toContain(child);
      }
      expect(polled).not.toContain(`${child}.o:1_1`);
    }
  });

  test('a step that fails after claiming room gives it back: with one thread, the workflow still finishes', async () => {
    let failures = 0;
    const { wrap } = observed((step) => {
      const { lockChild } = step;
      if (lockChild === undefined || failures > 0) {
        return step;
      }
      return {
        ...step,
        lockChild: (child) => {
          // Claim, then fail inside the step's transaction, as a full disk would.
          const lock = lockChild(child);
          if (lock !== null) {
            failures++;
            throw new StorageFailure('database error SQLITE_FULL: database or disk is full (injected)');
          }
          return lock;
        },
      };
    });
    const h = await workflowEngine({ mode, workflows: ['chain'], maxWorkers: 1, wrapStore: wrap });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('chain'), [3]);
    expect(failures).toBe(1);
    expect(result).toEqual({ kind: 'ok', value: 3 });
    // The failed step wrote nothing: each child was created once.
    const children = await h.engine.listExecutions({ showDerived: true, executionIdPrefix: `${executionId}.` });
    expect(children.executions).toHaveLength(3);
  });
});
