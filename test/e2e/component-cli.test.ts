/**
 * `obelisk component list|inspect|wit`: the BUILT CLI against an API server started in this
 * process, and on local component files (decoded without a server).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine, Store } from '../../src/engine/index.js';
import { startApiServer, type ApiServer } from '../../src/server/index.js';
import { ComponentsBody, FunctionsBody } from '../../src/wire/components.js';
import { parseWitText } from '../../src/wit/load.js';
import { buildWatActivity } from '../fixtures/wat/activities.js';
import { buildWatWorkflow } from '../fixtures/wat/workflows.js';
import { runObelisk, type RunResult } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';
import { buildEngine, FFQN } from '../integration/server/harness.js';

let engine: Engine;
let store: Store;
let api: ApiServer;
let dir: string;
let okDigest: string;

beforeAll(async () => {
  ({ engine, store } = await buildEngine());
  api = await startApiServer({ engine, host: '127.0.0.1', port: 0, version: 'e2e' });
  dir = makeTempDir();
  const ok = await buildWatActivity('ok');
  writeFileSync(join(dir, 'ok.wasm'), ok);
  writeFileSync(join(dir, 'chain.wasm'), await buildWatWorkflow('chain'));
  writeFileSync(join(dir, 'notes.txt'), 'not a component');
  okDigest = `sha256:${createHash('sha256').update(ok).digest('hex')}`;
});

afterAll(async () => {
  await api.close();
  await engine.stop(0);
  await store.close();
});

function cli(args: readonly string[]): Promise<RunResult> {
  return runObelisk(args, { cwd: dir, env: { OBELISK_API_URL: api.url } });
}

const ADD_ONE = `${FFQN.addOne}: func(n: u64) -> result<u64, string>`;

describe('obelisk component list', () => {
  test('lists every loaded component with its kind, ID and exported functions', async () => {
    const result = await cli(['component', 'list']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const blocks = result.stdout.trimEnd().split('\n\n');
    expect(blocks.map((b) => b.split('  ')[0])).toEqual([
      'approval',
      'chain',
      'err',
      'logging',
      'ok',
      'sleep',
      'stdio',
      'twin',
    ]);
    expect(blocks.find((b) => b.startsWith('ok '))).toBe(`ok  activity_wasm  ${okDigest}\n  export     ${ADD_ONE}`);
  });

  test('--imports and --extensions add the imports and the generated extension functions', async () => {
    const result = await cli(['component', 'list', '--imports', '--extensions']);
    expect(result.code).toBe(0);
    const chain = result.stdout.split('\n\n').find((b) => b.startsWith('chain '));
    expect(chain).toContain('\n  import     testing:activities/ok@1.0.0\n');
    expect(chain).toContain(
      '\n  extension  testing:workflows-obelisk-ext/chain@1.0.0.run-submit: func(join-set: borrow<join-set>, k: u32) -> execution-id',
    );
    const approval = result.stdout.split('\n\n').find((b) => b.startsWith('approval '));
    expect(approval).toContain(
      'testing:stubs-obelisk-stub/approval@1.0.0.approve-stub: func(execution-id: execution-id, execution-result: result<string>) -> result<_, stub-error>',
    );
  });

  test('--json prints the API lists of components and functions', async () => {
    const result = await cli(['component', 'list', '--json', '--extensions']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { components: unknown; functions: unknown };
    expect(Object.keys(json)).toEqual(['components', 'functions']);
    expect(ComponentsBody.parse({ components: json.components })).toEqual({ components: json.components });
    expect(FunctionsBody.parse({ functions: json.functions })).toEqual({ functions: json.functions });
  });
});

describe('obelisk component inspect', () => {
  test('a local .wasm is decoded without a server: ID, guessed kind, exports and imports', async () => {
    const result = await runObelisk(['component', 'inspect', 'ok.wasm'], {
      cwd: dir,
      env: { OBELISK_API_URL: 'http://127.0.0.1:1' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `component  ${okDigest}`,
        'kind       activity_wasm (guessed from its imports and exports)',
        'exports',
        `  ${ADD_ONE}`,
        'imports',
        '  (none)',
        '',
      ].join('\n'),
    );
    const workflow = await cli(['component', 'inspect', 'chain.wasm', '--json']);
    expect(JSON.parse(workflow.stdout)).toMatchObject({
      kind: 'workflow',
      kind_guessed: true,
      source: 'file',
      name: null,
      imports: ['testing:activities/ok@1.0.0'],
    });
  });

  test('a component ID is read from the server, with the same shape', async () => {
    const local = JSON.parse((await cli(['component', 'inspect', 'ok.wasm', '--json'])).stdout) as Record<
      string,
      unknown
    >;
    const loaded = JSON.parse((await cli(['component', 'inspect', okDigest, '--json'])).stdout) as Record<
      string,
      unknown
    >;
    expect(loaded).toEqual({ ...local, name: 'ok', kind_guessed: false, source: 'server' });
    expect(loaded['exports']).toEqual([
      { ffqn: FFQN.addOne, params: [{ name: 'n', type: 'u64' }], result: 'result<u64, string>' },
    ]);
  });

  test('an unknown component ID, a missing file and a file that is not a component are errors', async () => {
    const unknown = await cli(['component', 'inspect', `sha256:${'0'.repeat(64)}`]);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: `error: the server has no component sha256:${'0'.repeat(64)}\nhint: \`obelisk component list\` shows the loaded components\n`,
    });
    const missing = await cli(['component', 'inspect', 'nope.wasm']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: cannot read nope\.wasm: /);
    const text = await cli(['component', 'inspect', 'notes.txt']);
    expect(text).toMatchObject({
      code: 1,
      stderr:
        'error: notes.txt is not a WebAssembly file\nhint: for WIT files and folders use `obelisk wit inspect` / `obelisk wit print`\n',
    });
  });
});

describe('obelisk component wit', () => {
  test('prints the same parseable WIT for a file and for its component ID', async () => {
    const local = await cli(['component', 'wit', 'ok.wasm']);
    expect(local.code).toBe(0);
    expect(local.stdout).toMatch(/^package root:component;\n/);
    expect(local.stdout).toContain('add-one: func(n: u64) -> result<u64, string>;');
    expect(parseWitText(local.stdout).worlds.some((w) => w.name === 'root')).toBe(true);
    const loaded = await cli(['component', 'wit', okDigest, '--json']);
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout)).toEqual({ wit: local.stdout });
  });
});
