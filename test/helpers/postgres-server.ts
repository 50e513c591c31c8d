/**
 * A throwaway PostgreSQL server for tests: `initdb` into a temp dir owned by the
 * `postgres` user (initdb refuses root), `postgres` on 127.0.0.1 with a free port,
 * stopped by its pid. Tests start one per file with `usePostgres()` (`postgres.ts`); the
 * benchmarks one per run. Imports no vitest.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env['OBELISK_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The postmaster's pid. */
  pid(): number;
  /** `pg_ctl restart` (fast mode): every connection is dropped. */
  restart(): void;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function asPostgres(args: readonly string[]): string[] {
  return process.getuid?.() === 0 ? ['-u', 'postgres', '--', ...args] : [...args];
}

function run(command: string, args: readonly string[]): void {
  const full = asPostgres([join(BIN, command), ...args]);
  const [file, ...rest] = process.getuid?.() === 0 ? ['runuser', ...full] : full;
  const result = spawnSync(file as string, rest, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} failed (${result.status}): ${result.stderr}${result.stdout}`);
  }
}

/** Starts a fresh PostgreSQL server. */
export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(BIN, 'initdb'))) {
    throw new Error(`PostgreSQL binaries not found in ${BIN} (install postgresql, or set OBELISK_PG_BIN)`);
  }
  const root = mkdtempSync(join(tmpdir(), 'obelisk-pg-'));
  if (process.getuid?.() === 0) {
    execFileSync('chown', ['postgres:postgres', root]);
  }
  const dataDir = join(root, 'data');
  run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const start = (): void => run('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(root, 'log'), '-w', 'start']);
  start();
  const pid = (): number => Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    pid,
    restart: () =>
      run('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(root, 'log'), '-m', 'fast', '-w', 'restart']),
    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      const postmaster = pid();
      try {
        process.kill(postmaster, 'SIGINT');
      } catch {
        // already gone
      }
      for (let i = 0; i < 200 && isAlive(postmaster); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
