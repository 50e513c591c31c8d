/** Contract cases: retention deletes finished trees with everything they own, in bounded batches. */
import { expect } from 'vitest';
import {
  DelayId,
  ExecutionId,
  type FinishedResult,
  type HistoryEventInput,
  type LogEntry,
} from '../../../../src/engine/concepts/index.js';
import type { PurgeBatchRequest, PurgeCounts } from '../../../../src/engine/storage/index.js';
import { DIGEST, FFQN_A, FFQN_B, FFQN_WF, js, type ContractRun, type Fixture } from './harness.js';

const DAY = 86_400_000;
const OK: FinishedResult = { kind: 'ok', value: null };

function child(parent: ExecutionId, n: number, ffqn = FFQN_A): HistoryEventInput {
  return {
    type: 'join-set-request',
    joinSetId: js.g(1),
    request: {
      type: 'child-execution',
      childExecutionId: ExecutionId.derive(parent, js.g(1), n),
      ffqn,
      params: [n],
      componentDigest: DIGEST,
    },
  };
}

const joinNext: HistoryEventInput = { type: 'join-next', joinSetId: js.g(1), closing: false };
const block = { type: 'block', joinSetId: js.g(1), closing: false } as const;

function line(executionId: ExecutionId, message: string, fx: Fixture): LogEntry {
  return { executionId, runId: null, createdAt: fx.now(), type: 'stream', stream: 'stdout', message };
}

async function finishLocked(fx: Fixture, id: ExecutionId, ffqn = FFQN_A, result = OK): Promise<void> {
  await fx.store.finish(id, await fx.lockedVersion(id, ffqn), result, fx.now());
}

interface Tree {
  readonly root: ExecutionId;
  readonly childWorkflow: ExecutionId;
  readonly activity: ExecutionId;
  readonly grandchild: ExecutionId;
}

/**
 * A workflow root with a child workflow (which has a child of its own), an activity child and a
 * delay, every one of them with a log line. The root finishes once its activity child did; the
 * child workflow and the grandchild finish only when `whole`.
 */
async function tree(fx: Fixture, whole: boolean): Promise<Tree> {
  const root = await fx.lockedWorkflow();
  const childWorkflow = ExecutionId.derive(root.id, js.g(1), 1);
  const activity = ExecutionId.derive(root.id, js.g(1), 2);
  const delay = { type: 'delay', delayId: DelayId.derive(root.id, js.g(1), 3), expiresAt: fx.now() + DAY } as const;
  await fx.store.appendWorkflowStep({
    executionId: root.id,
    expectedVersion: root.version,
    events: [
      { type: 'join-set-create', joinSetId: js.g(1) },
      child(root.id, 1, FFQN_WF),
      child(root.id, 2),
      { type: 'join-set-request', joinSetId: js.g(1), request: delay },
      joinNext,
    ],
    end: block,
    now: fx.now(),
  });
  const cw = await fx.lockOne(childWorkflow, FFQN_WF);
  const grandchild = ExecutionId.derive(childWorkflow, js.g(1), 1);
  await fx.store.appendWorkflowStep({
    executionId: childWorkflow,
    expectedVersion: cw.version,
    events: [{ type: 'join-set-create', joinSetId: js.g(1) }, child(childWorkflow, 1), joinNext],
    end: block,
    now: fx.now(),
  });
  await fx.store.appendLogs([root.id, childWorkflow, activity, grandchild].map((id) => line(id, 'hi', fx)));
  await finishLocked(fx, activity);
  await finishLocked(fx, root.id, FFQN_WF);
  if (whole) {
    await finishLocked(fx, grandchild);
    await finishLocked(fx, childWorkflow, FFQN_WF);
  }
  return { root: root.id, childWorkflow, activity, grandchild };
}

function olderThan(fx: Fixture, ms: number, rest: Partial<PurgeBatchRequest> = {}): PurgeBatchRequest {
  const cutoff = fx.now() - ms;
  return { finishedBefore: { ok: cutoff, err: cutoff, failure: cutoff }, limit: 100, ...rest };
}

/** Runs batches until done; returns every batch's counts. */
async function purgeAll(fx: Fixture, request: PurgeBatchRequest): Promise<PurgeCounts[]> {
  const batches: PurgeCounts[] = [];
  let after = request.after ?? null;
  for (;;) {
    const batch = await fx.store.purgeFinished({ ...request, after });
    batches.push(batch.counts);
    if (batch.done) {
      return batches;
    }
    after = batch.next;
  }
}

export function retentionCases(run: ContractRun): void {
  run.case('a finished tree is purged with its children, events, responses, delays and logs', async (fx) => {
    const empty = await fx.store.tableRowCounts();
    const t = await tree(fx, true);
    expect(await fx.store.getResponses(t.root)).toHaveLength(2);
    fx.clock.advance(2 * DAY);
    const batch = await fx.store.purgeFinished(olderThan(fx, DAY));
    expect(batch.done).toBe(true);
    expect(batch.counts).toMatchObject({ topLevel: 1, executions: 4, joinSets: 2, responses: 3, delays: 0, logs: 4 });
    expect(batch.counts.events).toBeGreaterThan(8);
    expect(await fx.store.tableRowCounts()).toEqual(empty);
    for (const id of [t.root, t.childWorkflow, t.activity, t.grandchild]) {
      await expect(fx.store.getExecution(id)).rejects.toMatchObject({ code: 'not-found' });
    }
  });

  run.case('an unfinished execution and a finished root with an unfinished descendant are untouched', async (fx) => {
    const pending = await fx.create({ ffqn: FFQN_B });
    const t = await tree(fx, false);
    expect((await fx.store.getExecution(t.root)).summaryState).toBe('finished');
    expect((await fx.store.listDelays(t.root)).length).toBe(0);
    fx.clock.advance(2 * DAY);
    const before = await fx.store.tableRowCounts();
    const batch = await fx.store.purgeFinished(olderThan(fx, 0));
    expect(batch.counts.topLevel).toBe(0);
    expect(batch.counts.executions).toBe(0);
    expect(await fx.store.tableRowCounts()).toEqual(before);
    expect((await fx.store.getExecution(pending)).summaryState).toBe('pending');
    await finishLocked(fx, t.grandchild);
    await finishLocked(fx, t.childWorkflow, FFQN_WF);
    fx.clock.advance(1);
    // The root finished two days ago; its tree is complete now.
    expect((await fx.store.purgeFinished(olderThan(fx, DAY))).counts).toMatchObject({ topLevel: 1, executions: 4 });
    expect((await fx.store.getExecution(pending)).summaryState).toBe('pending');
  });

  run.case('a dry run counts exactly what a purge then deletes, and deletes nothing', async (fx) => {
    await tree(fx, true);
    await tree(fx, true);
    fx.clock.advance(DAY);
    const before = await fx.store.tableRowCounts();
    const dry = await purgeAll(fx, olderThan(fx, 1, { dryRun: true, limit: 3 }));
    expect(await fx.store.tableRowCounts()).toEqual(before);
    const real = await purgeAll(fx, olderThan(fx, 1, { limit: 3 }));
    const sum = (batches: PurgeCounts[]): PurgeCounts =>
      batches.reduce(
        (a, b) =>
          Object.fromEntries(
            Object.entries(a).map(([k, v]) => [k, v + b[k as keyof PurgeCounts]]),
          ) as unknown as PurgeCounts,
      );
    expect(sum(dry)).toEqual(sum(real));
    expect(sum(real)).toMatchObject({ topLevel: 2, executions: 8 });
  });

  run.case('a tree larger than a batch goes over several batches, its root last', async (fx) => {
    const t = await tree(fx, true);
    fx.clock.advance(DAY);
    const batches = await purgeAll(fx, olderThan(fx, 1, { limit: 3 }));
    expect(batches.map((b) => [b.executions, b.topLevel])).toEqual([
      [3, 0],
      [1, 1],
    ]);
    await expect(fx.store.getExecution(t.root)).rejects.toMatchObject({ code: 'not-found' });
  });

  run.case('each outcome has its own cutoff, and executions finished after it stay', async (fx) => {
    const finished = async (result: FinishedResult): Promise<ExecutionId> => {
      const id = await fx.create();
      await finishLocked(fx, id, FFQN_A, result);
      return id;
    };
    const ok = await finished(OK);
    const err = await finished({ kind: 'err', value: 'no' });
    const failure = await finished({ kind: 'failure', failureKind: 'uncategorized' });
    fx.clock.advance(10 * DAY);
    const recent = await finished(OK);
    fx.clock.advance(1);
    const cutoff = (days: number): number => fx.now() - days * DAY;
    const batch = await fx.store.purgeFinished({
      finishedBefore: { ok: cutoff(1), err: cutoff(1), failure: cutoff(30) },
      limit: 100,
    });
    expect(batch.counts).toMatchObject({ topLevel: 2, executions: 2 });
    for (const id of [ok, err]) {
      await expect(fx.store.getExecution(id)).rejects.toMatchObject({ code: 'not-found' });
    }
    expect((await fx.store.getExecution(failure)).summaryState).toBe('finished');
    expect((await fx.store.getExecution(recent)).summaryState).toBe('finished');
  });
}
