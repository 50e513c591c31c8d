/**
 * A damaged database file is refused at start with its path and what to do: garbage in the
 * header, and damaged pages in the middle (found by the quick check at open).
 */
import { randomFillSync } from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { describe, expect, test } from 'vitest';
import { buildWatActivity } from '../fixtures/wat/activities.js';
import { REPO_ROOT, runObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const CACHE_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');

async function serverRun(dir: string): Promise<{ code: number | null; stderr: string }> {
  writeFileSync(join(dir, 'ok.wasm'), await buildWatActivity('ok'));
  const config = join(dir, 'obelisk.toml');
  writeFileSync(
    config,
    [
      '[api]',
      'listening_addr = "127.0.0.1:0"',
      '[database.sqlite]',
      'file = "obelisk.sqlite"',
      '[[activity_wasm]]',
      'name = "ok"',
      'location.path = "ok.wasm"',
    ].join('\n'),
  );
  return runObelisk(['server', 'run', '-c', config], { cwd: dir, env: { XDG_CACHE_HOME: CACHE_HOME } });
}

function overwrite(path: string, offset: number, length: number): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, randomFillSync(Buffer.alloc(length)), 0, length, offset);
  closeSync(fd);
}

describe('a damaged database file', () => {
  test('with garbage in its header is refused with its path and what to do', async () => {
    const dir = makeTempDir('obelisk-corrupt-');
    const file = join(dir, 'obelisk.sqlite');
    writeFileSync(file, randomFillSync(Buffer.alloc(16384)));
    const result = await serverRun(dir);
    console.log(`garbage header:\n${result.stderr}`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: database error SQLITE_NOTADB on ${file}: file is not a database`);
    expect(result.stderr).toContain(`hint: the file is damaged: restore ${file} from a backup`);
    expect(result.stderr).not.toContain('bug');
  });

  test('with damaged pages in the middle is refused at start', async () => {
    const dir = makeTempDir('obelisk-corrupt-');
    const file = join(dir, 'obelisk.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)');
    db.exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler SELECT i, printf('%.200c', 'x') FROM n",
    );
    db.exec('CREATE INDEX filler_text ON filler (text, id)');
    db.close();
    overwrite(file, 4096 * 20, 4096 * 10);
    const result = await serverRun(dir);
    console.log(`damaged middle pages:\n${result.stderr}`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(/hint: .*restore .* from a backup/);
    expect(result.stderr).not.toContain('bug');
  });
});
