/** How often a workflow is instantiated tells how it was run: hot, unloaded at every wait, or replayed after every step. */
import { describe, expect, test } from 'vitest';
import { watWorkflowFfqn } from '../../fixtures/wat/workflows.js';
import { MODES, workflowEngine, type Mode } from './harness.js';

const K = 6;

async function instantiationsOfChain(mode: Mode): Promise<number> {
  const h = await workflowEngine({ mode, workflows: ['chain'] });
  h.engine.start();
  const { result } = await h.run(watWorkflowFfqn('chain'), [K]);
  expect(result).toEqual({ kind: 'ok', value: K });
  return h.engine.stats().workflowInstantiations;
}

const [awaitMode, interruptMode, replayMode] = MODES as [Mode, Mode, Mode];

describe(`a ${K}-step chain`, () => {
  test('in await mode is instantiated once', async () => {
    expect(await instantiationsOfChain(awaitMode)).toBe(1);
  });

  test(`in interrupt mode is instantiated K + 1 = ${K + 1} times`, async () => {
    expect(await instantiationsOfChain(interruptMode)).toBe(K + 1);
  });

  test('under the replay-after-every-step switch is instantiated at least K + 1 times', async () => {
    expect(await instantiationsOfChain(replayMode)).toBeGreaterThanOrEqual(K + 1);
  });
});

describe('memory of a replayed run', () => {
  test('in interrupt mode the replay after the wait starts on a fresh memory, though its thread reuses memories', async () => {
    const h = await workflowEngine({ mode: interruptMode, workflows: ['memoryState'], maxWorkflowThreads: 1 });
    h.engine.start();
    for (let i = 0; i < 3; i++) {
      const { result } = await h.run(watWorkflowFfqn('memoryState'), []);
      expect(result).toEqual({ kind: 'ok', value: 0 });
    }
    expect(h.engine.stats().workflowInstantiations).toBe(6);
  });
});
