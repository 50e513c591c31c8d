// Runs an engine with the sleep activity on a database file until it is killed.
// Usage: node crash-child.js <dist-url> <db-path> <cache-dir> <wasm-path>
import { readFileSync } from 'node:fs';

const [distUrl, dbPath, cacheDir, wasmPath] = process.argv.slice(2);
const { createEngine, openLibsqlStore } = await import(`${distUrl}/engine/index.js`);

const store = await openLibsqlStore({ path: dbPath });
const engine = await createEngine({
  store,
  codegenCacheDir: cacheDir,
  maxWorkers: 2,
  activities: [
    { name: 'sleep', bytes: readFileSync(wasmPath), exec: { batchSize: 2, lockExpiryMs: 1000, tickSleepMs: 20 } },
  ],
});
engine.start();
process.stdout.write('started\n');
