/** Contract cases: the execution list of the API. */
import { expect } from 'vitest';
import { ExecutionId, Ffqn, type ComponentDigest } from '../../../../src/engine/concepts/index.js';
import type { ExecutionSummary } from '../../../../src/engine/storage/index.js';
import { DIGEST, FFQN_A, FFQN_B, expectCode, js, type ContractRun, type Fixture } from './harness.js';

/** Walks every page of `size` and returns the IDs in order. */
async function allPages(fx: Fixture, size: number, showDerived = false): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await fx.store.listExecutions({ limit: size, cursor, showDerived });
    ids.push(...page.executions.map((e) => e.executionId));
    if (page.nextCursor === null) {
      return ids;
    }
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

export function listCases(run: ContractRun): void {
  run.case('the list shows top-level executions newest first, with derived ones on request', async (fx) => {
    const wf = await fx.lockedWorkflow();
    fx.clock.advance(10);
    const child = ExecutionId.derive(wf.id, js.g(1), 1);
    await fx.store.appendWorkflowStep({
      executionId: wf.id,
      expectedVersion: wf.version,
      events: [
        { type: 'join-set-create', joinSetId: js.g(1) },
        {
          type: 'join-set-request',
          joinSetId: js.g(1),
          request: {
            type: 'child-execution',
            childExecutionId: child,
            ffqn: FFQN_A,
            params: [],
            componentDigest: DIGEST,
          },
        },
      ],
      now: fx.now(),
    });
    fx.clock.advance(10);
    const newest = await fx.create({ ffqn: FFQN_B });
    const top = await fx.store.listExecutions({});
    expect(top.executions.map((e) => e.executionId)).toEqual([newest, wf.id]);
    expect(top.nextCursor).toBeNull();
    const all = await fx.store.listExecutions({ showDerived: true });
    expect(all.executions.map((e) => e.executionId)).toEqual([newest, child, wf.id]);
    expect(all.executions[1]).toEqual<ExecutionSummary>({
      executionId: child,
      ffqn: FFQN_A,
      state: 'pending',
      createdAt: fx.now() - 10,
      updatedAt: fx.now() - 10,
      finished: null,
      parentId: wf.id,
    });
  });

  run.case('a component version has unfinished executions until every one of them finished', async (fx) => {
    const other = `sha256:${'b2'.repeat(32)}` as ComponentDigest;
    expect(await fx.store.hasUnfinishedExecutions(DIGEST)).toBe(false);
    const first = await fx.create();
    const second = await fx.create();
    const version = await fx.lockedVersion(second);
    expect(await fx.store.hasUnfinishedExecutions(DIGEST)).toBe(true);
    expect(await fx.store.hasUnfinishedExecutions(other)).toBe(false);
    await fx.store.finish(second, version, { kind: 'ok', value: null }, fx.now());
    expect(await fx.store.hasUnfinishedExecutions(DIGEST)).toBe(true);
    await fx.store.finish(first, await fx.lockedVersion(first), { kind: 'ok', value: null }, fx.now());
    expect(await fx.store.hasUnfinishedExecutions(DIGEST)).toBe(false);
  });

  run.case('summaries show the finished outcome without failure details', async (fx) => {
    const ok = await fx.create();
    const failed = await fx.create();
    await fx.store.finish(ok, await fx.lockedVersion(ok), { kind: 'ok', value: [1, 2] }, fx.now());
    await fx.store.finish(
      failed,
      await fx.lockedVersion(failed),
      { kind: 'failure', failureKind: 'nondeterminism-detected', detail: 'event 3' },
      fx.now(),
    );
    const { executions } = await fx.store.listExecutions({ state: 'finished' });
    const byId = new Map(executions.map((e) => [e.executionId, e.finished]));
    expect(byId.get(ok)).toEqual({ kind: 'ok', value: [1, 2] });
    expect(byId.get(failed)).toEqual({ kind: 'failure', failureKind: 'nondeterminism-detected' });
  });

  run.case('the list filters by function prefix, state, ID prefix and queue', async (fx) => {
    const a = await fx.create({ ffqn: Ffqn.parse('alpha:one/ifc.f') });
    const b = await fx.create({ ffqn: Ffqn.parse('beta:two/ifc.f'), queue: 'q2' });
    const paused = await fx.create({ ffqn: Ffqn.parse('beta:two/ifc.g') });
    await fx.store.pause(paused, fx.now());
    const ids = async (request: Parameters<typeof fx.store.listExecutions>[0]): Promise<string[]> =>
      (await fx.store.listExecutions(request)).executions.map((e) => e.executionId).sort();
    expect(await ids({ ffqnPrefix: 'beta:' })).toEqual([b, paused].sort());
    expect(await ids({ ffqnPrefix: 'alpha:one/ifc.f' })).toEqual([a]);
    expect(await ids({ state: 'paused' })).toEqual([paused]);
    expect(await ids({ state: 'pending' })).toEqual([a, b].sort());
    expect(await ids({ state: 'locked' })).toEqual([]);
    expect(await ids({ executionIdPrefix: b })).toEqual([b]);
    expect(await ids({ executionIdPrefix: 'E_' })).toHaveLength(3);
    expect(await ids({ queue: 'q2' })).toEqual([b]);
    expect(await ids({ ffqnPrefix: 'beta:', state: 'pending', queue: 'default' })).toEqual([]);
  });

  run.case('cursor pagination visits every execution once, also when many share a creation time', async (fx) => {
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      created.push(await fx.create());
      if (i % 5 === 0) {
        fx.clock.advance(1);
      }
    }
    const expected = [...created].reverse();
    expect(await allPages(fx, 4)).toEqual(expected);
    expect(await allPages(fx, 23)).toEqual(expected);
    expect(await allPages(fx, 1000)).toEqual(expected);
  });

  run.case('limits above 1000 and foreign cursors are refused', async (fx) => {
    await expectCode(fx.store.listExecutions({ limit: 1001 }), 'invalid-argument');
    await expectCode(fx.store.listExecutions({ limit: 0 }), 'invalid-argument');
    await expectCode(fx.store.listExecutions({ cursor: 'not-a-cursor' }), 'invalid-argument');
    await expectCode(fx.store.listExecutions({ state: 'sleeping' as never }), 'invalid-argument');
  });
}
