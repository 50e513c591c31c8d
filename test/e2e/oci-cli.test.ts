/** `obelisk component push|inspect|wit` with OCI references, against a real `docker-registry` on 127.0.0.1. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, runObelisk, type RunResult } from '../helpers/bin.js';
import { closedPort, startRegistry, type Registry } from '../helpers/registry.js';
import { makeTempDir } from '../helpers/tmp.js';

const FIBO = join(REPO_ROOT, 'examples', 'fibo', 'dist', 'activity.wasm');
let registry: Registry;
let cache: string;

beforeAll(async () => {
  registry = await startRegistry();
  cache = makeTempDir();
});
afterAll(async () => {
  await registry.stop();
});

function cli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return runObelisk(args, { cwd: makeTempDir(), env: { XDG_CACHE_HOME: cache, HOME: cache, ...env } });
}

const json = (result: RunResult): unknown => {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as unknown;
};

describe('obelisk component push', () => {
  test('pushes the fibo activity; inspect and wit of the reference equal those of the file', async () => {
    const ref = `${registry.host}/examples/fibo-activity:1.0.0`;
    const digest = `sha256:${createHash('sha256').update(readFileSync(FIBO)).digest('hex')}`;
    const pushed = json(await cli(['component', 'push', FIBO, `oci://${ref}`, '--json'])) as Record<string, unknown>;
    expect(pushed).toMatchObject({ reference: ref, content_digest: digest, size: readFileSync(FIBO).length });
    expect(pushed['manifest_digest']).toMatch(/^sha256:[0-9a-f]{64}$/);

    const fromFile = json(await cli(['component', 'inspect', FIBO, '--json'])) as Record<string, unknown>;
    const fromOci = json(await cli(['component', 'inspect', `oci://${ref}`, '--json'])) as Record<string, unknown>;
    expect(fromOci).toEqual({ ...fromFile, source: 'oci' });
    expect(existsSync(join(cache, 'obelisk', 'oci', 'sha256', digest.slice('sha256:'.length)))).toBe(true);

    const witFile = await cli(['component', 'wit', FIBO]);
    const witOci = await cli(['component', 'wit', ref]);
    expect(witOci.code).toBe(0);
    expect(witOci.stdout).toBe(witFile.stdout);
  });

  test('human output: the pinned reference on stdout, sizes on stderr', async () => {
    const result = await cli(['component', 'push', FIBO, `${registry.host}/examples/fibo-activity:human`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^${registry.host.replace(/\./g, '\\.')}/examples/fibo-activity:human@sha256:[0-9a-f]{64}\\n$`),
    );
    expect(result.stderr).toMatch(/^pushed \d+ bytes, content sha256:[0-9a-f]{64}\n$/);
  });

  test('errors: an unreachable registry and a file that is not a component', async () => {
    const port = await closedPort();
    const down = await cli(['component', 'inspect', `oci://127.0.0.1:${port}/a/b:1`, '--json']);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stderr)).toMatchObject({
      error: {
        code: 'oci-unreachable',
        message: `cannot reach the registry 127.0.0.1:${port} (127.0.0.1:${port}): ECONNREFUSED`,
      },
    });
    const dir = makeTempDir();
    const notWasm = await runObelisk(['component', 'push', 'x.wasm', `${registry.host}/a/b:1`], { cwd: dir });
    expect(notWasm.code).toBe(1);
    expect(notWasm.stderr).toContain('cannot read x.wasm');
  });
});
