/**
 * `obelisk dev` as a newcomer meets it: the built CLI in an empty folder with no TTY, the
 * bundled fibo example, no obelisk.toml; then the same under repeated SIGKILLs.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildWatActivity, watActivityFfqn } from '../fixtures/wat/activities.js';
import { REPO_ROOT, runObelisk, spawnObelisk, type SpawnedObelisk } from '../helpers/bin.js';
import { eventually } from '../helpers/eventually.js';
import { makeTempDir } from '../helpers/tmp.js';

const FIBOA = 'testing:fibo-workflow/workflow.fiboa';
/** Shared by the e2e tests: components are transpiled once per checkout, not per test. */
const CACHE_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');

interface Dev {
  readonly process: SpawnedObelisk;
  readonly url: string;
}

async function startDev(cwd: string, dataHome: string, extra: readonly string[] = []): Promise<Dev> {
  mkdirSync(CACHE_HOME, { recursive: true });
  const process = spawnObelisk(['dev', '--example', 'fibo', ...extra], {
    cwd,
    env: {
      XDG_DATA_HOME: dataHome,
      XDG_CACHE_HOME: CACHE_HOME,
      OBELISK__API__LISTENING_ADDR: '127.0.0.1:0',
      HOME: dataHome,
    },
  });
  await process.waitFor(({ stderr }) => stderr.includes('Ready.'), 90_000);
  const url = /API: +(http:\/\/\S+)/.exec(process.stderr())?.[1];
  if (url === undefined) {
    throw new Error(`no API URL in the banner:\n${process.stderr()}`);
  }
  return { process, url };
}

/** The API's state of each of `ids` (one list request; `missing` for an ID the page does not hold). */
async function statesOf(url: string, ids: readonly string[]): Promise<string[]> {
  const response = await fetch(`${url}/v1/executions?limit=1000`);
  const body = (await response.json()) as { executions: { execution_id: string; state: string }[] };
  const byId = new Map(body.executions.map((e) => [e.execution_id, e.state]));
  return ids.map((id) => byId.get(id) ?? 'missing');
}

async function stopDev(dev: Dev, signal: NodeJS.Signals): Promise<void> {
  dev.process.process.kill(signal);
  await dev.process.exited;
}

describe('obelisk dev --example fibo', { tags: ['slow'] }, () => {
  test('a newcomer runs the example in an empty folder, submits, lists, reads events, restarts', async () => {
    const cwd = makeTempDir('obelisk-newcomer-');
    const dataHome = makeTempDir('obelisk-data-');
    const first = await startDev(cwd, dataHome);
    const banner = first.process.stderr();
    expect(banner).toContain(`data:      ${join(dataHome, 'obelisk', 'examples', 'fibo')}`);
    expect(banner).toContain(`obelisk execution submit --follow --api-url ${first.url} ${FIBOA} '[10, 20]'`);

    const submit = await runObelisk(['execution', 'submit', '--follow', '--api-url', first.url, FIBOA, '[10, 20]'], {
      cwd,
    });
    expect(submit.stdout.trim()).toBe('{"ok":1100}');
    expect(submit.code).toBe(0);

    const list = await runObelisk(['execution', 'list', '--json', '--api-url', first.url], { cwd });
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as {
      executions: { execution_id: string; ffqn: string; state: string; finished: unknown }[];
    };
    expect(listed.executions).toHaveLength(1);
    const [execution] = listed.executions;
    expect(execution).toMatchObject({ ffqn: FIBOA, state: 'finished', finished: { kind: 'ok', value: 1100 } });
    const id = execution?.execution_id ?? '';

    const events = await runObelisk(['execution', 'events', id, '--api-url', first.url], { cwd });
    expect(events.code).toBe(0);
    expect(events.stdout).toContain('created');
    expect(events.stdout).toContain('finished');

    await stopDev(first, 'SIGINT');
    expect(first.process.stderr()).toContain('SIGINT: stopping');

    const second = await startDev(cwd, dataHome);
    const relisted = await runObelisk(['execution', 'list', '--json', '--api-url', second.url], { cwd });
    expect((JSON.parse(relisted.stdout) as typeof listed).executions.map((e) => e.execution_id)).toEqual([id]);
    await stopDev(second, 'SIGTERM');
    expect(readdirSync(cwd)).toEqual([]);
  });

  test('a second dev on the same data folder fails with a clear message', async () => {
    const cwd = makeTempDir('obelisk-newcomer-');
    const dataHome = makeTempDir('obelisk-data-');
    const first = await startDev(cwd, dataHome);
    try {
      const second = await runObelisk(['dev', '--example', 'fibo'], {
        cwd,
        env: { XDG_DATA_HOME: dataHome, XDG_CACHE_HOME: CACHE_HOME, OBELISK__API__LISTENING_ADDR: '127.0.0.1:0' },
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/another obelisk dev \(process \d+\) is already using the data folder/);
    } finally {
      await stopDev(first, 'SIGTERM');
    }
  });

  test('an address in use names the key to change', async () => {
    const cwd = makeTempDir('obelisk-newcomer-');
    const dataHome = makeTempDir('obelisk-data-');
    const first = await startDev(cwd, dataHome);
    try {
      const port = new URL(first.url).port;
      const other = makeTempDir('obelisk-data-');
      const second = await runObelisk(['dev', '--example', 'fibo'], {
        cwd,
        env: { XDG_DATA_HOME: other, XDG_CACHE_HOME: CACHE_HOME, OBELISK__API__LISTENING_ADDR: `127.0.0.1:${port}` },
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`the API address 127.0.0.1:${port} is already in use`);
      expect(second.stderr).toContain('api.listening_addr');
    } finally {
      await stopDev(first, 'SIGTERM');
    }
  });

  test('40 workflows in flight survive three SIGKILLs of the dev process with the results of an undisturbed run', async () => {
    const cwd = makeTempDir('obelisk-crashloop-');
    const dataHome = makeTempDir('obelisk-data-');
    let dev = await startDev(cwd, dataHome);
    // Submitted through the HTTP API directly: the subject here is the server, not the CLI.
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await fetch(`${dev.url}/v1/executions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ffqn: FIBOA, params: [10, 10] }),
      });
      expect(response.status).toBe(201);
      ids.push(((await response.json()) as { execution_id: string }).execution_id);
    }
    const unfinishedAtKill: number[] = [];
    for (let kill = 0; kill < 3; kill++) {
      // Kill as soon as work is under way, and prove it was: some of ours still unfinished.
      const states = await eventually(
        () => statesOf(dev.url, ids),
        (now) => now.some((state) => state === 'locked' || state === 'blocked'),
      );
      await stopDev(dev, 'SIGKILL');
      unfinishedAtKill.push(states.filter((state) => state !== 'finished').length);
      dev = await startDev(cwd, dataHome);
    }
    expect(
      unfinishedAtKill.every((count) => count > 0),
      `unfinished at each kill: ${unfinishedAtKill.join(', ')}`,
    ).toBe(true);
    try {
      const [last, ...rest] = [...ids].reverse();
      const followed = await runObelisk(['execution', 'result', '--follow', '--api-url', dev.url, last ?? ''], {
        cwd,
        timeoutMs: 120_000,
      });
      expect(followed.stdout.trim()).toBe('{"ok":550}');
      for (const id of rest) {
        const response = await fetch(`${dev.url}/v1/executions/${id}/result?follow=true`, {
          headers: { accept: 'text/event-stream' },
        });
        expect(await response.text()).toContain('"ok"');
        const status = (await (await fetch(`${dev.url}/v1/executions/${id}`)).json()) as { finished: unknown };
        expect(status.finished).toEqual({ kind: 'ok', value: 550 });
      }
    } finally {
      await stopDev(dev, 'SIGTERM');
    }
  });
});

describe('obelisk dev with an obelisk.toml', { tags: ['slow'] }, () => {
  test('a component that fails to load is reported, the server stays up, and it loads once its file is fixed', async () => {
    const cwd = makeTempDir('obelisk-dev-config-');
    writeFileSync(join(cwd, 'ok.wasm'), 'not a component yet');
    writeFileSync(
      join(cwd, 'obelisk.toml'),
      [
        '[api]',
        'listening_addr = "127.0.0.1:0"',
        '',
        '[[activity_wasm]]',
        'name = "ok"',
        'location.path = "ok.wasm"',
        '',
      ].join('\n'),
    );
    const dev = spawnObelisk(['dev'], { cwd, env: { XDG_CACHE_HOME: CACHE_HOME, HOME: cwd } });
    try {
      await dev.waitFor(({ stderr }) => stderr.includes('Ready.'), 90_000);
      expect(dev.stderr()).toMatch(/component ok failed to load: .*/);
      const url = /API: +(http:\/\/\S+)/.exec(dev.stderr())?.[1] ?? '';
      const before = (await (await fetch(`${url}/v1/functions`)).json()) as { functions: unknown[] };
      expect(before.functions).toEqual([]);
      writeFileSync(join(cwd, 'ok.wasm'), await buildWatActivity('ok'));
      await dev.waitFor(({ stderr }) => stderr.includes('component ok loaded'), 30_000);
      const submit = await runObelisk(
        ['execution', 'submit', '--follow', '--api-url', url, watActivityFfqn('ok'), '[41]'],
        { cwd },
      );
      expect(submit.stdout.trim()).toBe('{"ok":42}');
      expect(readdirSync(cwd).sort()).toEqual(['.obelisk', 'obelisk.toml', 'ok.wasm']);
    } finally {
      dev.process.kill('SIGTERM');
      await dev.exited;
    }
  });
});
