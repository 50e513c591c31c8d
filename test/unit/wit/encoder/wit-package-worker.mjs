// Runs jco's componentWit on one binary in a worker of its own: on a binary WIT package
// wasm-tools decodes and validates it, then panics ("Unexpected wit package"), which
// leaves its instance unusable; so every binary gets a fresh instance.
import { parentPort, workerData } from 'node:worker_threads';
import { componentWit } from '@bytecodealliance/jco-transpile/wasm-tools';

try {
  const wit = await componentWit(workerData);
  parentPort.postMessage({ ok: true, message: wit });
} catch (error) {
  parentPort.postMessage({ ok: false, message: String(error instanceof Error ? error.message : error) });
}
