import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { modelDiff } from '../../src/wit/equal.js';
import type { InspectJson } from '../../src/wit/inspect.js';
import { loadWit, parseWitText } from '../../src/wit/load.js';
import { REPO_ROOT, runObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'wit');

describe('obelisk wit inspect', () => {
  test('--json lists every package, dependencies first', async () => {
    const result = await runObelisk(['wit', 'inspect', join(FIXTURES, 'app'), '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as InspectJson;
    expect(json.packages.map((p) => p.name)).toEqual([
      'example:greeter@1.2.0',
      'example:util@0.3.0',
      'example:app@0.1.0',
    ]);
    expect(json.packages[2]?.worlds).toEqual([
      {
        name: 'app',
        imports: ['example:greeter/greet@1.2.0', 'example:util/ids@0.3.0'],
        exports: ['example:app/orders@0.1.0'],
      },
    ]);
  });

  test('prints exactly the example of docs/wit-inspect-json.md for the same WIT', async () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'wit-inspect-json.md'), 'utf8');
    const exampleWit = /For\n\n```wit\n([\s\S]*?)```/.exec(doc)?.[1];
    const exampleJson = /prints \(formatted here\):\n\n```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(exampleWit).toBe(readFileSync(join(FIXTURES, 'shop.wit'), 'utf8'));
    const result = await runObelisk(['wit', 'inspect', 'shop.wit', '--json'], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(exampleJson ?? 'null'));
  });

  test('without --json prints a readable summary', async () => {
    const result = await runObelisk(['wit', 'inspect', 'shop.wit'], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'package ex:shop@1.0.0',
        '  interface types',
        '    record order { id: u64, items: list<string> }',
        '    resource cart',
        '    func [constructor]cart: func(owner: string) -> cart',
        '    func [method]cart.add: func(self: borrow<cart>, item: string) -> result<_, string>',
        '  world shop',
        '    import ex:shop/types@1.0.0',
        '    import types-order: type',
        '    export checkout: func(o: types-order) -> bool',
        '',
      ].join('\n'),
    );
  });

  test('includes @unstable items only for the features asked for', async () => {
    const functions = async (...flags: string[]): Promise<string[]> => {
      const result = await runObelisk(['wit', 'inspect', join(FIXTURES, 'gated'), '--json', ...flags]);
      expect(result.code).toBe(0);
      const json = JSON.parse(result.stdout) as InspectJson;
      return json.packages[0]?.interfaces[0]?.functions.map((f) => f.name) ?? [];
    };
    expect(await functions()).toEqual(['now']);
    expect(await functions('--features', 'timezones')).toEqual(['now', 'zone']);
    expect(await functions('--features', 'timezones,leap')).toEqual(['now', 'zone', 'leap-seconds']);
    expect(await functions('--all-features')).toEqual(['now', 'zone', 'leap-seconds']);
  });

  test('invalid WIT exits 1 with the positioned message on stderr', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'bad.wit'), 'package a:b;\ninterface x {\n  f: func(a: nope);\n}\n');
    const result = await runObelisk(['wit', 'inspect', 'bad.wit'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'error: bad.wit:3:14: unknown type `nope`; expected a type defined in interface `x` or brought in with `use`',
        '3 |   f: func(a: nope);',
        '  |              ^^^^',
        '',
      ].join('\n'),
    );
  });

  test('with --json an error is a JSON object with the WIT error code', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'bad.wit'), 'package a:b;\ninterface x { record r { a: r } }\n');
    const result = await runObelisk(['--json', 'wit', 'inspect', 'bad.wit'], { cwd: dir });
    expect(result.code).toBe(1);
    const error = JSON.parse(result.stderr).error;
    expect(error.code).toBe('type-cycle');
    expect(error.message).toMatch(/^bad\.wit:2:22: type `r` contains itself/);
    const after = await runObelisk(['wit', 'inspect', 'bad.wit', '--json'], { cwd: dir });
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stderr)).toEqual(JSON.parse(result.stderr));
  });

  test('a missing path exits 1 with not-found and a hint', async () => {
    const result = await runObelisk(['wit', 'inspect', 'nope.wit'], { cwd: makeTempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'error: nope.wit: no such file or directory; expected a `.wit` file or a directory of `.wit` files',
        'hint: pass a .wit file or a directory containing .wit files',
        '',
      ].join('\n'),
    );
  });

  test('a missing path argument is a usage error (exit 2)', async () => {
    const result = await runObelisk(['wit', 'inspect']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required argument 'path'");
  });
});

describe('obelisk wit print', () => {
  test('prints the root package first and its dependencies nested, as WIT that resolves to the same model', async () => {
    const result = await runObelisk(['wit', 'print', join(FIXTURES, 'app')]);
    expect(result.code).toBe(0);
    expect(
      result.stdout.startsWith(
        '/// The root package of a WIT directory with dependencies.\npackage example:app@0.1.0;\n',
      ),
    ).toBe(true);
    expect(result.stdout).toContain('\npackage example:util@0.3.0 {\n');
    expect(modelDiff(loadWit(join(FIXTURES, 'app')), parseWitText(result.stdout))).toEqual([]);
  });

  test('--json wraps the text', async () => {
    const result = await runObelisk(['wit', 'print', 'shop.wit', '--json'], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    const text = (JSON.parse(result.stdout) as { wit: string }).wit;
    expect(modelDiff(loadWit(join(FIXTURES, 'shop.wit')), parseWitText(text))).toEqual([]);
  });

  test('help shows an example', async () => {
    const result = await runObelisk(['wit', 'print', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('$ obelisk wit print wit/');
  });
});
