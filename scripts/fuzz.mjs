#!/usr/bin/env node
/**
 * `npm run fuzz -- [--runs N] [--seed S]`: the fuzz properties (WIT text, component bytes, JSON
 * values, obelisk.toml text, HTTP API requests) with N runs each instead of the test command's
 * small default. A failure prints its seed; `--seed S` replays it.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' } } });
if (!/^[1-9][0-9]*$/.test(values.runs)) {
  throw new Error(`--runs must be a positive whole number, got ${values.runs}`);
}
const env = { ...process.env, OBELISK_FUZZ_RUNS: values.runs };
if (values.seed !== undefined) {
  env.OBELISK_FUZZ_SEED = values.seed;
}
const files = ['test/unit/fuzz', 'test/integration/server/fuzz.test.ts'];
const result = spawnSync('npx', ['vitest', 'run', ...files], { stdio: 'inherit', env });
if (result.status !== 0) {
  throw new Error(`the fuzz run failed (vitest exit status ${String(result.status)}); its seed is printed above`);
}
