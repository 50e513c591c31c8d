/**
 * The TUI follows the terminal: escape sequences for colour only when colour is on (the command
 * turns it off for NO_COLOR, OBELISK_NO_COLOR and --no-color through the global `color`
 * option), and the layout follows a resize of the terminal.
 */
import { describe, expect, test } from 'vitest';
import { createApiClient } from '../../../src/client/index.js';
import { apiHarness, FFQN, type ApiHarness } from '../server/harness.js';

// Colour support is decided when the colour library loads: force it, so that `color` alone decides.
const forceColor = process.env['FORCE_COLOR'];
process.env['FORCE_COLOR'] = '3';
const { render } = await import('ink-testing-library');
const { App } = await import('../../../src/tui/App.js');
if (forceColor === undefined) {
  delete process.env['FORCE_COLOR'];
} else {
  process.env['FORCE_COLOR'] = forceColor;
}

const ESC = String.fromCharCode(27);

/** A foreground colour (basic, bright, 256 or true colour); inverse and bold are not colour. */
const COLOUR = new RegExp(`${ESC}\\[(?:3[0-79]|9[0-7]|38;)`);

async function until(frame: () => string | undefined, wanted: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = frame() ?? '';
    if (wanted.test(text)) {
      return text;
    }
    if (Date.now() > deadline) throw new Error(`screen never showed ${String(wanted)}; last screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function withExecution(): Promise<ApiHarness> {
  const h = await apiHarness({ start: false });
  const response = await h.request('POST', '/v1/executions', { body: { ffqn: FFQN.addOne, params: [1] } });
  expect(response.status).toBe(201);
  return h;
}

/** The screen as seen: without the escape sequences of colours and inverse video. */
const strip = (text: string): string => text.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');

describe('the TUI screen', () => {
  test('colour off: no colour sequences; colour on: the state is coloured', async () => {
    const h = await withExecution();
    const api = createApiClient({ baseUrl: h.url });
    const plain = render(<App api={api} color={false} refreshMs={100} size={{ columns: 100, rows: 16 }} />);
    const coloured = render(<App api={api} color={true} refreshMs={100} size={{ columns: 100, rows: 16 }} />);
    try {
      const plainScreen = await until(plain.lastFrame, /add-one\s+pending/);
      expect(plainScreen).not.toMatch(COLOUR);
      const colouredScreen = await until(coloured.lastFrame, /add-one\S*\s+\S*pending/);
      expect(colouredScreen).toMatch(COLOUR);
      expect(strip(colouredScreen)).toMatch(/add-one\s+pending/);
    } finally {
      plain.unmount();
      coloured.unmount();
    }
  });

  test('after a resize the screen is laid out again for the new width', async () => {
    const h = await withExecution();
    const api = createApiClient({ baseUrl: h.url });
    const app = render(<App api={api} color={false} refreshMs={100} size={{ columns: 100, rows: 16 }} />);
    try {
      const wide = await until(app.lastFrame, /add-one\s+pending/);
      expect(
        Math.max(
          ...strip(wide)
            .split('\n')
            .map((line) => line.length),
        ),
      ).toBeGreaterThan(60);
      Object.defineProperty(app.stdout, 'columns', { get: () => 60, configurable: true });
      app.stdout.emit('resize');
      const narrow = await until(app.lastFrame, /pending/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const lines = strip(app.lastFrame() ?? narrow).split('\n');
      expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(60);
      expect(lines.join('\n')).toMatch(/pending/);
    } finally {
      app.unmount();
    }
  });
});
