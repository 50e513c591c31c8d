/**
 * The TUI's screens rendered with ink-testing-library against a real API server (the server
 * harness: WAT activities and workflows, a stub activity): the live list, filters, paging, the
 * detail with its tabs and child tree, the functions view and submit form, actions, and
 * "reconnecting" when the server goes away.
 */
import { render } from 'ink-testing-library';
import { describe, expect, test } from 'vitest';
import { createApiClient } from '../../../src/client/index.js';
import { App } from '../../../src/tui/App.js';
import { apiHarness, FFQN, type ApiHarness } from '../server/harness.js';

const KEY = { enter: '\r', down: '\u001b[B', up: '\u001b[A', escape: '\u001b', tab: '\t', right: '\u001b[C' } as const;

/**
 * Waits until the screen shows `wanted`, then a little longer: Ink subscribes a newly shown
 * screen's key handler just after drawing it, and a real user never types within those milliseconds.
 */
async function until(
  frame: () => string | undefined,
  wanted: string | RegExp | ((screen: string) => boolean),
  timeoutMs = 15_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = frame() ?? '';
    const found =
      typeof wanted === 'string'
        ? text.includes(wanted)
        : typeof wanted === 'function'
          ? wanted(text)
          : wanted.test(text);
    if (found) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return frame() ?? '';
    }
    if (Date.now() > deadline) throw new Error(`screen never showed ${String(wanted)}; last screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function submit(h: ApiHarness, ffqn: string, params: unknown[], extra: object = {}): Promise<string> {
  const response = await h.request('POST', '/v1/executions', { body: { ffqn, params, ...extra } });
  expect(response.status).toBe(201);
  return response.json.execution_id as string;
}

function renderApp(h: ApiHarness, rows = 16) {
  const api = createApiClient({ baseUrl: h.url });
  const app = render(<App api={api} color={false} refreshMs={100} size={{ columns: 100, rows }} />);
  const press = async (...keys: string[]): Promise<void> => {
    for (const key of keys) {
      app.stdin.write(key);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
  };
  return { ...app, press };
}

describe('the TUI against a real server', () => {
  test('the list is live, filters by state and function, and pages one page at a time', async () => {
    const h = await apiHarness({ start: false });
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) ids.push(await submit(h, FFQN.addOne, [i]));
    const app = renderApp(h, 12); // 12 rows: 5 executions a page
    let screen = await until(app.lastFrame, /add-one\s+pending/);
    expect(screen).toMatch(/ID\s+FUNCTION\s+STATE\s+CREATED\s+TOOK\s+RESULT/);
    expect(screen.match(/ok\.add-one\s+pending/g)).toHaveLength(5);
    await app.press(']');
    screen = await until(app.lastFrame, (text) => text.includes('page 2') && /add-one/.test(text));
    expect(screen.match(/ok\.add-one\s+pending/g)).toHaveLength(2);
    await app.press('[');
    await until(app.lastFrame, 'page 1');
    const approval = await submit(h, FFQN.approve, [1]);
    screen = await until(app.lastFrame, 'approval.approve'); // new executions appear without a key press
    await app.press('s', 's'); // all -> pending -> locked
    screen = await until(app.lastFrame, 'state: locked');
    await until(app.lastFrame, 'no executions');
    await app.press('x', 'f', ...'testing:stubs', KEY.enter);
    screen = await until(app.lastFrame, 'function: testing:stubs');
    await until(app.lastFrame, /approval\.approve\s+pending/);
    expect(app.lastFrame()).not.toContain('ok.add-one');
    await app.press('x', '/', ...approval.slice(0, 20), KEY.enter);
    await until(app.lastFrame, 'id: ' + approval.slice(0, 20));
    app.unmount();
  });

  test('the detail shows params and result by WIT type, the timeline, the child tree, and drills into a child', async () => {
    const h = await apiHarness();
    const id = await submit(h, FFQN.chain, [2]);
    await h.engine.awaitResult(id, { timeoutMs: 30_000 });
    const app = renderApp(h, 20);
    await until(app.lastFrame, 'chain.run');
    await app.press(KEY.enter);
    let screen = await until(app.lastFrame, 'result');
    await until(app.lastFrame, 'ok(2)');
    screen = app.lastFrame() ?? '';
    expect(screen).toContain(`execution ${id}`);
    expect(screen).toMatch(/parameters\n\s+k: 2/);
    await app.press('2');
    screen = await until(app.lastFrame, 'finished: ok 2');
    expect(screen).toMatch(/locked by Exr_/);
    expect(screen).toMatch(/request child .*add-one/);
    await app.press('3');
    screen = await until(app.lastFrame, 'children (2)');
    expect(screen).toMatch(/add-one finished/);
    await app.press(KEY.enter);
    screen = await until(app.lastFrame, new RegExp(`execution ${id.replace('.', '\\.')}\\.`));
    await until(app.lastFrame, 'n: 0');
    await app.press(KEY.escape);
    await until(app.lastFrame, `execution ${id}\n`);
    app.unmount();
  });

  test('a function is submitted through its form, validated first, and its detail opens', async () => {
    const h = await apiHarness();
    const app = renderApp(h, 20);
    await until(app.lastFrame, 'page 1');
    await app.press(KEY.tab);
    await until(app.lastFrame, 'add-one(n: u64) -> result<u64, string>');
    let screen = app.lastFrame() ?? '';
    const rows = screen.split('\n').filter((line) => line.startsWith('testing:'));
    const index = rows.findIndex((line) => line.startsWith('testing:activities/ok@'));
    await app.press(...Array<string>(index).fill(KEY.down), KEY.enter);
    await until(app.lastFrame, 'n: ▏');
    await app.press('x', KEY.enter);
    await until(app.lastFrame, 'params[0]: expected an integer (u64), got "x"');
    await app.press('\u007f', '4', '1', KEY.enter);
    screen = await until(app.lastFrame, 'ok(42)');
    expect(screen).toMatch(/submitted E_/);
    app.unmount();
  });

  test('actions: pause / unpause, cancel after confirming, stub through a form from the return type', async () => {
    const h = await apiHarness({ start: false });
    const id = await submit(h, FFQN.addOne, [1]);
    const app = renderApp(h);
    await until(app.lastFrame, /add-one\s+pending/);
    await app.press('p');
    await until(app.lastFrame, /add-one\s+paused/);
    expect((await h.engine.getStatus(id)).paused).toBe(true);
    await app.press('p');
    await until(app.lastFrame, /add-one\s+pending/);
    await app.press('c');
    await until(app.lastFrame, `cancel ${id}? (y/n)`);
    await app.press('n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await h.engine.getStatus(id)).summaryState).toBe('pending');
    await app.press('c', 'y');
    await until(app.lastFrame, `cancel ${id}: cancelled`);
    await until(app.lastFrame, /add-one\s+finished\s+\S+\s+\S+\s+cancelled/);
    const stubbed = await submit(h, FFQN.approve, [7]);
    await until(app.lastFrame, 'approval.approve');
    await app.press('t');
    await until(app.lastFrame, `stub result of ${stubbed}`);
    await app.press(KEY.down, ...'alice', KEY.enter);
    await until(app.lastFrame, `stub result written for ${stubbed}`);
    expect((await h.engine.getStatus(stubbed)).state).toMatchObject({ type: 'finished', result: { value: 'alice' } });
    app.unmount();
  });

  test('shows "reconnecting" while the server is away, and ? lists the keys', async () => {
    const h = await apiHarness({ start: false });
    const app = renderApp(h);
    await until(app.lastFrame, `connected to ${h.url}`);
    await app.press('?');
    await until(app.lastFrame, 'keys · any key closes this');
    expect(app.lastFrame()).toContain('pause / unpause');
    await app.press(' ');
    await h.api.close();
    await until(app.lastFrame, `reconnecting to ${h.url}…`);
    app.unmount();
  });
});
