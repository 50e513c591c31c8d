/**
 * `location.oci` and `obelisk.lock` end to end: the fibo activity pushed to a real registry,
 * `server run` writing the lock, starting again from the cache with the registry stopped, `--locked`
 * refusing a tag that moved, `generate lock --update` accepting it; `server verify` on OCI components.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildWatActivity } from '../fixtures/wat/activities.js';
import { REPO_ROOT, runObelisk, spawnObelisk, type RunResult } from '../helpers/bin.js';
import { closedPort, startRegistry, type Registry } from '../helpers/registry.js';
import { makeTempDir } from '../helpers/tmp.js';

const CODEGEN_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');
const FIBO = join(REPO_ROOT, 'examples', 'fibo', 'dist');
const FIBOA = 'testing:fibo-workflow/workflow.fiboa';
let registry: Registry;

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry.stop();
});

function writeConfig(dir: string, reference: string): string {
  const path = join(dir, 'obelisk.toml');
  writeFileSync(
    path,
    [
      'api.listening_addr = "127.0.0.1:0"',
      'database.sqlite.file = "data/obelisk.sqlite"',
      'wasm.cache_directory = "oci-cache"',
      '',
      '[[activity_wasm]]',
      'name = "fibo-activity"',
      `location.oci = "${reference}"`,
      '',
      '[[workflow]]',
      'name = "fibo-workflow"',
      `location.path = ${JSON.stringify(join(FIBO, 'workflow.wasm'))}`,
      '',
    ].join('\n'),
  );
  return path;
}

const env = { XDG_CACHE_HOME: CODEGEN_HOME };

/** Starts `server run`, submits fiboa [10, 20], stops it; returns the result and the server's stderr. */
async function serveFibo(dir: string, extra: readonly string[] = []): Promise<{ result: string; stderr: string }> {
  const server = spawnObelisk(['server', 'run', ...extra], { cwd: dir, env });
  await server.waitFor(({ stderr }) => /obelisk server listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr), 120_000);
  const url = /listening on (http:\/\/\S+)/.exec(server.stderr())?.[1] ?? '';
  const submit = await runObelisk(['execution', 'submit', '--follow', '--api-url', url, FIBOA, '[10, 20]'], {
    cwd: dir,
  });
  server.process.kill('SIGTERM');
  const exit = await server.exited;
  expect(exit.code).toBe(0);
  return { result: submit.stdout.trim(), stderr: exit.stderr };
}

function lockOf(dir: string): string {
  return readFileSync(join(dir, 'obelisk.lock'), 'utf8');
}

describe('obelisk.lock', () => {
  test(
    'written by the first run; offline restart from the cache; a moved tag refused by --locked, accepted by --update',
    { tags: ['slow'] },
    async () => {
      const port = registry.port;
      const reference = `${registry.host}/examples/fibo-activity:1.0.0`;
      const pushed = await runObelisk(['component', 'push', join(FIBO, 'activity.wasm'), reference, '--json']);
      expect(pushed.code).toBe(0);
      const { manifest_digest: manifest, content_digest: content } = JSON.parse(pushed.stdout) as Record<
        string,
        string
      >;
      const dir = makeTempDir('obelisk-oci-lock-');
      writeConfig(dir, reference);

      const first = await serveFibo(dir);
      expect(first.result).toBe('{"ok":1100}');
      expect(first.stderr).toContain(`wrote ${join(dir, 'obelisk.lock')}`);
      const lock = lockOf(dir);
      expect(lock).toContain(
        `name = "fibo-activity"\nreference = "${reference}"\nmanifest_digest = "${manifest}"\ncontent_digest = "${content}"`,
      );

      await registry.stop();
      const offline = await serveFibo(dir, ['--locked']);
      expect(offline.result).toBe('{"ok":1100}');
      expect(offline.stderr).toContain('not checked (registry unreachable)');
      expect(lockOf(dir)).toBe(lock);

      registry = await startRegistry({ port, dataDir: registry.dataDir });
      const other = join(dir, 'other.wasm');
      writeFileSync(other, await buildWatActivity('ok'));
      expect((await runObelisk(['component', 'push', other, reference])).code).toBe(0);

      const refused = await runObelisk(['server', 'run', '--locked'], { cwd: dir, env });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `--locked: fibo-activity: the tag of ${reference} moved from the locked ${manifest} to sha256:`,
      );
      expect(refused.stderr).toContain('obelisk generate lock --update fibo-activity');

      const updated = await runObelisk(['generate', 'lock', '--update', '--json'], { cwd: dir, env });
      expect(updated.code).toBe(0);
      const report = JSON.parse(updated.stdout) as { written: boolean; moved: { name: string; from: string }[] };
      expect(report.written).toBe(true);
      expect(report.moved).toEqual([expect.objectContaining({ name: 'fibo-activity', from: manifest })]);
      expect(updated.stderr).toContain('fibo-activity: ');
      expect(lockOf(dir)).not.toContain(manifest);
    },
  );

  test('--locked without a lock file refuses to start; generate lock writes it', async () => {
    const wat = join(makeTempDir(), 'ok.wasm');
    writeFileSync(wat, await buildWatActivity('ok'));
    const reference = `${registry.host}/examples/wat-ok:1`;
    expect((await runObelisk(['component', 'push', wat, reference])).code).toBe(0);
    const dir = makeTempDir('obelisk-oci-lock-');
    writeConfig(dir, reference);
    const refused = await runObelisk(['server', 'run', '--locked'], { cwd: dir, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`--locked: ${join(dir, 'obelisk.lock')} is missing`);
    const generated = await runObelisk(['generate', 'lock'], { cwd: dir, env });
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(
      new RegExp(`^fibo-activity ${reference.replace(/\./g, '\\.')} sha256:[0-9a-f]{64}\\n$`),
    );
    expect(existsSync(join(dir, 'obelisk.lock'))).toBe(true);
  });
});

describe('obelisk server verify', () => {
  test('resolves OCI components, and names an unreachable registry', async () => {
    const wat = join(makeTempDir(), 'ok.wasm');
    writeFileSync(wat, await buildWatActivity('ok'));
    const reference = `${registry.host}/examples/verify-ok:1`;
    expect((await runObelisk(['component', 'push', wat, reference])).code).toBe(0);
    const dir = makeTempDir('obelisk-oci-verify-');
    const down = `127.0.0.1:${await closedPort()}/examples/gone:1`;
    writeFileSync(
      join(dir, 'obelisk.toml'),
      [
        'wasm.cache_directory = "oci-cache"',
        '[[activity_wasm]]',
        'name = "ok"',
        `location.oci = "oci://${reference}"`,
        '[[activity_wasm]]',
        'name = "gone"',
        `location.oci = "${down}"`,
      ].join('\n'),
    );
    const result: RunResult = await runObelisk(['server', 'verify', '--json'], { cwd: dir, env });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { components: { name: string }[]; problems: string[] };
    expect(report.components.map((c) => c.name)).toEqual(['ok']);
    expect(report.problems).toEqual([
      `activity_wasm gone: location.oci = "${down}": cannot reach the registry ${down.split('/')[0] ?? ''} (${down.split('/')[0] ?? ''}): ECONNREFUSED`,
    ]);
    expect(existsSync(join(dir, 'obelisk.lock'))).toBe(false);
  });
});
