import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { toEngineOptions, type ReadComponentFile } from '../../../src/config/engine-options.js';
import { parseConfig } from '../../../src/config/load.js';
import { makeTempDir } from '../../helpers/tmp.js';

const BYTES: Record<string, Uint8Array> = {
  '/p/a.wasm': new Uint8Array([1, 2, 3]),
  '/p/w.wasm': new Uint8Array([4, 5]),
};

/** A folder, for reads that fail with EISDIR. */
const FOLDER = '/p/dist';

/** Reads from {@link BYTES}, failing like the file system does. */
const readFile: ReadComponentFile = (path) => {
  const bytes = BYTES[path];
  if (bytes !== undefined) {
    return Promise.resolve(bytes);
  }
  const error: NodeJS.ErrnoException = new Error(`ENOENT: no such file or directory, open '${path}'`);
  error.code = path === FOLDER ? 'EISDIR' : 'ENOENT';
  return Promise.reject(error);
};

const config = (toml: string): ReturnType<typeof parseConfig> =>
  parseConfig(toml, { name: 'obelisk.toml', dir: '/p', env: { HOME: '/home/user', XDG_CACHE_HOME: '/cache' } });

describe('toEngineOptions', () => {
  test('maps every setting of activities, workflows and the engine', async () => {
    const setup = await toEngineOptions(
      config(`
[wasm]
max_workers = 3
max_workflow_threads = 5
[timers_watcher]
tick_sleep = { milliseconds = 20 }
leeway = { seconds = 1 }
[[activity_wasm]]
name = "a"
location.path = "a.wasm"
exec = { batch_size = 2, queue = "q" }
max_retries = 1
retry_exp_backoff = { milliseconds = 50 }
max_duration = { seconds = 5 }
env_vars = ["X=1"]
allowed_hosts = [{ pattern = "example.com", methods = ["GET"] }]
forward_stdout = "log"
forward_stderr = "none"
[[workflow]]
name = "w"
location.path = "w.wasm"
blocking_strategy = "interrupt"
await_timeout = { seconds = 2 }
`),
      readFile,
    );
    expect(setup.problems).toEqual([]);
    expect(setup.options).toEqual({
      activities: [
        {
          name: 'a',
          bytes: BYTES['/p/a.wasm'],
          exec: { batchSize: 2, lockExpiryMs: 1000, tickSleepMs: 200, queue: 'q' },
          maxRetries: 1,
          retryExpBackoffMs: 50,
          maxDurationMs: 5000,
          envVars: { X: '1' },
          allowedHosts: [{ pattern: 'example.com', methods: ['GET'] }],
          storeOutput: false,
          forwardOutput: true,
        },
      ],
      stubs: [],
      workflows: [
        {
          name: 'w',
          bytes: BYTES['/p/w.wasm'],
          exec: { batchSize: 64, lockExpiryMs: 1000, tickSleepMs: 200, queue: undefined },
          blockingStrategy: 'interrupt',
          awaitTimeoutMs: 2000,
          retryExpBackoffMs: 100,
        },
      ],
      codegenCacheDir: '/cache/obelisk/codegen',
      maxWorkers: 3,
      maxWorkflowThreads: 5,
      watcher: { tickSleepMs: 20, leewayMs: 1000 },
    });
  });

  test('stores output when either stream goes to the database and logs it when either goes to the log', async () => {
    const cases = [
      ['db', 'db', true, false],
      ['both', 'none', true, true],
      ['none', 'none', false, false],
      ['log', 'db', true, true],
    ] as const;
    for (const [stdout, stderr, storeOutput, forwardOutput] of cases) {
      const setup = await toEngineOptions(
        config(
          `[[activity_wasm]]\nname = "a"\nlocation.path = "a.wasm"\nforward_stdout = "${stdout}"\nforward_stderr = "${stderr}"\n`,
        ),
        readFile,
      );
      expect(setup.options.activities?.[0]).toMatchObject({ storeOutput, forwardOutput });
    }
  });

  test('reports every component it cannot read, naming the section, the component and the path, and leaves them out', async () => {
    const digest = `sha256:${createHash('sha256')
      .update(BYTES['/p/a.wasm'] ?? new Uint8Array())
      .digest('hex')}`;
    const wrong = `sha256:${'0'.repeat(64)}`;
    const setup = await toEngineOptions(
      config(`
[[activity_wasm]]
name = "pinned"
location.path = "a.wasm"
content_digest = "${digest}"
[[activity_wasm]]
name = "missing"
location.path = "gone.wasm"
[[activity_wasm]]
name = "from-registry"
location.oci = "docker.io/me/a:1"
[[workflow]]
name = "mismatch"
location.path = "w.wasm"
content_digest = "${wrong}"
[[workflow]]
name = "folder"
location.path = "dist/"
[[activity_stub]]
name = "no-wit"
location.path = "wit/none.wit"
`),
      readFile,
    );
    expect(setup.options.activities?.map((a) => a.name)).toEqual(['pinned']);
    expect(setup.options.workflows).toEqual([]);
    expect(setup.options.stubs).toEqual([]);
    expect(setup.problems).toEqual([
      'activity_wasm missing: cannot read /p/gone.wasm: no such file (build the component, or fix location.path)',
      'activity_wasm from-registry: location.oci = "docker.io/me/a:1": the component was not pulled',
      `workflow mismatch: content_digest mismatch: the config pins ${wrong} but /p/w.wasm is sha256:${createHash(
        'sha256',
      )
        .update(BYTES['/p/w.wasm'] ?? new Uint8Array())
        .digest('hex')}`,
      'workflow folder: cannot read /p/dist: it is a folder; location.path must name a component .wasm file',
      'activity_stub no-wit: cannot read /p/wit/none.wit: no such file or folder (location.path must name a .wit file, a WIT folder or a binary WIT package .wasm)',
    ]);
  });

  test('a stub points the engine at its WIT, and a disabled codegen cache uses a temporary folder that dispose removes', async () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, 'wit'));
    writeFileSync(join(dir, 'wit', 'approval.wit'), 'package a:b;\ninterface i { f: func() -> result; }\n');
    const loaded = parseConfig(
      '[codegen_cache]\nenabled = false\n[[activity_stub]]\nname = "approval"\nlocation.path = "wit"\n',
      { name: 'obelisk.toml', dir, env: { HOME: dir } },
    );
    const setup = await toEngineOptions(loaded, readFile);
    expect(setup.options.stubs).toEqual([{ name: 'approval', wit: join(dir, 'wit') }]);
    const codegen = setup.options.codegenCacheDir;
    expect(codegen).not.toBe(loaded.codegenCache.directory);
    expect(existsSync(codegen)).toBe(true);
    setup.dispose();
    expect(existsSync(codegen)).toBe(false);
  });
});
