/**
 * `obelisk tui` in a real terminal: test/e2e/tui-session.sh runs `obelisk dev --example fibo`,
 * opens the TUI in an 80x24 tmux pane and drives it (submit through the form, list, detail,
 * child tree, cancel, pause / unpause, quit), reading the screen with capture-pane at each step.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../helpers/bin.js';

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
