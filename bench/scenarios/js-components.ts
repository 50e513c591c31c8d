/**
 * The ComponentizeJS components of the JS variants: the fibo example (activity and workflow,
 * built by `npm ci` into `examples/fibo/dist/`) and the benchmark workflows fixture
 * (`test/fixtures/js/bench-workflows`, built on demand and cached).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/helpers/bin.js';
import { ensureJsFixture } from '../../test/helpers/global-setup.js';
import type { ServerComponent } from '../lib/server.js';

export const JS_FFQNS = {
  chain: 'testing:bench/workflows.chain',
  fanout: 'testing:bench/workflows.fanout',
  fanoutChildren: 'testing:bench/workflows.fanout-children',
} as const;

function exampleFile(name: string): string {
  const path = join(REPO_ROOT, 'examples', 'fibo', 'dist', `${name}.wasm`);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run node scripts/build-examples.mjs`);
  }
  return path;
}

export async function jsComponents(): Promise<ServerComponent[]> {
  return [
    { section: 'activity_wasm', name: 'fibo', path: exampleFile('activity') },
    { section: 'workflow', name: 'fibo-workflow', path: exampleFile('workflow') },
    { section: 'workflow', name: 'bench', path: await ensureJsFixture('bench-workflows') },
  ];
}
