/** Contract cases: guest output lines. */
import { expect } from 'vitest';
import { ExecutionId, type LogEntry } from '../../../../src/engine/concepts/index.js';
import { expectCode, js, type ContractRun } from './harness.js';

export function logCases(run: ContractRun): void {
  run.case('log lines are kept per execution and run, in order, with level and stream filters', async (fx) => {
    const id = await fx.create();
    const other = await fx.create();
    const runId = fx.runId();
    const at = fx.now();
    const entries: LogEntry[] = [
      { executionId: id, runId, createdAt: at, type: 'stream', stream: 'stdout', message: 'hello' },
      { executionId: id, runId, createdAt: at, type: 'log', level: 'debug', context: 'fibo', message: 'n=10' },
      { executionId: id, runId, createdAt: at + 1, type: 'stream', stream: 'stderr', message: 'oops' },
      { executionId: id, runId: null, createdAt: at + 2, type: 'log', level: 'error', context: '', message: 'bad' },
      { executionId: other, runId, createdAt: at, type: 'stream', stream: 'stdout', message: 'elsewhere' },
    ];
    await fx.store.appendLogs(entries);
    await fx.store.appendLogs([]);
    const all = await fx.store.getLogs({ executionId: id });
    expect(all.map(({ id: _id, ...rest }) => rest)).toEqual(entries.slice(0, 4));
    expect(all.map((l) => l.id)).toEqual([...all.map((l) => l.id)].sort((a, b) => a - b));
    const messages = async (request: Omit<Parameters<typeof fx.store.getLogs>[0], 'executionId'>): Promise<string[]> =>
      (await fx.store.getLogs({ executionId: id, ...request })).map((l) => l.message);
    expect(await messages({ minLevel: 'info' })).toEqual(['hello', 'oops', 'bad']);
    expect(await messages({ minLevel: 'off' })).toEqual(['hello', 'oops']);
    expect(await messages({ streams: [] })).toEqual(['n=10', 'bad']);
    expect(await messages({ streams: ['stderr'], minLevel: 'off' })).toEqual(['oops']);
    expect(await messages({ limit: 2 })).toEqual(['hello', 'n=10']);
    expect(await messages({ afterId: all[1]?.id })).toEqual(['oops', 'bad']);
    await expectCode(fx.store.getLogs({ executionId: id, limit: 5000 }), 'invalid-argument');
  });

  run.case("derived executions' logs are included on request", async (fx) => {
    const top = await fx.create();
    const child = ExecutionId.derive(top, js.g(1), 1);
    const lookalike = `${top}0` as ExecutionId;
    const line = (executionId: ExecutionId, message: string): LogEntry => ({
      executionId,
      runId: null,
      createdAt: fx.now(),
      type: 'stream',
      stream: 'stdout',
      message,
    });
    await fx.store.appendLogs([line(top, 'parent'), line(child, 'child'), line(lookalike, 'other')]);
    expect((await fx.store.getLogs({ executionId: top })).map((l) => l.message)).toEqual(['parent']);
    expect((await fx.store.getLogs({ executionId: top, includeDerived: true })).map((l) => l.message)).toEqual([
      'parent',
      'child',
    ]);
  });
}
