/**
 * `obelisk dev` in a generated project: it builds the component, rebuilds it when its source
 * changes (the next execution runs the new code), and on a build error prints the error and keeps
 * the last good version answering; a component added to `obelisk.toml` while it runs is built and
 * loaded. Builds go through the build cache under `.cache/`.
 */
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, runObelisk, spawnObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const CACHE_HOME = join(REPO_ROOT, '.cache', 'e2e-cache-home');
const BUILD_TIMEOUT_MS = 600_000;
const GREET = 'app:devbuild/greeter.greet';

describe('obelisk dev in a project', { tags: ['slow'] }, () => {
  test(
    'builds first, rebuilds on change, keeps the last good version on a build error',
    { timeout: BUILD_TIMEOUT_MS * 3 },
    async () => {
      const root = makeTempDir('obelisk-dev-build-');
      const env = { XDG_CACHE_HOME: CACHE_HOME, XDG_DATA_HOME: join(root, 'data') };
      const created = await runObelisk(['new', 'p', '-t', 'js-activity', '--package', 'app:devbuild', '--no-build'], {
        cwd: root,
        env,
      });
      expect(created.code, created.stderr).toBe(0);
      const dir = join(root, 'p');
      const dev = spawnObelisk(['dev'], { cwd: dir, env: { ...env, OBELISK__API__LISTENING_ADDR: '127.0.0.1:0' } });
      try {
        await dev.waitFor(({ stderr }) => stderr.includes('Ready.'), BUILD_TIMEOUT_MS);
        expect(dev.stderr()).toContain('build: activity:');
        const url = /API: +(http:\/\/\S+)/.exec(dev.stderr())?.[1] ?? '';
        const greet = async (): Promise<string> =>
          (
            await runObelisk(['execution', 'submit', '--follow', '--api-url', url, GREET, '["World"]'], { cwd: dir })
          ).stdout.trim();
        expect(await greet()).toBe('{"ok":"Hello, World!"}');

        const source = join(dir, 'src', 'activity.js');
        const good = readFileSync(source, 'utf8');
        writeFileSync(source, good.replace('`Hello, ${name}!`', '`Hi, ${name}!`'));
        await dev.waitFor(({ stderr }) => stderr.split('component activity loaded').length === 3, BUILD_TIMEOUT_MS);
        expect(await greet()).toBe('{"ok":"Hi, World!"}');

        const before = dev.stderr().length;
        writeFileSync(
          source,
          good.replace('`Hello, ${name}!`', '`Hi, ${name}!').replace('greet(name) {', 'greet(name) {{'),
        );
        await dev.waitFor(({ stderr }) => stderr.slice(before).includes('build failed'), BUILD_TIMEOUT_MS);
        const printed = dev.stderr().slice(before);
        expect(printed).toMatch(/src\/activity\.js:\d+:\d+: error TS\d+/);
        expect(printed.split('build failed').length).toBe(2);
        expect(await greet()).toBe('{"ok":"Hi, World!"}');
      } finally {
        dev.process.kill('SIGINT');
        await dev.exited;
      }
    },
  );

  test(
    'a component added to obelisk.toml while dev runs is built and loaded',
    { timeout: BUILD_TIMEOUT_MS * 3 },
    async () => {
      const root = makeTempDir('obelisk-dev-add-');
      const env = { XDG_CACHE_HOME: CACHE_HOME, XDG_DATA_HOME: join(root, 'data') };
      const created = await runObelisk(['new', 'p', '-t', 'js-activity', '--package', 'app:devbuild', '--no-build'], {
        cwd: root,
        env,
      });
      expect(created.code, created.stderr).toBe(0);
      const dir = join(root, 'p');
      const dev = spawnObelisk(['dev'], { cwd: dir, env: { ...env, OBELISK__API__LISTENING_ADDR: '127.0.0.1:0' } });
      try {
        await dev.waitFor(({ stderr }) => stderr.includes('Ready.'), BUILD_TIMEOUT_MS);
        const url = /API: +(http:\/\/\S+)/.exec(dev.stderr())?.[1] ?? '';
        cpSync(join(dir, 'src'), join(dir, 'second', 'src'), { recursive: true });
        cpSync(join(dir, 'wit', 'activity.wit'), join(dir, 'second', 'wit', 'activity.wit'));
        const wit = join(dir, 'second', 'wit', 'activity.wit');
        writeFileSync(wit, readFileSync(wit, 'utf8').replaceAll('app:devbuild', 'app:second'));
        const source = join(dir, 'second', 'src', 'activity.js');
        writeFileSync(source, readFileSync(source, 'utf8').replace('`Hello, ${name}!`', '`Second: ${name}`'));
        appendFileSync(
          join(dir, 'obelisk.toml'),
          [
            '',
            '[[activity_wasm]]',
            'name = "second"',
            'location.path = "dist/second.wasm"',
            'build = { js = "second/src/activity.js", wit = "second/wit", world = "activity" }',
            '',
          ].join('\n'),
        );
        await dev.waitFor(({ stderr }) => stderr.includes('component second loaded'), BUILD_TIMEOUT_MS);
        const submit = await runObelisk(
          ['execution', 'submit', '--follow', '--api-url', url, 'app:second/greeter.greet', '["World"]'],
          { cwd: dir },
        );
        expect(submit.stdout.trim()).toBe('{"ok":"Second: World"}');
      } finally {
        dev.process.kill('SIGINT');
        await dev.exited;
      }
    },
  );
});
