import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildWatActivity, watActivityFfqn } from '../fixtures/wat/activities.js';
import { REPO_ROOT, runObelisk, spawnObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const CACHE_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');

function writeConfig(dir: string, api: string[]): string {
  const path = join(dir, 'obelisk.toml');
  writeFileSync(
    path,
    [
      ...api,
      '',
      '[database.sqlite]',
      'file = "data/obelisk.sqlite"',
      '',
      '[[activity_wasm]]',
      'name = "ok"',
      'location.path = "ok.wasm"',
      '',
    ].join('\n'),
  );
  return path;
}

describe('obelisk server run', () => {
  test('serves the configured components until SIGTERM, then exits 0', async () => {
    const dir = makeTempDir('obelisk-server-');
    writeFileSync(join(dir, 'ok.wasm'), await buildWatActivity('ok'));
    const config = writeConfig(dir, ['[api]', 'listening_addr = "127.0.0.1:0"']);
    const server = spawnObelisk(['server', 'run', '-c', config], { cwd: dir, env: { XDG_CACHE_HOME: CACHE_HOME } });
    await server.waitFor(({ stderr }) => /obelisk server listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr), 60_000);
    const url = /listening on (http:\/\/\S+)/.exec(server.stderr())?.[1] ?? '';
    const submit = await runObelisk(
      ['execution', 'submit', '--follow', '--api-url', url, watActivityFfqn('ok'), '[1]'],
      { cwd: dir },
    );
    expect(submit.stdout.trim()).toBe('{"ok":2}');
    server.process.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain('SIGTERM: stopping');
  });

  test('refuses a non-loopback address without a token', async () => {
    const dir = makeTempDir('obelisk-server-');
    writeFileSync(join(dir, 'ok.wasm'), await buildWatActivity('ok'));
    const config = writeConfig(dir, ['[api]', 'listening_addr = "0.0.0.0:0"']);
    const result = await runObelisk(['server', 'run', '-c', config], { cwd: dir, env: { XDG_CACHE_HOME: CACHE_HOME } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: refusing to serve the API without a token on the non-loopback address 0.0.0.0:0',
    );
    expect(result.stderr).toContain('hint: set api.token');
  });
});
