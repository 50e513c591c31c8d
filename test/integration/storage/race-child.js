// Child process of race.test.ts: opens the shared database file, says "ready", waits
// for "go" on stdin, then locks pending executions in small batches until none is
// left, and prints every ID it locked as one JSON line. Like an executor, it pauses
// briefly between batches (its "work"), which lets the other process's waiting
// writer in: SQLite's busy handler polls, so a writer that never pauses starves it.
// Arguments: <dist file URL> <database path> <batch size> <now>
import { once } from 'node:events';

const [distUrl, dbPath, batchArg, nowArg] = process.argv.slice(2);
const { openLibsqlStore } = await import(`${distUrl}/engine/storage/libsql/index.js`);
const { ExecutorId, Ffqn, RunId, realClock } = await import(`${distUrl}/engine/concepts/index.js`);

const store = await openLibsqlStore({ path: dbPath, busyTimeoutMs: 30_000 });
const executorId = ExecutorId.generate(realClock);
const runId = RunId.generate(realClock);
const now = Number(nowArg);
const limit = Number(batchArg);
const ffqns = [Ffqn.parse('testing:fibo/fibo.fibo')];

process.stdout.write(`${JSON.stringify({ ready: true, runId })}\n`);
process.stdin.setEncoding('utf8');
await once(process.stdin, 'data');

const locked = [];
let batches = 0;
for (;;) {
  const batch = await store.lockPending({ ffqns, limit, now, executorId, runId, lockExpiresAt: now + 60_000 });
  if (batch.length === 0) {
    break;
  }
  batches++;
  locked.push(...batch.map((execution) => execution.executionId));
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await store.close();
process.stdout.write(`${JSON.stringify({ runId, batches, locked })}\n`);
process.stdin.destroy();
