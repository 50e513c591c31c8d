/**
 * A full disk under a running server: 50 fibo workflows run while the database's file system
 * (a small tmpfs) fills up; the space is freed and every workflow finishes with the result of an
 * undisturbed run. While the disk is full the server says so once (the path and what to do) and
 * backs off instead of logging every failed write. Needs `mount` (root); skipped elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, spawnObelisk } from '../helpers/bin.js';
import { eventually } from '../helpers/eventually.js';
import { makeTempDir } from '../helpers/tmp.js';

const CACHE_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');
const FIBO = join(REPO_ROOT, 'examples', 'fibo', 'dist');
const WORKFLOWS = 50;
/** fiboa(10, 8): eight sequential fibo(10) children, 8 x 55. */
const PARAMS = [10, 8];
const EXPECTED = 440;

function tryMount(dir: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128m', 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (error: unknown) {
    return error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
}

/** Writes zeros into `path` until the file system is full. */
function fillDisk(path: string): number {
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 12, 1 << 9]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          written += writeSync(fd, chunk);
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

async function api(url: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

describe('a full disk', () => {
  test(
    'fails no workflow: all 50 finish correctly once space is freed',
    { tags: ['slow'], timeout: 400_000 },
    async (ctx) => {
      const dir = makeTempDir('obelisk-disk-full-');
      const mnt = join(dir, 'mnt');
      mkdirSync(mnt);
      const refused = tryMount(mnt);
      if (refused !== null) {
        console.warn(`skipped: cannot mount a tmpfs here (${refused})`);
        ctx.skip();
        return;
      }
      const filler = join(mnt, 'filler');
      const server = (() => {
        const config = join(dir, 'obelisk.toml');
        writeFileSync(
          config,
          [
            '[api]',
            'listening_addr = "127.0.0.1:0"',
            '[database.sqlite]',
            `file = "${join(mnt, 'obelisk.sqlite')}"`,
            '[[activity_wasm]]',
            'name = "activity"',
            `location.path = "${join(FIBO, 'activity.wasm')}"`,
            '[[workflow]]',
            'name = "workflow"',
            `location.path = "${join(FIBO, 'workflow.wasm')}"`,
          ].join('\n'),
        );
        return spawnObelisk(['server', 'run', '-c', config], { cwd: dir, env: { XDG_CACHE_HOME: CACHE_HOME } });
      })();
      try {
        await server.waitFor(({ stderr }) => /listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr), 120_000);
        const url = /listening on (http:\/\/\S+)/.exec(server.stderr())?.[1] ?? '';
        const ids: string[] = [];
        for (let i = 0; i < WORKFLOWS; i++) {
          const submitted = await api(url, '/v1/executions', {
            ffqn: 'testing:fibo-workflow/workflow.fiboa',
            params: PARAMS,
          });
          expect(submitted.status).toBe(201);
          ids.push((submitted.json as { execution_id: string }).execution_id);
        }
        await eventually(
          () => api(url, '/v1/executions?state=finished&show_derived=true&limit=1000'),
          (r) => (r.json as { executions: unknown[] }).executions.length >= 20,
          60_000,
        );
        const before = server.stderr().length;
        const filled = fillDisk(filler);
        const fullAt = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 8_000));
        const whileFull = server.stderr().slice(before);
        const fullMs = Date.now() - fullAt;
        rmSync(filler);
        const unfinished = await api(url, '/v1/executions?state=finished&limit=1000');
        const finishedWhileFull = (unfinished.json as { executions: unknown[] }).executions.length;
        const results = await eventually(
          () => Promise.all(ids.map((id) => api(url, `/v1/executions/${id}/result`))),
          (all) => all.every((r) => r.status === 200),
          180_000,
        );
        const lines = whileFull.split('\n').filter((line) => line.trim() !== '');
        console.log(
          [
            `filled ${(filled / 1048576).toFixed(1)} MiB of the tmpfs; disk full for ${fullMs} ms`,
            `${finishedWhileFull}/${WORKFLOWS} workflows had finished when space was freed`,
            `server log lines while full: ${lines.length} (${((lines.length * 1000) / fullMs).toFixed(1)}/s):`,
            ...lines.map((line) => `  | ${line}`),
            `after freeing: ${results.filter((r) => JSON.stringify(r.json).includes(`"value":${EXPECTED}`)).length}/${WORKFLOWS} ok(${EXPECTED})`,
          ].join('\n'),
        );
        for (const result of results) {
          expect(result.json).toMatchObject({ finished: { kind: 'ok', value: EXPECTED } });
        }
        expect(lines.filter((line) => line.includes('storage failure'))).toHaveLength(1);
        expect(whileFull).toContain(join(mnt, 'obelisk.sqlite'));
        expect(lines.length).toBeLessThanOrEqual(5);
        expect(server.stderr().slice(before)).toContain('storage works again');
      } finally {
        server.process.kill('SIGTERM');
        await server.exited;
        execFileSync('umount', [mnt]);
      }
    },
  );
});
