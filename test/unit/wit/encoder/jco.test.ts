/**
 * The binary WIT packages obelisk encodes are read by the reference
 * toolchain: jco's wasm-tools decodes each one as a WIT package (it then
 * refuses to print it as a component, "Unexpected wit package", which is
 * only reached once decoding and validation succeeded).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { encodeWitPackage } from '../../../../src/wit/encoder/index.js';
import { loadWitPackages } from '../../../../src/wit/load.js';
import { formatPackageName, type Resolve } from '../../../../src/wit/model.js';
import { HOST_WIT_FOLDERS } from '../../../../src/engine/runtime/workflow/host-wit.js';
import { REPO_ROOT } from '../../../helpers/bin.js';
import { corpusEntries } from '../corpus.js';

interface Outcome {
  readonly ok: boolean;
  readonly message: string;
}

/** What wasm-tools says about `bytes`: a WIT package makes it panic with "Unexpected wit package" on stderr. */
async function referenceDecode(bytes: Uint8Array): Promise<string> {
  const worker = new Worker(new URL('./wit-package-worker.mjs', import.meta.url), { workerData: bytes, stderr: true });
  let stderr = '';
  worker.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const outcome = await new Promise<Outcome>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  await worker.terminate();
  await exited;
  if (outcome.ok) {
    return 'decoded as a component';
  }
  return stderr.includes(WIT_PACKAGE) ? WIT_PACKAGE : `${outcome.message} ${stderr}`.slice(0, 400);
}

const WIT_PACKAGE = 'Unexpected wit package';

function binaries(resolve: Resolve, label: string): [string, Uint8Array][] {
  return resolve.packages.flatMap((pkg, id) =>
    pkg.interfaces.size + pkg.worlds.size === 0
      ? []
      : [[`${label}: ${formatPackageName(pkg.name)}`, encodeWitPackage(resolve, id)] as [string, Uint8Array]],
  );
}

/** Runs `each` over `items`, `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: limit }, async () => {
    while (next < items.length) {
      await each(items[next++] as T);
    }
  });
  await Promise.all(lanes);
}

describe('binary WIT packages read by the reference toolchain', () => {
  test('the host packages of wit/ decode as WIT packages', async () => {
    const dir = join(REPO_ROOT, 'wit');
    const resolve = loadWitPackages([...HOST_WIT_FOLDERS].sort().map((folder) => join(dir, folder)));
    for (const [name, bytes] of binaries(resolve, 'wit/')) {
      expect(`${name}: ${await referenceDecode(bytes)}`).toBe(`${name}: ${WIT_PACKAGE}`);
    }
  });

  test('every package of the corpus decodes as a WIT package', { tags: ['slow'], timeout: 600_000 }, async () => {
    const all = corpusEntries().flatMap((entry) => binaries(entry.load(), entry.name));
    expect(all.length).toBeGreaterThan(100);
    const failures: string[] = [];
    await pool(all, 2, async ([name, bytes]) => {
      const outcome = await referenceDecode(bytes);
      if (outcome !== WIT_PACKAGE) {
        failures.push(`${name}: ${outcome}`);
      }
    });
    expect(failures).toEqual([]);
  });
});
