/**
 * `obelisk tui`: a live terminal UI over the HTTP API (Ink + React). It talks to the server only
 * through the API client. {@link renderTui} takes over the terminal (alternate screen) until `q`,
 * then restores it.
 */
import { render } from 'ink';
import { createElement } from 'react';
import { createApiClient } from '../client/index.js';
import { App } from './App.js';

export interface TuiOptions {
  readonly apiUrl: string;
  readonly apiToken?: string | undefined;
  /** False with NO_COLOR / --no-color. */
  readonly color: boolean;
  readonly stdin?: NodeJS.ReadStream | undefined;
  readonly stdout?: NodeJS.WriteStream | undefined;
  readonly refreshMs?: number | undefined;
}

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l\u001b[?25h';

/** Runs the TUI until the user quits. */
export async function renderTui(options: TuiOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const api = createApiClient({ baseUrl: options.apiUrl, token: options.apiToken });
  stdout.write(ENTER_ALT_SCREEN);
  const restore = (): void => void stdout.write(LEAVE_ALT_SCREEN);
  process.once('exit', restore);
  try {
    const instance = render(createElement(App, { api, color: options.color, refreshMs: options.refreshMs }), {
      stdout,
      stdin: options.stdin ?? process.stdin,
      exitOnCtrlC: false,
      patchConsole: true,
    });
    await instance.waitUntilExit();
  } finally {
    process.off('exit', restore);
    restore();
  }
}
