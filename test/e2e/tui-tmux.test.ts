/**
 * `obelisk tui` in a real terminal: test/e2e/tui-session.sh runs `obelisk dev --example fibo`,
 * opens the TUI in an 80x24 tmux pane and drives it (submit through the form, list, detail,
 * child tree, cancel, pause / unpause, quit), reading the screen with capture-pane at each step.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, runObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe('obelisk tui in tmux', () => {
  test.skipIf(!hasTmux)('drives the fibo example through the TUI', { tags: ['slow'], timeout: 600_000 }, () => {
    const run = spawnSync('bash', [join(REPO_ROOT, 'test', 'e2e', 'tui-session.sh')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 580_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr, run.stdout).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/=== submit form: workflow\.fiboa ===[\s\S]*n: 10\n\s*iterations: 5/);
    expect(run.stdout).toMatch(/=== executions list ===[\s\S]*workflow\.fiboa +finished .* ok 275/);
    expect(run.stdout).toMatch(/=== child tree ===[\s\S]*\.o:5_1 fibo\.fibo finished/);
    expect(run.stdout).toContain('tui session: all steps passed');
  });
});

describe('obelisk dev --tui', () => {
  test('without a terminal it is a usage error', async () => {
    const run = await runObelisk(['dev', '--example', 'fibo', '--tui'], {
      env: { XDG_DATA_HOME: makeTempDir('obelisk-devtui-') },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--tui needs a terminal/);
  });

  test.skipIf(!hasTmux)(
    'shows the TUI in the dev process; q stops dev',
    { tags: ['slow'], timeout: 120_000 },
    async () => {
      const data = makeTempDir('obelisk-devtui-');
      const socket = `obelisk-devtui-${process.pid}`;
      const tmux = (...args: string[]) =>
        spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
      const port = await freePort();
      const command = `XDG_DATA_HOME=${data} OBELISK__API__LISTENING_ADDR=127.0.0.1:${port} node ${join(REPO_ROOT, 'bin', 'obelisk.js')} dev --example fibo --tui; echo DEV-EXITED $?; sleep 60`;
      try {
        tmux('new-session', '-d', '-s', 'dev', '-x', '80', '-y', '24', command);
        const screen = () => tmux('capture-pane', '-p', '-t', 'dev').stdout;
        const until = async (pattern: RegExp): Promise<string> => {
          const deadline = Date.now() + 90_000;
          while (!pattern.test(screen())) {
            if (Date.now() > deadline) throw new Error(`never showed ${String(pattern)}:\n${screen()}`);
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          return screen();
        };
        await until(new RegExp(`connected to http://127\\.0\\.0\\.1:${port}`));
        expect(screen()).toContain('obelisk · executions');
        tmux('send-keys', '-t', 'dev', 'q');
        const after = await until(/DEV-EXITED \d+/);
        expect(after).toContain('DEV-EXITED 0');
        expect(after).toMatch(/the TUI was closed: stopping/);
        expect(readFileSync(join(data, 'obelisk', 'examples', 'fibo', 'dev.log'), 'utf8')).toMatch(/API listening on/);
      } finally {
        tmux('kill-server');
      }
    },
  );
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
