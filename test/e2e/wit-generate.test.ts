import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { InspectJson } from '../../src/wit/inspect.js';
import { runObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const ACTIVITY = `package testing:approvals@1.0.0;

interface approvals {
  resource session;
  record ask { who: string, amount: u64 }
  request: func(a: ask) -> result<bool, string>;
  close: func(s: borrow<session>);
}

interface audit {
  log: func(line: string);
}

world activity {
  export approvals;
  export audit;
}
`;

function activityDir(): string {
  const dir = join(makeTempDir(), 'activity', 'wit');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'activity.wit'), ACTIVITY);
  return dir;
}

describe('obelisk generate extensions', () => {
  test('writes one folder per package that a workflow WIT can depend on', async () => {
    const activity = activityDir();
    const workflow = join(makeTempDir(), 'wit');
    const deps = join(workflow, 'deps');
    const result = await runObelisk([
      'generate',
      'extensions',
      'activity_stub',
      activity,
      '--out',
      deps,
      '--with-types',
    ]);
    expect(result.code).toBe(0);
    expect(readdirSync(deps).sort()).toEqual([
      'obelisk_types@1.0.0',
      'testing_approvals-obelisk-ext@1.0.0',
      'testing_approvals-obelisk-schedule@1.0.0',
      'testing_approvals-obelisk-stub@1.0.0',
    ]);
    expect(result.stdout.trim().split('\n')).toEqual([
      `${join(deps, 'testing_approvals-obelisk-ext@1.0.0', 'approvals-obelisk-ext.wit')}  (testing:approvals-obelisk-ext@1.0.0)`,
      `${join(deps, 'testing_approvals-obelisk-schedule@1.0.0', 'approvals-obelisk-schedule.wit')}  (testing:approvals-obelisk-schedule@1.0.0)`,
      `${join(deps, 'testing_approvals-obelisk-stub@1.0.0', 'approvals-obelisk-stub.wit')}  (testing:approvals-obelisk-stub@1.0.0)`,
      `${join(deps, 'obelisk_types@1.0.0', 'types.wit')}  (obelisk:types@1.0.0)`,
    ]);
    expect(result.stderr).toBe(
      'warning: skipped testing:approvals/approvals@1.0.0.close: its signature contains a borrowed handle `borrow<session>`, which has no durable value to pass to or from an execution\n',
    );

    cpSync(activity, join(deps, 'activity'), { recursive: true });
    writeFileSync(
      join(workflow, 'workflow.wit'),
      [
        'package testing:flow@1.0.0;',
        'world flow {',
        '  import testing:approvals-obelisk-ext/approvals@1.0.0;',
        '  import testing:approvals-obelisk-stub/audit@1.0.0;',
        '  export run: func() -> result;',
        '}',
      ].join('\n'),
    );
    const inspect = await runObelisk(['wit', 'inspect', workflow, '--json']);
    expect(inspect.stderr).toBe('');
    expect(inspect.code).toBe(0);
    const json = JSON.parse(inspect.stdout) as InspectJson;
    const flow = json.packages.find((p) => p.name === 'testing:flow@1.0.0');
    expect(flow?.worlds[0]?.imports).toEqual([
      'testing:approvals/approvals@1.0.0',
      'obelisk:types/join-set@1.0.0',
      'obelisk:types/execution@1.0.0',
      'testing:approvals-obelisk-ext/approvals@1.0.0',
      'testing:approvals-obelisk-stub/audit@1.0.0',
    ]);
    const ext = json.packages.find((p) => p.name === 'testing:approvals-obelisk-ext@1.0.0');
    expect(ext?.interfaces.map((i) => [i.name, i.functions.map((f) => f.name)])).toEqual([
      ['approvals', ['request-submit', 'request-await-next', 'request-get', 'request-invoke']],
      ['audit', ['log-submit', 'log-await-next', 'log-get', 'log-invoke']],
    ]);
  });

  test('--interface picks exported interfaces, --json reports packages and skipped functions', async () => {
    const out = join(makeTempDir(), 'gen');
    const result = await runObelisk([
      'generate',
      'extensions',
      'workflow',
      activityDir(),
      '--out',
      out,
      '--interface',
      'audit',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      packages: [
        {
          name: 'testing:approvals-obelisk-ext@1.0.0',
          kind: 'ext',
          path: join(out, 'testing_approvals-obelisk-ext@1.0.0', 'approvals-obelisk-ext.wit'),
        },
        {
          name: 'testing:approvals-obelisk-schedule@1.0.0',
          kind: 'schedule',
          path: join(out, 'testing_approvals-obelisk-schedule@1.0.0', 'approvals-obelisk-schedule.wit'),
        },
      ],
      skipped: [],
    });
    expect(existsSync(join(out, 'obelisk_types@1.0.0'))).toBe(false);
  });

  test('an interface that is not exported is an error listing the exported ones', async () => {
    const result = await runObelisk([
      'generate',
      'extensions',
      'workflow',
      activityDir(),
      '--out',
      makeTempDir(),
      '--interface',
      'nope',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'error: no exported interface matches --interface nope; exported: testing:approvals/approvals@1.0.0, testing:approvals/audit@1.0.0',
        'hint: name an interface as `ns:pkg/ifc@version`, `ns:pkg/ifc` or just `ifc`',
        '',
      ].join('\n'),
    );
  });

  test('webhook endpoints get no extensions, and say why', async () => {
    const out = join(makeTempDir(), 'gen');
    const result = await runObelisk(['generate', 'extensions', 'webhook_endpoint', activityDir(), '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'error: webhook_endpoint components get no extension packages: they export wasi:http/incoming-handler, which HTTP requests call, not executions',
        'hint: generate extensions for the activities and workflows a webhook endpoint calls, and import those in the endpoint',
        '',
      ].join('\n'),
    );
    expect(existsSync(out)).toBe(false);
  });

  test('an unknown component type is a usage error', async () => {
    const result = await runObelisk(['generate', 'extensions', 'activity', activityDir(), '--out', makeTempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Allowed choices are activity_wasm, activity_stub, workflow, webhook_endpoint');
  });

  test('invalid WIT exits 1 with the positioned message', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'bad.wit'), 'package a:b;\nworld w { export nope; }\n');
    const result = await runObelisk(['generate', 'extensions', 'workflow', 'bad.wit', '--out', 'gen'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: bad.wit:2:18: unknown interface `nope`');
  });
});
