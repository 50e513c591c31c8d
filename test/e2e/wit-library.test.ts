/**
 * `obelisk/wit` as a package dependency: the tarball `npm pack` makes is
 * installed into a separate project (unpacked into its node_modules, as npm
 * does; `obelisk/wit` needs none of obelisk's dependencies), which imports it
 * by package name, type-checks against its `.d.ts`, and runs the example of
 * docs/wit-library.md. The rest of `dist/` is not reachable.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A project with the packed obelisk in node_modules/obelisk. */
function projectWithPackedObelisk(): string {
  const packDir = makeTempDir('obelisk-pack-');
  run(NPM, ['pack', '--ignore-scripts', '--pack-destination', packDir, REPO_ROOT], packDir);
  const tarball = readdirSync(packDir).find((name) => name.endsWith('.tgz'));
  expect(tarball).toBeDefined();
  const project = makeTempDir('obelisk-consumer-');
  const target = join(project, 'node_modules', 'obelisk');
  mkdirSync(target, { recursive: true });
  run('tar', ['-xzf', join(packDir, tarball ?? ''), '-C', target, '--strip-components=1'], project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
  return project;
}

const API_WIT = [
  'package my:api@1.0.0;',
  '',
  'interface store {',
  '  record item { id: u64, name: string }',
  '  get: func(id: u64) -> option<item>;',
  '  @unstable(feature = preview)',
  '  all: func() -> list<item>;',
  '}',
  '',
].join('\n');

describe('the obelisk/wit library from the packed tarball', () => {
  test(
    'imports by package name, type-checks, runs the documented example',
    { tags: ['slow'], timeout: 240_000 },
    () => {
      const project = projectWithPackedObelisk();
      mkdirSync(join(project, 'wit'));
      writeFileSync(join(project, 'wit', 'api.wit'), API_WIT);

      const doc = readFileSync(join(REPO_ROOT, 'docs', 'wit-library.md'), 'utf8');
      const example = /## Example\n\n```js\n([\s\S]*?)```/.exec(doc)?.[1];
      expect(example).toBeDefined();
      writeFileSync(join(project, 'example.mjs'), example ?? '');
      const output = run(process.execPath, ['example.mjs'], project);
      expect(output).toContain('my:api@1.0.0 store\n');
      expect(output).toContain('package my:api@1.0.0;');
      expect(output).toContain('all: func() -> list<item>;');
      expect(readFileSync(join(project, 'pkg.wasm')).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));

      writeFileSync(
        join(project, 'check.ts'),
        [
          "import { parseWitText, WitError, type Resolve } from 'obelisk/wit';",
          "const resolve: Resolve = parseWitText('package a:b; interface i { f: func(); }');",
          'const count: number = resolve.interfaces.length;',
          "try { parseWitText('package a:b; interface i { f: func() -> nope; }'); } catch (e) { if (e instanceof WitError) { const code: string = e.code; void code; } }",
          'void count;',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, types: [] },
          files: ['check.ts'],
        }),
      );
      run(
        process.execPath,
        [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
        project,
      );

      const privatePath = join(project, 'private.mjs');
      writeFileSync(privatePath, "await import('obelisk/dist/engine/index.js');\n");
      expect(() => run(process.execPath, [privatePath], project)).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
    },
  );
});
