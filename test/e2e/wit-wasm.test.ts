/**
 * `obelisk wit inspect|print` on component binaries: a component `.wasm` is
 * decoded (package `root:component`, world `root`) and shown like parsed WIT;
 * a core module, a truncated file or bytes that are not WebAssembly are user
 * errors (exit 1) with the decoder's code, the byte offset and a hint.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, test } from 'vitest';
import { decodeComponent } from '../../src/wit/decoder/index.js';
import { modelDiff } from '../../src/wit/equal.js';
import type { InspectJson } from '../../src/wit/inspect.js';
import { parseWitText } from '../../src/wit/load.js';
import { REPO_ROOT, runObelisk } from '../helpers/bin.js';
import { jsFixture } from '../helpers/components.js';
import { makeTempDir } from '../helpers/tmp.js';

const COMPONENTS = join(REPO_ROOT, 'test', 'fixtures', 'corpus', 'components');
const ADDER = join(COMPONENTS, 'adder.component.wasm');
const HINT = 'hint: pass a component or binary WIT package .wasm (not a core module), or a WIT file or directory';

describe('obelisk wit inspect on a component .wasm', () => {
  test('prints the summary of the decoded component: its interfaces, then world root', async () => {
    const result = await runObelisk(['wit', 'inspect', 'adder.component.wasm'], { cwd: COMPONENTS });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'package docs:adder@0.1.0',
        '  interface add',
        '    func add: func(x: u32, y: u32) -> u32',
        'package root:component',
        '  world root',
        '    export docs:adder/add@0.1.0',
        '',
      ].join('\n'),
    );
  });

  test('--json prints exactly the component example of docs/wit-inspect-json.md', async () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'wit-inspect-json.md'), 'utf8');
    const example =
      /`obelisk wit inspect adder\.component\.wasm --json` prints \(formatted here\):\n\n```json\n([\s\S]*?)```/.exec(
        doc,
      )?.[1];
    expect(example).toBeDefined();
    const result = await runObelisk(['wit', 'inspect', ADDER, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(example ?? 'null'));
  });

  test('--json lists the functions of a world resource as world imports', async () => {
    const result = await runObelisk([
      '--json',
      'wit',
      'inspect',
      join(COMPONENTS, 'resource-borrow-simple.component.wasm'),
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as InspectJson;
    expect(json.packages).toEqual([
      {
        name: 'root:component',
        interfaces: [],
        worlds: [
          {
            name: 'root',
            imports: ['r: type', 'test: func(r: borrow<r>)', '[constructor]r: func() -> r'],
            exports: ['test-imports: func()'],
          },
        ],
      },
    ]);
  });

  test('a component is recognised by its first bytes whatever the file is called', async () => {
    const dir = makeTempDir();
    copyFileSync(ADDER, join(dir, 'adder.bin'));
    const result = await runObelisk(['wit', 'inspect', 'adder.bin', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as InspectJson).packages.map((p) => p.name)).toEqual([
      'docs:adder@0.1.0',
      'root:component',
    ]);
  });

  test('a 12 MB ComponentizeJS activity shows its WASI imports and its exported function', async () => {
    const result = await runObelisk(['wit', 'inspect', jsFixture('fibo-activity')]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('    func fibo: func(n: u8) -> result<u64>');
    expect(lines).toContain('    import wasi:io/poll@0.2.12');
    expect(lines.slice(lines.indexOf('package root:component')).filter((l) => l.includes('export'))).toEqual([
      '    export testing:fibo/fibo',
    ]);
  });
});

describe('obelisk wit print on a component .wasm', () => {
  test('prints package root:component first and the interfaces nested, as WIT that parses back to the decoded model', async () => {
    const result = await runObelisk(['wit', 'print', ADDER]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'package root:component;',
        '',
        'world root {',
        '  export docs:adder/add@0.1.0;',
        '}',
        '',
        'package docs:adder@0.1.0 {',
        '  interface add {',
        '    add: func(x: u32, y: u32) -> u32;',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(
      modelDiff(decodeComponent(readFileSync(ADDER)), parseWitText(result.stdout), {
        ignoreStability: true,
        ignoreIncludes: true,
      }),
    ).toEqual([]);
  });

  test('writes the functions of a world resource inside the resource', async () => {
    const result = await runObelisk([
      'wit',
      'print',
      join(COMPONENTS, 'resource-borrow-simple.component.wasm'),
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { wit: string }).wit).toContain(
      ['world root {', '  resource r {', '    constructor();', '  }', '  import test: func(r: borrow<r>);'].join('\n'),
    );
  });
});

describe('obelisk wit on a .wasm that is not a component', () => {
  test('a core module exits 1 with core-module at byte offset 0 and a hint', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'core.wasm'), await parse('(module)'));
    const result = await runObelisk(['wit', 'inspect', 'core.wasm'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'error: core.wasm: cannot read the component: this is a core WebAssembly module, not a component (at byte offset 0)',
        HINT,
        '',
      ].join('\n'),
    );
    const json = await runObelisk(['--json', 'wit', 'print', 'core.wasm'], { cwd: dir });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'core-module',
        message:
          'core.wasm: cannot read the component: this is a core WebAssembly module, not a component (at byte offset 0)',
        hint: HINT.slice('hint: '.length),
      },
    });
  });

  test('a truncated component exits 1 with truncated and the offset of the cut item', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'cut.wasm'), readFileSync(ADDER).subarray(0, 100));
    const result = await runObelisk(['--json', 'wit', 'inspect', 'cut.wasm'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const error = (JSON.parse(result.stderr) as { error: { code: string; message: string; hint: string } }).error;
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(
      /^cut\.wasm: cannot read the component: unexpected end of input while reading .* \(at byte offset \d+\)$/,
    );
    expect(error.hint).toBe(HINT.slice('hint: '.length));
  });

  test('a .wasm that does not start with the WebAssembly magic exits 1 with not-wasm', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'notes.wasm'), 'hello, world\n');
    const result = await runObelisk(['wit', 'print', 'notes.wasm'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'error: notes.wasm: cannot read the component: not a WebAssembly binary: it does not start with "\\0asm" (at byte offset 0)',
        HINT,
        '',
      ].join('\n'),
    );
  });
});
