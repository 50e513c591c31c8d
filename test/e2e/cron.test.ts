import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ulidTime } from '../../src/engine/concepts/ulid.js';
import { buildWatActivity, watActivityFfqn } from '../fixtures/wat/activities.js';
import { REPO_ROOT, runObelisk, spawnObelisk } from '../helpers/bin.js';
import { eventually } from '../helpers/eventually.js';
import { makeTempDir } from '../helpers/tmp.js';

const CACHE_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');

interface CronJson {
  readonly name: string;
  readonly firings: number;
  readonly next_fire_at: string | null;
  readonly last_execution: { readonly state: string; readonly finished: unknown } | null;
}

async function startServer(dir: string, config: string): Promise<{ url: string; stop: () => Promise<string> }> {
  const server = spawnObelisk(['server', 'run', '-c', config], { cwd: dir, env: { XDG_CACHE_HOME: CACHE_HOME } });
  await server.waitFor(({ stderr }) => /obelisk server listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr), 60_000);
  const url = /listening on (http:\/\/\S+)/.exec(server.stderr())?.[1] ?? '';
  return {
    url,
    stop: async () => {
      server.process.kill('SIGTERM');
      const exit = await server.exited;
      expect(exit.code).toBe(0);
      return exit.stderr;
    },
  };
}

async function cronList(dir: string, url: string): Promise<CronJson[]> {
  const result = await runObelisk(['cron', 'list', '--json', '--api-url', url], { cwd: dir });
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { crons: CronJson[] }).crons;
}

/** The scheduled instants (the ULID time of each cron execution ID), sorted. */
async function firedInstants(url: string): Promise<number[]> {
  const response = await fetch(`${url}/v1/executions?limit=1000`);
  const page = (await response.json()) as { executions: { execution_id: string }[] };
  return page.executions.map((e) => ulidTime(e.execution_id.slice(2))).sort((a, b) => a - b);
}

describe('cron with obelisk server run', () => {
  test(
    'fires every second, survives a restart, and catches up once with catch_up = "latest"',
    { tags: ['slow'] },
    async () => {
      const dir = makeTempDir('obelisk-cron-');
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
          '[[cron]]',
          'name = "every-second"',
          `ffqn = "${watActivityFfqn('ok')}"`,
          'params = [41]',
          'every = { seconds = 1 }',
          'catch_up = "latest"',
          '',
        ].join('\n'),
      );
      const first = await startServer(dir, config);
      const running = await eventually(
        () => cronList(dir, first.url),
        (crons) => (crons[0]?.firings ?? 0) >= 3 && crons[0]?.last_execution?.state === 'finished',
        20_000,
      );
      expect(running[0]).toMatchObject({
        name: 'every-second',
        last_execution: { finished: { kind: 'ok', value: 42 } },
      });
      const table = await runObelisk(['cron', 'list', '--api-url', first.url], { cwd: dir });
      expect(table.stdout).toMatch(/^NAME\s+SCHEDULE\s+NEXT\s+FIRINGS\s+LAST EXECUTION\n/);
      expect(table.stdout).toContain('every-second  every 1s');
      await first.stop();
      const beforeStop = await firedInstants(first.url).catch(() => null);
      expect(beforeStop).toBeNull(); // the server is down
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const second = await startServer(dir, config);
      const after = await eventually(
        () => firedInstants(second.url),
        (instants) => instants.length >= running[0]!.firings + 3,
        20_000,
      );
      const stderr = await second.stop();
      // The instants fired form two contiguous runs: before the stop, and from the catch-up on.
      const gaps = after.slice(1).map((t, i) => t - (after[i] as number));
      const downtime = gaps.filter((gap) => gap !== 1000);
      expect(downtime.length).toBe(1);
      expect(downtime[0]).toBeGreaterThanOrEqual(3000);
      expect(stderr).toMatch(/cron every-second: \d+ missed firing\(s\) skipped \(catch_up = latest\)/);
      expect(new Set(after).size).toBe(after.length);
    },
  );
});
