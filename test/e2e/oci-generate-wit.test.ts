/**
 * `obelisk generate wit --oci`: the fibo activity pushed to a real registry, its WIT written into a
 * generated project's workflow (`--add` also adds it to obelisk.toml and obelisk.lock), the
 * workflow changed to call it, built against the written deps and run under `server run`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, runObelisk, spawnObelisk } from '../helpers/bin.js';
import { startRegistry, type Registry } from '../helpers/registry.js';
import { makeTempDir } from '../helpers/tmp.js';

const CACHE_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');
const FIBO = join(REPO_ROOT, 'examples', 'fibo', 'dist', 'activity.wasm');
const BUILD_TIMEOUT_MS = 600_000;

interface Outcome {
  name: string;
  added: boolean;
  reference: string;
  manifest_digest: string;
  changes: { path: string; change: string; component: string }[];
}

let registry: Registry;
let reference = '';
let manifestDigest = '';

beforeAll(async () => {
  registry = await startRegistry();
  reference = `${registry.host}/examples/fibo-activity:1.0.0`;
  const pushed = await runObelisk(['component', 'push', FIBO, reference, '--json']);
  expect(pushed.code, pushed.stderr).toBe(0);
  manifestDigest = (JSON.parse(pushed.stdout) as { manifest_digest: string }).manifest_digest;
});
afterAll(async () => {
  await registry.stop();
});

/** A js-workflow project, not built; its environment keeps caches and data out of the home folder. */
async function newProject(): Promise<{ dir: string; env: Record<string, string> }> {
  const root = makeTempDir('obelisk-oci-wit-');
  const env = { XDG_CACHE_HOME: CACHE_HOME, XDG_DATA_HOME: join(root, 'data') };
  const created = await runObelisk(['new', 'p', '-t', 'js-workflow', '--package', 'app:demo', '--no-build'], {
    cwd: root,
    env,
  });
  expect(created.code, created.stderr).toBe(0);
  return { dir: join(root, 'p'), env };
}

describe('obelisk generate wit --oci', () => {
  test("without --add: the WIT is written as the user's files, obelisk.toml is unchanged", async () => {
    const { dir, env } = await newProject();
    const config = readFileSync(join(dir, 'obelisk.toml'), 'utf8');
    const result = await runObelisk(['generate', 'wit', '--oci', `oci://${reference}`, '--json'], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    const outcome = JSON.parse(result.stdout) as Outcome;
    expect(outcome).toMatchObject({ name: 'fibo-activity', added: false, manifest_digest: manifestDigest });
    expect(outcome.changes.map((c) => c.path.slice(dir.length + 1)).sort()).toEqual([
      'workflow/wit/deps/testing_fibo-obelisk-ext/fibo-obelisk-ext.wit',
      'workflow/wit/deps/testing_fibo-obelisk-schedule/fibo-obelisk-schedule.wit',
      'workflow/wit/deps/testing_fibo/fibo.wit',
    ]);
    expect(readFileSync(join(dir, 'obelisk.toml'), 'utf8')).toBe(config);
    expect(existsSync(join(dir, 'obelisk.lock'))).toBe(false);
    // generate wit does not delete what it did not write
    expect((await runObelisk(['generate', 'wit'], { cwd: dir, env })).code).toBe(0);
    expect(existsSync(join(dir, 'workflow', 'wit', 'deps', 'testing_fibo', 'fibo.wit'))).toBe(true);
  });

  test(
    '--add: added to obelisk.toml and obelisk.lock; a workflow built against the deps calls the pulled activity',
    { tags: ['slow'], timeout: BUILD_TIMEOUT_MS * 2 },
    async () => {
      const { dir, env } = await newProject();
      const add = async (): Promise<Outcome> => {
        const result = await runObelisk(['generate', 'wit', '--oci', reference, '--add', '--json'], { cwd: dir, env });
        expect(result.code, result.stderr).toBe(0);
        return JSON.parse(result.stdout) as Outcome;
      };
      const first = await add();
      expect(first).toMatchObject({ name: 'fibo-activity', added: true });
      expect(first.changes.map((c) => c.path.slice(dir.length + 1))).toContain(
        'workflow/wit/deps/testing_fibo/fibo.wit',
      );
      expect(readFileSync(join(dir, 'obelisk.toml'), 'utf8')).toContain(
        `[[activity_wasm]]\nname = "fibo-activity"\nlocation.oci = "${reference}"\n`,
      );
      expect(readFileSync(join(dir, 'obelisk.lock'), 'utf8')).toContain(manifestDigest);
      const again = await add();
      expect(again).toMatchObject({ added: false, changes: [] });

      const wit = join(dir, 'workflow', 'wit', 'workflow.wit');
      writeFileSync(
        wit,
        readFileSync(wit, 'utf8').replace('  export greetings;', '  import testing:fibo/fibo;\n  export greetings;'),
      );
      const source = join(dir, 'workflow', 'src', 'workflow.js');
      writeFileSync(
        source,
        readFileSync(source, 'utf8')
          .replace('import { log }', "import { fibo } from 'testing:fibo/fibo';\nimport { log }")
          .replace("return results.join(' ');", "return [...results, `fibo(10) = ${fibo(10)}`].join(' ');"),
      );
      const build = await runObelisk(['build'], { cwd: dir, env, timeoutMs: BUILD_TIMEOUT_MS });
      expect(build.code, build.stderr).toBe(0);

      const server = spawnObelisk(['server', 'run'], {
        cwd: dir,
        env: { ...env, OBELISK__API__LISTENING_ADDR: '127.0.0.1:0' },
      });
      try {
        await server.waitFor(({ stderr }) => /listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr), 120_000);
        const url = /listening on (http:\/\/\S+)/.exec(server.stderr())?.[1] ?? '';
        const submit = await runObelisk(
          ['execution', 'submit', '--follow', '--api-url', url, 'app:demo-workflow/greetings.greet-all', '[["Ann"]]'],
          { cwd: dir, timeoutMs: 120_000 },
        );
        expect(submit.stdout.trim()).toBe('{"ok":"Hello, Ann! fibo(10) = 55"}');
      } finally {
        server.process.kill('SIGTERM');
        await server.exited;
      }
    },
  );
});
