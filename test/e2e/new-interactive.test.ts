/**
 * `obelisk new` on a real terminal: tmux runs it in a pseudo-terminal, the test types the answers
 * (`send-keys`) and reads the screen (`capture-pane`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { BIN } from '../helpers/bin.js';
import { eventually } from '../helpers/eventually.js';
import { makeTempDir } from '../helpers/tmp.js';

const hasTmux = ((): boolean => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

const sessions: string[] = [];
const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

function start(cwd: string, args: readonly string[]): string {
  const session = `obelisk-new-${process.pid}-${sessions.length}`;
  sessions.push(session);
  const command = [process.execPath, BIN, 'new', ...args].map((word) => `'${word}'`).join(' ');
  tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '50', '-c', cwd, `env NO_COLOR=1 ${command}; sleep 30`);
  return session;
}

const screen = (session: string): string => tmux('capture-pane', '-p', '-t', session);

async function waitForScreen(session: string, text: string): Promise<void> {
  await eventually(
    () => Promise.resolve(screen(session)),
    (shown) => shown.includes(text),
    30_000,
  );
}

afterEach(() => {
  for (const session of sessions.splice(0)) {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // already gone
    }
  }
});

describe.skipIf(!hasTmux)('obelisk new on a terminal', () => {
  test('asks for every answer and creates the project', async () => {
    const cwd = makeTempDir('obelisk-tty-');
    const session = start(cwd, []);
    await waitForScreen(session, 'Template');
    expect(screen(session)).toContain('js-activity');
    tmux('send-keys', '-t', session, 'Up', 'Up', 'Up', 'Up', 'Enter'); // ts-workflow (the default) -> js-activity
    await waitForScreen(session, 'Project name');
    tmux('send-keys', '-t', session, '-l', 'shop');
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(session, 'WIT package');
    expect(screen(session)).toContain('app:shop');
    tmux('send-keys', '-t', session, 'C-u');
    tmux('send-keys', '-t', session, '-l', 'Bad:shop');
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(session, 'not a WIT identifier');
    for (let i = 0; i < 8; i++) {
      tmux('send-keys', '-t', session, 'BSpace');
    }
    tmux('send-keys', '-t', session, '-l', 'acme:shop');
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(session, 'Build the components now?');
    tmux('send-keys', '-t', session, '-l', 'n');
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(session, 'Next:');
    expect(screen(session)).toContain('obelisk execution submit --follow acme:shop/greeter.greet \'["World"]\'');
    const project = join(cwd, 'shop');
    expect(readFileSync(join(project, 'wit', 'activity.wit'), 'utf8')).toContain('package acme:shop;');
    expect(existsSync(join(project, 'src', 'activity.js'))).toBe(true);
    expect(existsSync(join(project, 'dist'))).toBe(false);
  });

  test('Ctrl-C at a question leaves nothing behind', async () => {
    const cwd = makeTempDir('obelisk-tty-');
    const session = start(cwd, ['--template', 'ts-workflow']);
    await waitForScreen(session, 'Project name');
    tmux('send-keys', '-t', session, 'C-c');
    await waitForScreen(session, 'cancelled: nothing was written');
    expect(readdirSync(cwd)).toEqual([]);
  });
});
