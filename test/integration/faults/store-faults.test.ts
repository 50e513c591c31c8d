/**
 * A storage fault while a workflow runs never becomes an outcome: the same fault is injected
 * at every store call that concerns an execution of an undisturbed run, one run per call, and
 * every run still ends with the undisturbed result, each execution finished exactly once and
 * no attempt counted as failed.
 */
import { describe, expect, test } from 'vitest';
import type { FinishedResult, Store } from '../../../src/engine/index.js';
import { watWorkflowFfqn, type WatWorkflowName } from '../../fixtures/wat/workflows.js';
import { faultyStore, type FaultyStore } from '../../helpers/faulty-store.js';
import { MODES, workflowEngine, type WorkflowHarness } from '../workflows/harness.js';

interface Case {
  readonly workflow: WatWorkflowName;
  readonly params: unknown[];
  readonly value: number;
  readonly mode: (typeof MODES)[number];
  /** Methods the fault must have met at least once. */
  readonly must: readonly string[];
}

const CASES: readonly Case[] = [
  {
    workflow: 'fanout',
    params: [3],
    value: 6,
    mode: MODES[0]!,
    must: ['appendWorkflowStep', 'getResponses', 'waitForResponse', 'finish'],
  },
  { workflow: 'chain', params: [2], value: 2, mode: MODES[1]!, must: ['appendWorkflowStep', 'finish'] },
];

/** Runs the workflow once (submitted and awaited on the unwrapped store) and checks every execution it made. */
async function runOnce(h: WorkflowHarness, c: Case, label: string): Promise<void> {
  const { executionId } = await h.engine.submit(watWorkflowFfqn(c.workflow), c.params);
  await h.store.waitForFinished(executionId, 30_000);
  const record = await h.store.getExecution(executionId);
  const result: FinishedResult | null = record.state.type === 'finished' ? record.state.result : null;
  expect(result, label).toEqual({ kind: 'ok', value: c.value });
  const family = await h.store.listExecutions({ showDerived: true, executionIdPrefix: executionId });
  for (const execution of family.executions) {
    const types = (await h.store.getEvents(execution.executionId)).map((r) => r.event.type);
    expect(
      types.filter((t) => t === 'finished'),
      label,
    ).toHaveLength(1);
    expect(types, label).not.toContain('temporarily-failed');
    expect(types, label).not.toContain('temporarily-timed-out');
  }
}

describe('storage faults in a workflow step', () => {
  test.each(CASES)(
    'a fault at any store call of $workflow ($mode.name) never finishes it wrongly',
    async (c) => {
      let faulty: FaultyStore | null = null;
      const wrapStore = (store: Store): Store => {
        faulty = faultyStore(store);
        return faulty.store;
      };
      const h = await workflowEngine({ mode: c.mode, workflows: [c.workflow], wrapStore });
      const f = faulty as unknown as FaultyStore;
      h.engine.start();
      await runOnce(h, c, 'undisturbed');
      const undisturbed = f.calls().length;
      const faulted = new Set<string>();
      for (let failAt = 1; failAt <= undisturbed + 5; failAt++) {
        f.arm(failAt);
        await runOnce(h, c, `fault at call ${failAt}`);
        // A run may make fewer calls than the undisturbed one (responses can arrive before the
        // workflow waits for them): every position up to a few past its count is tried.
        const method = f.failed();
        if (method !== null) {
          faulted.add(method);
        }
      }
      expect([...faulted]).toEqual(expect.arrayContaining([...c.must]));
    },
    120_000,
  );
});
