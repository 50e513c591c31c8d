/**
 * From nothing to a running component, as a user without a terminal does it: every template is
 * generated with `obelisk new` (which builds it), run under `obelisk server run`, and its example
 * call submitted. Then the generated WIT is checked, extended with a second activity, and the
 * workflow made to call it. Builds go through obelisk's build cache under `.cache/`, so a
 * template is built by ComponentizeJS once per checkout, not once per test.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, runObelisk, spawnObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const CACHE_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');
const TEMPLATES = ['js-activity', 'ts-activity', 'js-workflow', 'ts-workflow', 'js-webhook'] as const;
/** The templates whose README suggests an `obelisk execution submit` (js-webhook suggests HTTP requests). */
const SUBMIT_TEMPLATES = TEMPLATES.filter((t) => t !== 'js-webhook');
const BUILD_TIMEOUT_MS = 600_000;

interface Listed {
  templates: { name: string; description: string; language: string; kind: string }[];
}

let root = '';
const env = (): Record<string, string> => ({ XDG_CACHE_HOME: CACHE_HOME, XDG_DATA_HOME: join(root, 'data') });
const projectDir = (template: string): string => join(root, template);

/** Runs the project's server, submits `ffqn(params)` and returns the printed result. */
async function runAndSubmit(dir: string, ffqn: string, params: unknown): Promise<string> {
  const server = spawnObelisk(['server', 'run'], {
    cwd: dir,
    env: { ...env(), OBELISK__API__LISTENING_ADDR: '127.0.0.1:0' },
  });
  try {
    await server.waitFor(({ stderr }) => /listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr), 120_000);
    const url = /listening on (http:\/\/\S+)/.exec(server.stderr())?.[1] ?? '';
    const submit = await runObelisk(
      ['execution', 'submit', '--follow', '--api-url', url, ffqn, JSON.stringify(params)],
      {
        cwd: dir,
        timeoutMs: 120_000,
      },
    );
    expect(submit.stderr).not.toContain('error');
    return submit.stdout.trim();
  } finally {
    server.process.kill('SIGTERM');
    await server.exited;
  }
}

describe('obelisk new, build and generate wit', { tags: ['slow'] }, () => {
  beforeAll(async () => {
    root = makeTempDir('obelisk-new-');
    // Two builds at a time: each is one mostly single-threaded ComponentizeJS process.
    const queue = [...TEMPLATES];
    const worker = async (): Promise<void> => {
      for (let template = queue.shift(); template !== undefined; template = queue.shift()) {
        const created = await runObelisk(['new', template, '--template', template, '--package', 'app:demo'], {
          cwd: root,
          env: env(),
          timeoutMs: BUILD_TIMEOUT_MS,
        });
        expect(created.stderr).toContain(`Created ${template}`);
        expect(created.code, created.stderr).toBe(0);
      }
    };
    await Promise.all([worker(), worker()]);
  }, BUILD_TIMEOUT_MS * TEMPLATES.length);

  test('--list names every template with a description, as text and JSON', async () => {
    const json = await runObelisk(['new', '--list', '--json']);
    const listed = JSON.parse(json.stdout) as Listed;
    expect(listed.templates.map((t) => t.name)).toEqual([...TEMPLATES].sort());
    const text = await runObelisk(['new', '--list']);
    for (const template of listed.templates) {
      expect(text.stdout).toContain(`${template.name.padEnd(11)}  ${template.description}`);
    }
  });

  test.each(SUBMIT_TEMPLATES)('%s: built, run under server run, its example call answers', async (template) => {
    const dir = projectDir(template);
    const info = JSON.parse(readFileSync(join(REPO_ROOT, 'templates', template, 'template.json'), 'utf8')) as {
      expected: unknown;
    };
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const submit = /obelisk execution submit --follow (\S+) '([^']+)'/.exec(readme);
    expect(submit).not.toBeNull();
    const [, ffqn = '', params = ''] = submit ?? [];
    const result = await runAndSubmit(dir, ffqn, JSON.parse(params));
    expect(JSON.parse(result)).toEqual(info.expected);
  });

  test('js-webhook: built, run under server run, its endpoint starts the workflow and reports its status', async () => {
    const dir = projectDir('js-webhook');
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('curl -X POST http://127.0.0.1:9090/start/3');
    const toml = join(dir, 'obelisk.toml');
    writeFileSync(toml, readFileSync(toml, 'utf8').replace('"127.0.0.1:9090"', '"127.0.0.1:0"'));
    const server = spawnObelisk(['server', 'run'], {
      cwd: dir,
      env: { ...env(), OBELISK__API__LISTENING_ADDR: '127.0.0.1:0' },
    });
    try {
      await server.waitFor(
        ({ stderr }) => /obelisk server listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr),
        120_000,
      );
      const hooks = /http_server public listening on (http:\/\/\S+)/.exec(server.stderr())?.[1] ?? '';
      expect(hooks, server.stderr()).not.toBe('');
      const started = await fetch(`${hooks}/start/3`, { method: 'POST' });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as { id: string };
      const running = (await (await fetch(`${hooks}/status/${id}`)).json()) as { status: string };
      expect(['pending', 'locked', 'blocked', 'finished']).toContain(running.status);
      const api = /obelisk server listening on (http:\/\/\S+)/.exec(server.stderr())?.[1] ?? '';
      const followed = await runObelisk(['execution', 'result', id, '--follow', '--api-url', api], { cwd: dir });
      expect(followed.stdout.trim()).toBe('{"ok":"counted down from 3"}');
      expect(await (await fetch(`${hooks}/status/${id}`)).json()).toEqual({
        id,
        status: 'finished',
        result: { ok: 'counted down from 3' },
      });
      expect((await fetch(`${hooks}/status/E_01ARZ3NDEKTSV4RRFFQ69G5FAV`)).status).toBe(404);
      expect((await fetch(`${hooks}/start/3`)).status).toBe(404);
    } finally {
      server.process.kill('SIGTERM');
      await server.exited;
    }
  });

  test('without a terminal, a missing --template is a usage error; a non-empty folder is refused', async () => {
    const missing = await runObelisk(['new', join(root, 'other')], { cwd: root, env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--template');
    const refused = await runObelisk(['new', projectDir('js-activity'), '-t', 'js-activity', '--no-build'], {
      cwd: root,
      env: env(),
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty');
    const badPackage = await runObelisk(['new', join(root, 'bad'), '-t', 'js-activity', '--package', 'Bad:x'], {
      cwd: root,
      env: env(),
    });
    expect(badPackage.code).toBe(2);
    expect(badPackage.stderr).toContain('not a WIT identifier');
  });

  test('build again: every component is up to date', async () => {
    const again = await runObelisk(['build', '--json'], { cwd: projectDir('ts-workflow'), env: env() });
    expect(again.code, again.stderr).toBe(0);
    const outcomes = (JSON.parse(again.stdout) as { components: { component: string; status: string }[] }).components;
    expect(outcomes.map((o) => [o.component, o.status])).toEqual([
      ['activity', 'up-to-date'],
      ['workflow', 'up-to-date'],
    ]);
  });

  test('a type error is reported with file:line and nothing is built', async () => {
    const dir = makeTempDir('obelisk-type-error-');
    const created = await runObelisk(['new', 'p', '-t', 'ts-activity', '--no-build'], { cwd: dir, env: env() });
    expect(created.code, created.stderr).toBe(0);
    const source = join(dir, 'p', 'src', 'activity.ts');
    writeFileSync(source, readFileSync(source, 'utf8').replace('return `Hello, ${name}!`;', 'return 42;'));
    const build = await runObelisk(['build'], { cwd: join(dir, 'p'), env: env() });
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/src\/activity\.ts:\d+:\d+: error TS2322/);
  });

  test(
    'generate wit: clean after new, dirty after adding an activity, fixed; the workflow calls it',
    { timeout: BUILD_TIMEOUT_MS * 2 },
    async () => {
      const dir = projectDir('ts-workflow');
      expect((await runObelisk(['generate', 'wit', '--check'], { cwd: dir, env: env() })).code).toBe(0);

      const extra = makeTempDir('obelisk-extra-');
      const made = await runObelisk(['new', 'extra', '-t', 'js-activity', '--package', 'app:extra'], {
        cwd: extra,
        env: env(),
        timeoutMs: BUILD_TIMEOUT_MS,
      });
      expect(made.code, made.stderr).toBe(0);
      const other = join(extra, 'extra');
      appendFileSync(
        join(dir, 'obelisk.toml'),
        [
          '',
          '[[activity_wasm]]',
          'name = "extra"',
          `location.path = "${join(other, 'dist', 'activity.wasm')}"`,
          `build = { js = "${join(other, 'src', 'activity.js')}", wit = "${join(other, 'wit')}", world = "activity" }`,
          '',
        ].join('\n'),
      );
      const dirty = await runObelisk(['generate', 'wit', '--check'], { cwd: dir, env: env() });
      expect(dirty.code).toBe(1);
      expect(dirty.stdout).toContain('would be created: workflow/wit/deps/app_extra-obelisk-ext/extra-obelisk-ext.wit');
      expect((await runObelisk(['generate', 'wit'], { cwd: dir, env: env() })).code).toBe(0);
      expect((await runObelisk(['generate', 'wit', '--check'], { cwd: dir, env: env() })).code).toBe(0);

      const wit = join(dir, 'workflow', 'wit', 'workflow.wit');
      writeFileSync(
        wit,
        readFileSync(wit, 'utf8').replace('  export greetings;', '  import app:extra/greeter;\n  export greetings;'),
      );
      const source = join(dir, 'workflow', 'src', 'workflow.ts');
      writeFileSync(
        source,
        readFileSync(source, 'utf8')
          .replace('import { log }', "import { greet as greetElsewhere } from 'app:extra/greeter';\nimport { log }")
          .replace("return results.join(' ');", "return [...results, greetElsewhere('Extra')].join(' ');"),
      );
      const build = await runObelisk(['build'], { cwd: dir, env: env(), timeoutMs: BUILD_TIMEOUT_MS });
      expect(build.code, build.stderr).toBe(0);
      const result = await runAndSubmit(dir, 'app:demo-workflow/greetings.greet-all', [['Ann', 'Bo']]);
      expect(JSON.parse(result)).toEqual({ ok: 'Hello, Ann! Hello, Bo! Hello, Extra!' });
    },
  );
});
