/**
 * `obelisk execution ...`: the BUILT CLI against an API server started in this process (an
 * engine with WAT fixtures on an in-memory store). Output contract: results on stdout,
 * progress and errors on stderr; exit 0 ok, 1 failure or a result that is not ok, 2 usage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine, Store } from '../../src/engine/index.js';
import { startApiServer, type ApiServer } from '../../src/server/index.js';
import { ExecutionPage, ExecutionStatus, ResultBody, Submitted } from '../../src/wire/executions.js';
import { EventsBody, LogsBody } from '../../src/wire/history.js';
import { createProgram } from '../../src/program.js';
import { REPO_ROOT, runObelisk, type RunResult } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';
import { buildEngine, FFQN } from '../integration/server/harness.js';

let engine: Engine;
let store: Store;
let api: ApiServer;

beforeAll(async () => {
  ({ engine, store } = await buildEngine());
  engine.start();
  api = await startApiServer({ engine, host: '127.0.0.1', port: 0, version: 'e2e' });
});

afterAll(async () => {
  await api.close();
  await engine.stop(0);
  await store.close();
});

/** Runs the CLI against the test server (through OBELISK_API_URL unless `--api-url` is given). */
function cli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<RunResult> {
  return runObelisk(args, {
    cwd: options.cwd,
    env: { OBELISK_API_URL: api.url, OBELISK_API_TOKEN: undefined, OBELISK__API__TOKEN: undefined, ...options.env },
  });
}

/** Parses stdout as JSON and checks it against `schema` (exactly: no missing, no extra fields). */
function jsonOf<T>(result: RunResult, schema: { parse(value: unknown): T }): T {
  const value: unknown = JSON.parse(result.stdout);
  expect(schema.parse(value)).toEqual(value);
  return value as T;
}

describe('obelisk execution submit', () => {
  test('prints the execution ID; get, result and list then show it', async () => {
    const submitted = await cli(['execution', 'submit', FFQN.addOne, '[41]']);
    expect(submitted.stderr).toBe('');
    expect(submitted.code).toBe(0);
    const id = submitted.stdout.trim();
    expect(id).toMatch(/^E_[0-9A-Z]{26}$/);
    await engine.awaitResult(id, { timeoutMs: 20_000 });

    const result = await cli(['execution', 'result', id]);
    expect(result).toMatchObject({ code: 0, stdout: '{"ok":42}\n', stderr: '' });

    const get = await cli(['execution', 'get', id]);
    expect(get.code).toBe(0);
    expect(get.stdout).toContain(
      `execution  ${id}\nfunction   ${FFQN.addOne}\nstate      finished\nresult     {"ok":42}\nparams     [41]\n`,
    );

    const list = await cli(['execution', 'list', '--execution-id', id]);
    expect(list.code).toBe(0);
    const [header, row] = list.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+FFQN\s+STATE\s+CREATED\s+RESULT$/);
    expect(row?.split(/\s{2,}/)).toEqual([
      id,
      FFQN.addOne,
      'finished',
      expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      'ok 42',
    ]);
  });

  test('--follow prints progress on stderr and the return value on stdout, exit 0 for ok', async () => {
    const result = await cli(['execution', 'submit', FFQN.chain, '[3]', '--follow']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('{"ok":3}\n');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^E_\\w+ submitted \\(${FFQN.chain.replaceAll('.', '\\.')}\\)$`));
    expect(lines[lines.length - 1]).toMatch(/^E_\w+ finished$/);
  });

  test('--follow exits 1 when the function returns err, printing the err value', async () => {
    const result = await cli(['execution', 'submit', FFQN.fail, '["boom"]', '--follow']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('{"err":"boom"}\n');
  });

  test('--json prints the submission, and with --follow the result', async () => {
    const submitted = jsonOf(await cli(['execution', 'submit', FFQN.addOne, '[1]', '--json']), Submitted);
    expect(submitted).toMatchObject({ ffqn: FFQN.addOne, created: true });
    const followed = await cli(['execution', 'submit', FFQN.addOne, '[1]', '--follow', '--json']);
    expect(followed.code).toBe(0);
    expect(jsonOf(followed, ResultBody)).toMatchObject({ state: 'finished', finished: { kind: 'ok', value: 2 } });
  });

  test('a short FFQN is resolved when unambiguous and refused with the candidates when not', async () => {
    const unique = await cli(['execution', 'submit', '.../chain.run', '[1]', '--follow']);
    expect(unique).toMatchObject({ code: 0, stdout: '{"ok":1}\n' });
    const ambiguous = await cli(['execution', 'submit', '.../ok.add-one', '[1]']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stdout).toBe('');
    expect(ambiguous.stderr).toBe(
      `error: ".../ok.add-one" matches 2 functions: ${FFQN.addOne}, ${FFQN.twin}\nhint: pass the full FFQN (namespace:package/interface.function)\n`,
    );
  });

  test('parameters of the wrong type are refused with the JSON path of the bad value', async () => {
    const result = await cli(['execution', 'submit', FFQN.stdio, '["fine", 7]']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: invalid parameters for ${FFQN.stdio}: params[1]: expected string, got 7\nhint: expected a JSON array of 2 parameters (out, err)\n`,
    );
  });

  test('parameters may come from @file.json or as JSON values after --', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'params.json'), '[9]');
    writeFileSync(join(dir, 'one.json'), '"from a file"');
    expect(await cli(['execution', 'submit', FFQN.addOne, '@params.json', '--follow'], { cwd: dir })).toMatchObject({
      code: 0,
      stdout: '{"ok":10}\n',
    });
    expect(await cli(['execution', 'submit', FFQN.addOne, '--follow', '--', '4'])).toMatchObject({
      code: 0,
      stdout: '{"ok":5}\n',
    });
    const mixed = await cli(['execution', 'submit', FFQN.stdio, '--follow', '--', '"out"', '@one.json'], { cwd: dir });
    expect(mixed.code).toBe(0);
  });

  test('malformed parameters and wrong flags are usage errors (exit 2)', async () => {
    const badJson = await cli(['execution', 'submit', FFQN.addOne, '[1']);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/^error: the parameter array is not valid JSON: /);
    const notArray = await cli(['execution', 'submit', FFQN.addOne, '5']);
    expect(notArray.code).toBe(2);
    expect(notArray.stderr).toContain('error: the parameters must be a JSON array, got 5');
    expect((await cli(['execution', 'submit'])).code).toBe(2);
    expect((await cli(['execution', 'list', '--limit', '1001'])).code).toBe(2);
    expect((await cli(['execution', 'list', '--state', 'sleeping'])).code).toBe(2);
  });

  test('the same --execution-id with the same parameters is a no-op', async () => {
    const id = (await cli(['execution', 'submit', FFQN.addOne, '[7]'])).stdout.trim();
    const again = await cli(['execution', 'submit', FFQN.addOne, '[7]', '--execution-id', id]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${id}\n`);
    expect(again.stderr).toBe(`note: ${id} was already submitted with the same parameters; nothing changed\n`);
    const different = await cli(['execution', 'submit', FFQN.addOne, '[8]', '--execution-id', id]);
    expect(different.code).toBe(1);
    expect(different.stderr).toMatch(/^error: /);
  });
});

describe('obelisk execution get, result, list, events, logs, cancel', () => {
  test('--json prints the API shapes', async () => {
    const id = (await cli(['execution', 'submit', FFQN.chain, '[2]'])).stdout.trim();
    await engine.awaitResult(id, { timeoutMs: 20_000 });
    expect(jsonOf(await cli(['execution', 'get', id, '--json']), ExecutionStatus)).toMatchObject({
      execution_id: id,
      state: 'finished',
    });
    expect(jsonOf(await cli(['execution', 'result', id, '--json']), ResultBody)).toEqual({
      execution_id: id,
      state: 'finished',
      finished: { kind: 'ok', value: 2 },
    });
    const page = jsonOf(
      await cli(['execution', 'list', '--show-derived', '--execution-id', id, '--json']),
      ExecutionPage,
    );
    expect(page.executions.map((e) => e.parent_id)).toEqual([id, id, null]);
    const events = jsonOf(await cli(['execution', 'events', id, '--json']), EventsBody);
    expect(events.events[0]?.event.type).toBe('created');
    expect(jsonOf(await cli(['--json', 'execution', 'logs', id]), LogsBody)).toEqual({ logs: [], next_after: 0 });
  });

  test('events prints one line per event, from created to finished', async () => {
    const id = (await cli(['execution', 'submit', FFQN.chain, '[1]'])).stdout.trim();
    await engine.awaitResult(id, { timeoutMs: 20_000 });
    const result = await cli(['execution', 'events', id]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^ {3}0  \\S+  created ${FFQN.chain.replaceAll('.', '\\.')}\\(\\[1\\]\\) queue default, scheduled at \\S+$`,
      ),
    );
    expect(
      lines.some((line) =>
        / {2}join-set-request o:1: E_\w+\.o:1_1 testing:activities\/ok@1\.0\.0\.add-one\(\[0\]\)$/.test(line),
      ),
    ).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/ {2}finished ok 1$/);
  });

  test('logs prints the guest output and log records', async () => {
    const stdio = await cli(['execution', 'submit', FFQN.stdio, '["to out", "to err"]', '--follow']);
    const id = stdio.stderr.split(' ')[0] ?? '';
    const all = await cli(['execution', 'logs', id]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^\S+ {2}stdout {2}to out\n\S+ {2}stderr {2}to err\n$/);
    expect((await cli(['execution', 'logs', id, '--stream', 'stderr'])).stdout).toMatch(/^\S+ {2}stderr {2}to err\n$/);
    const workflow = await cli(['execution', 'submit', FFQN.logging, '[]', '--follow']);
    const workflowId = workflow.stderr.split(' ')[0] ?? '';
    expect((await cli(['execution', 'logs', workflowId, '--level', 'warn'])).stdout).toMatch(
      /^\S+ {2}WARN {4}ctx: after\n$/,
    );
  });

  test('result without --follow of an unfinished execution is an error; cancel stops it and result says how it ended', async () => {
    const id = (await cli(['execution', 'submit', FFQN.sleep, '[60000]'])).stdout.trim();
    const early = await cli(['execution', 'result', id]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(
      new RegExp(`^error: ${id} has not finished \\(state: (pending|locked)\\)\nhint: pass --follow to wait for it\n$`),
    );
    const cancel = await cli(['execution', 'cancel', id]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toMatch(
      new RegExp(
        `^(${id} cancelled|${id}: cancellation requested; it finishes as cancelled once its executor stops it)\n$`,
      ),
    );
    const result = await cli(['execution', 'result', id, '--follow']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`${id} failed: cancelled`));
    expect(await cli(['execution', 'cancel', id, '--json'])).toMatchObject({
      code: 0,
      stdout: `{"execution_id":"${id}","outcome":"already-finished"}\n`,
    });
  });

  test('an unknown execution is exit 1 with the API error', async () => {
    const result = await cli(['execution', 'get', 'E_01ARZ3NDEKTSV4RRFFQ69G5FAV']);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'error: execution not found: E_01ARZ3NDEKTSV4RRFFQ69G5FAV\n',
    });
  });

  test('stub writes a stub result and replay checks a workflow', async () => {
    const id = (await cli(['execution', 'submit', FFQN.approve, '[3]'])).stdout.trim();
    expect(await cli(['execution', 'stub', id, '{"ok": "carol"}'])).toMatchObject({
      code: 0,
      stdout: `${id}: result written\n`,
    });
    expect(await cli(['execution', 'result', id])).toMatchObject({ code: 0, stdout: '{"ok":"carol"}\n' });
    expect((await cli(['execution', 'stub', id, '"carol"'])).code).toBe(2);
    const workflow = (await cli(['execution', 'submit', FFQN.chain, '[1]', '--json', '--follow'])).stdout;
    const workflowId = (JSON.parse(workflow) as { execution_id: string }).execution_id;
    expect(await cli(['execution', 'replay', workflowId])).toMatchObject({
      code: 0,
      stdout: `${workflowId}: the replay made the same decisions as the log\n`,
    });
  });
});

describe('reaching the server', () => {
  test('an unreachable server gives the "cannot reach" message and exit 1', async () => {
    const result = await cli(['execution', 'list', '--api-url', 'http://127.0.0.1:1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: cannot reach the server at http://127.0.0.1:1: is `obelisk dev` or `obelisk server run` running? (set --api-url or OBELISK_API_URL)\n',
    );
  });

  test('the token comes from --api-token or OBELISK_API_TOKEN', async () => {
    const guarded = await startApiServer({
      engine,
      host: '127.0.0.1',
      port: 0,
      token: 'e2e-token',
      version: 'e2e',
    });
    try {
      const denied = await cli(['execution', 'list', '--api-url', guarded.url]);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toBe(
        'error: this server requires an API token\nhint: pass the token as `Authorization: Bearer <token>` (CLI: --api-token or OBELISK_API_TOKEN)\n',
      );
      expect((await cli(['execution', 'list', '--api-url', guarded.url, '--api-token', 'e2e-token'])).code).toBe(0);
      expect(
        (await cli(['execution', 'list'], { env: { OBELISK_API_URL: guarded.url, OBELISK_API_TOKEN: 'e2e-token' } }))
          .code,
      ).toBe(0);
      expect(
        (await cli(['execution', 'list'], { env: { OBELISK_API_URL: guarded.url, OBELISK__API__TOKEN: 'e2e-token' } }))
          .code,
      ).toBe(0);
    } finally {
      await guarded.close();
    }
  });
});

describe('documentation', () => {
  test('docs/cli-json.md has the --json shape of every client command', async () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'cli-json.md'), 'utf8');
    const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {}, cwd: REPO_ROOT };
    const program = await createProgram(io);
    for (const group of ['execution', 'component']) {
      const commands = program.commands.find((c) => c.name() === group)?.commands ?? [];
      expect(commands.length).toBeGreaterThan(2);
      for (const command of commands) {
        expect(doc, `${group} ${command.name()}`).toMatch(
          new RegExp(`(\\| \`${command.name()}[\` ]|\`${group} ${command.name()} )`),
        );
      }
    }
  });
});
