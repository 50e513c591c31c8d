import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createEngine, openLibsqlStore } from '../../../src/engine/index.js';
import { TEST_CODEGEN_DIR, jsFixture } from '../../helpers/components.js';

describe('a ComponentizeJS activity', () => {
  test(
    'runs through the engine: typed params, a u64 result beyond 2^53 as a decimal string, and captured console.log',
    { tags: ['slow'] },
    async () => {
      const store = await openLibsqlStore({ path: ':memory:' });
      const engine = await createEngine({
        store,
        codegenCacheDir: TEST_CODEGEN_DIR,
        maxWorkers: 1,
        activities: [{ name: 'fibo', bytes: readFileSync(jsFixture('fibo-activity')) }],
      });
      expect(engine.functions().map((fn) => fn.ffqn)).toEqual(['testing:fibo/fibo.fibo']);
      engine.start();
      try {
        const { executionId } = await engine.submit('testing:fibo/fibo.fibo', [90]);
        expect(await engine.awaitResult(executionId, { timeoutMs: 60_000 })).toEqual({
          kind: 'ok',
          value: '2880067194370816120',
        });
        const logs = await engine.getLogs({ executionId });
        expect(logs.map((log) => log.message)).toEqual(['fibo(90) = 2880067194370816120']);
        await expect(engine.submit('testing:fibo/fibo.fibo', [256])).rejects.toThrow(/params\[0\]: expected u8/);
      } finally {
        await engine.stop();
        await store.close();
      }
    },
  );
});
