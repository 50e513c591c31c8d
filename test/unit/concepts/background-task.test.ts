/** A background task: started once, stopped by aborting its signal, startable again. */
import { describe, expect, test } from 'vitest';
import { BackgroundTask } from '../../../src/engine/concepts/background-task.js';
import { WAIT_ENDED } from '../../../src/engine/index.js';

describe('background task', () => {
  test('a second start while it runs is a no-op; stop aborts with WAIT_ENDED and waits for the end', async () => {
    const runs: AbortSignal[] = [];
    let ended = 0;
    const task = new BackgroundTask(async (signal) => {
      runs.push(signal);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      await Promise.resolve();
      ended++;
    });
    task.start();
    task.start();
    expect(runs).toHaveLength(1);
    await task.stop();
    expect(ended).toBe(1);
    expect(runs[0]?.reason).toBe(WAIT_ENDED);
    task.start();
    expect(runs).toHaveLength(2);
    await task.stop();
    expect(ended).toBe(2);
    await task.stop();
  });
});
