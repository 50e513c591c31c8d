// Runs an engine with the `ok` activity and the `fanout` workflow on a PostgreSQL database until killed.
// Usage: node pg-child.js <dist-url> <postgres-url> <schema> <cache-dir> <activity.wasm> <workflow.wasm> [cron-every-ms cron-ffqn]
// With cron-every-ms, it also runs a cron entry `tick` calling cron-ffqn(1) every that many milliseconds.
import { readFileSync } from 'node:fs';

const [distUrl, url, schema, cacheDir, activityPath, workflowPath, cronEveryMs, cronFfqn] = process.argv.slice(2);
const { createEngine, openPostgresStore } = await import(`${distUrl}/engine/index.js`);

const store = await openPostgresStore({ connection: { connectionString: url }, schema, poolSize: 4 });
const exec = { lockExpiryMs: 3000, tickSleepMs: 100 };
const engine = await createEngine({
  store,
  codegenCacheDir: cacheDir,
  maxWorkers: 1,
  maxWorkflowThreads: 2,
  activities: [{ name: 'ok', bytes: readFileSync(activityPath), exec }],
  workflows: [{ name: 'fanout', bytes: readFileSync(workflowPath), exec, blockingStrategy: 'interrupt' }],
  watcher: { tickSleepMs: 100, leewayMs: 200 },
  cronPollMs: 50,
});
if (cronEveryMs !== undefined) {
  const problems = engine.setCrons([
    {
      name: 'tick',
      ffqn: cronFfqn,
      params: [1],
      schedule: { kind: 'every', everyMs: Number(cronEveryMs) },
      catchUp: 'all',
      maxCatchUp: 100,
    },
  ]);
  if (problems.length > 0) {
    throw problems[0].error;
  }
}
engine.start();
process.stdout.write('started\n');
