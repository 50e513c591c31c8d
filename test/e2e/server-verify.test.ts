import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildWatActivity } from '../fixtures/wat/activities.js';
import { buildWatWebhook } from '../fixtures/wat/webhooks.js';
import { buildWatWorkflow } from '../fixtures/wat/workflows.js';
import { runObelisk, type RunResult } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

/** The stub activity the `stubWait` workflow calls (the same signature as the one it imports). */
const APPROVAL_WIT = `package testing:stubs@1.0.0;
interface approval { approve: func(id: u32) -> result<string>; }
`;

let dir = '';

beforeAll(async () => {
  dir = makeTempDir('obelisk-verify-');
  writeFileSync(join(dir, 'ok.wasm'), await buildWatActivity('ok'));
  writeFileSync(join(dir, 'chain.wasm'), await buildWatWorkflow('chain'));
  writeFileSync(join(dir, 'fanout.wasm'), await buildWatWorkflow('fanout'));
  writeFileSync(join(dir, 'stub-wait.wasm'), await buildWatWorkflow('stubWait'));
  writeFileSync(join(dir, 'approval.wit'), APPROVAL_WIT);
  writeFileSync(join(dir, 'hook.wasm'), await buildWatWebhook('trap'));
});

/** Writes `toml` as a config file in the fixture folder and verifies it, caching codegen in the test's temp folder. */
async function verify(name: string, toml: string, ...flags: string[]): Promise<RunResult> {
  writeFileSync(join(dir, name), toml);
  return runObelisk(['server', 'verify', '-c', name, ...flags], {
    cwd: dir,
    env: { XDG_CACHE_HOME: join(dir, 'cache'), HOME: dir },
  });
}

const component = (section: string, name: string, file: string): string =>
  `[[${section}]]\nname = "${name}"\nlocation.path = "${file}"\n`;

describe('obelisk server verify', () => {
  test('loads a valid config with activities, workflows, a stub and a webhook endpoint, and lists what each component exports', async () => {
    const toml = [
      component('activity_wasm', 'ok', 'ok.wasm'),
      component('activity_stub', 'approval', 'approval.wit'),
      component('workflow', 'chain', 'chain.wasm'),
      component('workflow', 'fanout', 'fanout.wasm'),
      component('workflow', 'stub-wait', 'stub-wait.wasm'),
      '[[http_server]]\nname = "public"\nlistening_addr = "127.0.0.1:0"\n',
      `${component('webhook_endpoint', 'hook', 'hook.wasm')}http_server = "public"\nroutes = ["/hook"]\n`,
    ].join('\n');
    const result = await verify('valid.toml', toml);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('ok: 6 components (1 activities, 3 workflows, 1 stubs, 1 webhook endpoints)');
    expect(lines.filter((line) => line.startsWith('  '))).toEqual([
      '  testing:activities/ok@1.0.0.add-one: func(n: u64) -> result<u64, string>',
      '  testing:stubs/approval@1.0.0.approve: func(id: u32) -> result<string>',
      '  testing:workflows/chain@1.0.0.run: func(k: u32) -> result<u64, string>',
      '  testing:workflows/fanout@1.0.0.run: func(n: u32) -> result<u64, string>',
      '  testing:workflows/stub@1.0.0.wait-approval: func(id: u32) -> result<string, string>',
      '  testing:workflows/stub@1.0.0.self-approve: func(id: u32) -> result<string, string>',
    ]);
    expect(
      lines
        .filter((line) => !line.startsWith('  '))
        .slice(1)
        .map((line) => line.split(' ').slice(0, 2).join(' ')),
    ).toEqual([
      'ok activity_wasm',
      'approval activity_stub',
      'chain workflow',
      'fanout workflow',
      'stub-wait workflow',
      'hook webhook_endpoint',
    ]);

    const json = await verify('valid.toml', toml, '--json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      ok: boolean;
      components: { name: string; kind: string; digest: string; functions: { ffqn: string }[] }[];
      problems: string[];
    };
    expect(doc.ok).toBe(true);
    expect(doc.problems).toEqual([]);
    expect(doc.components.map((c) => [c.name, c.kind, c.functions.length])).toEqual([
      ['ok', 'activity_wasm', 1],
      ['approval', 'activity_stub', 1],
      ['chain', 'workflow', 1],
      ['fanout', 'workflow', 1],
      ['stub-wait', 'workflow', 2],
      ['hook', 'webhook_endpoint', 0],
    ]);
    expect(doc.components.every((c) => /^sha256:[0-9a-f]{64}$/.test(c.digest))).toBe(true);
  });

  test('fails when a workflow imports an activity that is not configured, naming the import', async () => {
    const result = await verify('missing-activity.toml', component('workflow', 'chain', 'chain.wasm'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error: the configuration has 1 problem:\n {2}- workflow chain: import testing:activities\/ok@1\.0\.0\.add-one: .+\nhint: /,
    );
  });

  test('reports every problem at once: unsupported sections, unreadable files, unsatisfied imports and cron entries', async () => {
    const toml = [
      component('activity_wasm', 'gone', 'gone.wasm'),
      component('workflow', 'chain', 'chain.wasm'),
      component('workflow', 'fanout', 'fanout.wasm'),
      '[[cron]]\nname = "nightly"\nffqn = "testing:workflows/chain@1.0.0.run"\nparams = [1]\nschedule = "@daily"\n',
      '[otlp]\nenabled = true\n',
    ].join('\n');
    const result = await verify('many.toml', toml, '--json');
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as { ok: boolean; components: unknown[]; problems: string[] };
    expect(doc.ok).toBe(false);
    expect(doc.problems.slice(0, 2)).toEqual([
      '[otlp]: exporting traces over OTLP is not supported yet; remove the section or set enabled = false',
      `activity_wasm gone: cannot read ${join(dir, 'gone.wasm')}: no such file (build the component, or fix location.path)`,
    ]);
    expect(doc.problems.slice(2).map((p) => p.split(': ').slice(0, 2).join(': '))).toEqual([
      'workflow chain: import testing:activities/ok@1.0.0.add-one',
      'workflow fanout: import testing:activities-obelisk-ext/ok@1.0.0.add-one-submit',
      'workflow fanout: import testing:activities-obelisk-ext/ok@1.0.0.add-one-await-next',
      // The cron entry's function is not loaded (its component has problems).
      'cron nightly: function not found',
    ]);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'verify-failed' } });
  });

  test('reports every problem of an invalid config with its file, line and key', async () => {
    const toml = [
      '[wasm]',
      'max_workers = 0',
      '',
      '[[workflow]]',
      'name = "chain"',
      'location.path = "chain.wasm"',
      'max_retries = 2',
    ].join('\n');
    const result = await verify('invalid.toml', toml);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'error: the configuration has 2 problems:',
        '  - invalid.toml:2: wasm.max_workers: expected a positive integer, got 0',
        '  - invalid.toml:7: workflow[0].max_retries: not a workflow key: a workflow is retried without limit when a run times out and never after a trap; max_retries applies to activities',
        'hint: fix the problems listed above and run `obelisk server verify` again; docs/configuration.md describes every key',
        '',
      ].join('\n'),
    );
  });

  test('a missing config file is an error naming it', async () => {
    const result = await runObelisk(['server', 'verify', '-c', 'nope.toml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: config file nope\.toml does not exist\nhint: /);
  });
});
