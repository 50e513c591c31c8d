/**
 * `obelisk wit build`: a WIT directory becomes a binary WIT package that every
 * `wit` command reads (also as `.wat` text and as a `deps/<name>.wasm`
 * dependency), showing exactly what the source shows.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { print } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, runObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const WORKFLOW = join(REPO_ROOT, 'wit', 'obelisk_workflow@1.0.0');

describe('obelisk wit build', () => {
  test('wit inspect --json of the built package equals that of its source folder', async () => {
    const dir = makeTempDir();
    const out = join(dir, 'x.wasm');
    const built = await runObelisk(['wit', 'build', WORKFLOW, '-o', out]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/x\.wasm: obelisk:workflow@1\.0\.0 \(\d+ bytes\)\n$/);
    const fromBinary = await runObelisk(['wit', 'inspect', out, '--json']);
    const fromSource = await runObelisk(['wit', 'inspect', WORKFLOW, '--json']);
    expect(fromBinary.code).toBe(0);
    expect(fromBinary.stdout).toBe(fromSource.stdout);
    const doc = JSON.parse(fromSource.stdout) as { packages: { name: string }[] };
    expect(doc.packages.map((p) => p.name)).toEqual(['obelisk:types@1.0.0', 'obelisk:workflow@1.0.0']);
  });

  test('--json reports the path, package and size; the .wat text of the package reads the same', async () => {
    const dir = makeTempDir();
    const result = await runObelisk(['--json', 'wit', 'build', WORKFLOW, '-o', 'pkg.wasm'], { cwd: dir });
    expect(result.code).toBe(0);
    const bytes = readFileSync(join(dir, 'pkg.wasm'));
    expect(JSON.parse(result.stdout)).toEqual({
      path: join(dir, 'pkg.wasm'),
      package: 'obelisk:workflow@1.0.0',
      bytes: bytes.length,
    });
    writeFileSync(join(dir, 'pkg.wat'), await print(bytes));
    const fromWat = await runObelisk(['wit', 'print', 'pkg.wat'], { cwd: dir });
    const fromWasm = await runObelisk(['wit', 'print', 'pkg.wasm'], { cwd: dir });
    expect(fromWat.code).toBe(0);
    expect(fromWat.stdout).toBe(fromWasm.stdout);
    // Docs travel in the package too.
    expect(fromWasm.stdout).toMatch(
      /^\/\/\/ The host interface of obelisk workflows[^]*\npackage obelisk:workflow@1\.0\.0;\n/,
    );
  });

  test('a package with neither interfaces nor worlds is a user error', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'empty.wit'), 'package a:empty;\n');
    const result = await runObelisk(['wit', 'build', 'empty.wit', '-o', 'x.wasm'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'package a:empty has no interfaces or worlds; a binary WIT package needs at least one',
    );
  });

  test('a built package works as deps/<name>.wasm of another package', async () => {
    const dir = makeTempDir();
    const app = join(dir, 'app');
    mkdirSync(join(app, 'deps'), { recursive: true });
    const built = await runObelisk([
      'wit',
      'build',
      join(REPO_ROOT, 'wit', 'obelisk_types@1.0.0'),
      '-o',
      join(app, 'deps', 'types.wasm'),
    ]);
    expect(built.code).toBe(0);
    writeFileSync(
      join(app, 'app.wit'),
      'package my:app;\ninterface api {\n  use obelisk:types/time@1.0.0.{duration};\n  wait: func(d: duration);\n}\n',
    );
    const result = await runObelisk(['wit', 'inspect', app]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('func wait: func(d: duration)');
  });
});
