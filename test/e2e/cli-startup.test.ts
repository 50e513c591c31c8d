/**
 * The CLI starts light: `--help`, `--version`, `generate execution-id` and the client commands
 * load neither the engine, nor libSQL, nor jco. A module-load hook (registered through
 * NODE_OPTIONS) records every module the built CLI loads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const HEAVY = [/\/dist\/engine\/(?!concepts\/)/, /\/node_modules\/libsql\//, /\/node_modules\/@bytecodealliance\//];

async function loadedModules(args: readonly string[]): Promise<{ code: number | null; modules: string[] }> {
  const dir = makeTempDir('obelisk-startup-');
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    [
      "import { appendFileSync } from 'node:fs';",
      'export async function load(url, context, next) {',
      `  appendFileSync(${JSON.stringify(log)}, url + '\\n');`,
      '  return next(url, context);',
      '}',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
  );
  const result = await runObelisk(args, {
    env: { NODE_OPTIONS: `--import ${pathToFileURL(join(dir, 'register.mjs')).href}`, OBELISK_API_URL: undefined },
  });
  const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { code: result.code, modules };
}

describe('CLI start-up', () => {
  test.each([
    [['--help']],
    [['--version']],
    [['generate', 'execution-id']],
    [['execution', 'list', '--help']],
    [['execution', 'list', '--api-url', 'http://127.0.0.1:9']],
  ])('obelisk %j loads no engine, libSQL or jco module', async (args) => {
    const { modules } = await loadedModules(args);
    expect(modules.some((url) => url.endsWith('/dist/main.js'))).toBe(true);
    const heavy = modules.filter((url) => HEAVY.some((pattern) => pattern.test(url)));
    expect(heavy).toEqual([]);
  });

  test('the hook sees the engine when a command needs it (the check above can fail)', async () => {
    const { modules } = await loadedModules(['server', 'verify', '--help']);
    expect(modules.some((url) => /\/dist\/engine\/index\.js$/.test(url))).toBe(true);
  });

  test('a misspelt command still gets a suggestion with every command registered', async () => {
    const result = await runObelisk(['executoin']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('execution');
  });
});
