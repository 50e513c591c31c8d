/**
 * One writing process per libSQL database file: a second `obelisk server run` on the same file,
 * or on a symlink to it, is refused with the first one's PID.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildWatActivity } from '../fixtures/wat/activities.js';
import { REPO_ROOT, runObelisk, spawnObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const CACHE_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');

function writeConfig(dir: string, name: string, databaseFile: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      '[api]',
      'listening_addr = "127.0.0.1:0"',
      '[database.sqlite]',
      `file = "${databaseFile}"`,
      '[[activity_wasm]]',
      'name = "ok"',
      'location.path = "ok.wasm"',
    ].join('\n'),
  );
  return path;
}

describe('one writer per database file', () => {
  test('a second server run on the same file, or a symlink to it, is refused naming the first', async () => {
    const dir = makeTempDir('obelisk-one-writer-');
    writeFileSync(join(dir, 'ok.wasm'), await buildWatActivity('ok'));
    mkdirSync(join(dir, 'data'));
    const real = join(dir, 'data', 'obelisk.sqlite');
    symlinkSync(join(dir, 'data'), join(dir, 'linked'));
    const env = { XDG_CACHE_HOME: CACHE_HOME };
    const first = spawnObelisk(['server', 'run', '-c', writeConfig(dir, 'first.toml', real)], { cwd: dir, env });
    try {
      await first.waitFor(({ stderr }) => /listening on http:\/\//.test(stderr), 60_000);
      const pid = first.process.pid ?? -1;
      const second = await runObelisk(['server', 'run', '-c', writeConfig(dir, 'second.toml', real)], {
        cwd: dir,
        env,
      });
      const linked = join(dir, 'linked', 'obelisk.sqlite');
      const third = await runObelisk(['server', 'run', '-c', writeConfig(dir, 'third.toml', linked)], {
        cwd: dir,
        env,
      });
      console.log(`second (same path):\n${second.stderr}\nthird (symlinked folder ${linked}):\n${third.stderr}`);
      for (const refused of [second, third]) {
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain(
          `error: another obelisk process (${pid}) is already writing to the database ${real}; this obelisk server would be a second writer`,
        );
        expect(refused.stderr).toContain(
          `hint: stop process ${pid} first, or point database.sqlite.file at another file`,
        );
      }
    } finally {
      first.process.kill('SIGTERM');
      await first.exited;
    }
    const after = spawnObelisk(['server', 'run', '-c', join(dir, 'third.toml')], { cwd: dir, env });
    await after.waitFor(({ stderr }) => /listening on http:\/\//.test(stderr), 60_000);
    after.process.kill('SIGTERM');
    expect((await after.exited).code).toBe(0);
  });
});
