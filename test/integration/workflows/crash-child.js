// Runs an engine with the `ok` activity and the `chain` workflow on a database file until killed.
// Usage: node crash-child.js <dist-url> <db-path> <cache-dir> <activity.wasm> <workflow.wasm> <strategy>
import { readFileSync } from 'node:fs';

const [distUrl, dbPath, cacheDir, activityPath, workflowPath, strategy] = process.argv.slice(2);
const { createEngine, openLibsqlStore } = await import(`${distUrl}/engine/index.js`);

const store = await openLibsqlStore({ path: dbPath });
const exec = { lockExpiryMs: 1000, tickSleepMs: 20 };
const engine = await createEngine({
  store,
  codegenCacheDir: cacheDir,
  maxWorkers: 1,
  activities: [{ name: 'ok', bytes: readFileSync(activityPath), exec }],
  workflows: [{ name: 'chain', bytes: readFileSync(workflowPath), exec, blockingStrategy: strategy }],
});
engine.start();
process.stdout.write('started\n');
