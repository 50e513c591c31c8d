import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildWatActivity, watActivityFfqn } from '../fixtures/wat/activities.js';
import { REPO_ROOT, runObelisk, spawnObelisk } from '../helpers/bin.js';
import { eventually } from '../helpers/eventually.js';
import { makeTempDir } from '../helpers/tmp.js';

const CACHE_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');

async function startServer(retention: string[]): Promise<{ dir: string; url: string; stop: () => Promise<void> }> {
  const dir = makeTempDir('obelisk-purge-');
  writeFileSync(join(dir, 'ok.wasm'), await buildWatActivity('ok'));
  const config = join(dir, 'obelisk.toml');
  writeFileSync(
    config,
    [
      '[api]',
      'listening_addr = "127.0.0.1:0"',
      '[database.sqlite]',
      'file = "data/obelisk.sqlite"',
      '[[activity_wasm]]',
      'name = "ok"',
      'location.path = "ok.wasm"',
      ...retention,
      '',
    ].join('\n'),
  );
  const server = spawnObelisk(['server', 'run', '-c', config], { cwd: dir, env: { XDG_CACHE_HOME: CACHE_HOME } });
  await server.waitFor(({ stderr }) => /obelisk server listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr), 60_000);
  const url = /listening on (http:\/\/\S+)/.exec(server.stderr())?.[1] ?? '';
  return {
    dir,
    url,
    stop: async () => {
      server.process.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    },
  };
}

async function submitFinished(url: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/v1/executions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ffqn: watActivityFfqn('ok'), params: [i] }),
    });
    ids.push(((await response.json()) as { execution_id: string }).execution_id);
  }
  for (const id of ids) {
    await fetch(`${url}/v1/executions/${id}/result?follow=true`).then((r) => r.text());
  }
  return ids;
}

async function listed(url: string): Promise<string[]> {
  const page = (await (await fetch(`${url}/v1/executions`)).json()) as { executions: { execution_id: string }[] };
  return page.executions.map((e) => e.execution_id);
}

describe('obelisk execution purge', () => {
  test('a dry run counts, the purge deletes, and both print what they did', async () => {
    const server = await startServer(['[retention]', 'finished_older_than = { days = 1 }']);
    try {
      const ids = await submitFinished(server.url, 3);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const run = (args: string[]) =>
        runObelisk(['execution', 'purge', ...args, '--api-url', server.url], { cwd: server.dir });
      const dry = await run(['--older-than', '1ms', '--dry-run', '--json']);
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({
        dry_run: true,
        counts: { top_level: 3, executions: 3, join_sets: 0, responses: 0, delays: 0 },
      });
      expect((await listed(server.url)).sort()).toEqual([...ids].sort());
      const text = await run(['--older-than', '1ms']);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(
        /^deleted what finished before \S+ \(1 batch\):\nKIND\s+ROWS\ntop-level executions\s+3\n/,
      );
      expect(await listed(server.url)).toEqual([]);
      const bad = await run(['--older-than', 'soon']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--older-than: expected a duration');
    } finally {
      await server.stop();
    }
  });

  test('[retention] sweeps finished executions on its interval', async () => {
    const server = await startServer([
      '[retention]',
      'finished_older_than = { seconds = 1 }',
      'interval = { seconds = 1 }',
    ]);
    try {
      await submitFinished(server.url, 2);
      expect((await listed(server.url)).length).toBe(2);
      await eventually(
        () => listed(server.url),
        (ids) => ids.length === 0,
        10_000,
      );
    } finally {
      await server.stop();
    }
  });
});
