/**
 * `obelisk generate wit` for callees without a build table (a prebuilt component `.wasm`, read
 * with the component decoder) and its cleanup: what it wrote and no longer needs is deleted,
 * WIT a user put in `deps/` stays. No ComponentizeJS build: the project is made with `--no-build`.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, runObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const FIBO_WASM = join(REPO_ROOT, 'examples', 'fibo', 'dist', 'activity.wasm');
const FIBO_ENTRY = ['', '[[activity_wasm]]', 'name = "fibo"', `location.path = "${FIBO_WASM}"`, ''].join('\n');

describe('obelisk generate wit with a prebuilt callee', () => {
  let dir = '';
  const generate = (...args: string[]): ReturnType<typeof runObelisk> =>
    runObelisk(['generate', 'wit', ...args], { cwd: dir });
  const deps = (...parts: string[]): string => join(dir, 'workflow', 'wit', 'deps', ...parts);

  beforeAll(async () => {
    const root = makeTempDir('obelisk-wit-deps-');
    const created = await runObelisk(['new', 'p', '-t', 'js-workflow', '--package', 'app:demo', '--no-build'], {
      cwd: root,
    });
    expect(created.code, created.stderr).toBe(0);
    dir = join(root, 'p');
  });

  test('writes the WIT decoded from the .wasm and its extensions; the workflow can import it', async () => {
    const config = join(dir, 'obelisk.toml');
    const before = readFileSync(config, 'utf8');
    appendFileSync(config, FIBO_ENTRY);
    const check = await generate('--check');
    expect(check.code).toBe(1);
    expect(check.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'would be created: workflow/wit/deps/testing_fibo-obelisk-ext/fibo-obelisk-ext.wit',
      'would be created: workflow/wit/deps/testing_fibo-obelisk-schedule/fibo-obelisk-schedule.wit',
      'would be created: workflow/wit/deps/testing_fibo/fibo.wit',
    ]);
    expect((await generate()).code).toBe(0);
    expect((await generate('--check')).code).toBe(0);
    expect(readFileSync(deps('testing_fibo', 'fibo.wit'), 'utf8')).toContain('fibo: func(n: u8) -> result<u64>;');

    const wit = join(dir, 'workflow', 'wit', 'workflow.wit');
    const own = readFileSync(wit, 'utf8');
    writeFileSync(
      wit,
      own.replace('  export ', '  import testing:fibo/fibo;\n  import testing:fibo-obelisk-ext/fibo;\n  export '),
    );
    const printed = await runObelisk(['wit', 'print', join(dir, 'workflow', 'wit')]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toContain('import testing:fibo/fibo;');
    writeFileSync(wit, own);
    writeFileSync(config, before);
  });

  test('deletes what it wrote and no longer needs, keeps files it did not write', async () => {
    appendFileSync(join(dir, 'obelisk.toml'), FIBO_ENTRY);
    expect((await generate()).code).toBe(0);
    mkdirSync(deps('mine'));
    writeFileSync(deps('mine', 'mine.wit'), 'package my:mine;\n\ninterface x {}\n');
    const config = join(dir, 'obelisk.toml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(FIBO_ENTRY, ''));

    const check = await generate('--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('would be deleted: workflow/wit/deps/testing_fibo/fibo.wit');
    expect(existsSync(deps('testing_fibo', 'fibo.wit'))).toBe(true);
    const cleaned = await generate();
    expect(cleaned.code).toBe(0);
    expect(cleaned.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'deleted: workflow/wit/deps/testing_fibo-obelisk-ext/fibo-obelisk-ext.wit',
      'deleted: workflow/wit/deps/testing_fibo-obelisk-schedule/fibo-obelisk-schedule.wit',
      'deleted: workflow/wit/deps/testing_fibo/fibo.wit',
    ]);
    expect(existsSync(deps('testing_fibo'))).toBe(false);
    expect(readFileSync(deps('mine', 'mine.wit'), 'utf8')).toContain('package my:mine;');
    expect(existsSync(deps('obelisk_workflow@1.0.0', 'workflow.wit'))).toBe(true);
    expect((await generate('--check')).code).toBe(0);
  });

  test('a prebuilt callee whose file is missing is an error naming it', async () => {
    const config = join(dir, 'obelisk.toml');
    const before = readFileSync(config, 'utf8');
    appendFileSync(config, FIBO_ENTRY.replace(FIBO_WASM, join(dir, 'missing.wasm')));
    const result = await generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot read the WIT of fibo');
    writeFileSync(config, before);
  });

  test('WASI packages the WIT names are written with what they use, unless deps/ has them already', async () => {
    const wit = join(dir, 'workflow', 'wit', 'workflow.wit');
    const own = readFileSync(wit, 'utf8');
    writeFileSync(wit, own.replace('  export ', '  import wasi:clocks/wall-clock@0.2.0;\n  export '));
    try {
      const created = await generate();
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout.split('\n').filter(Boolean).sort()).toEqual([
        'created: workflow/wit/deps/wasi_clocks@0.2.0/clocks.wit',
        'created: workflow/wit/deps/wasi_io@0.2.0/io.wit',
      ]);
      expect(readFileSync(deps('wasi_clocks@0.2.0', 'clocks.wit'), 'utf8')).toContain('package wasi:clocks@0.2.0;');
      const printed = await runObelisk(['wit', 'print', join(dir, 'workflow', 'wit')]);
      expect(printed.code, printed.stderr).toBe(0);
      expect(printed.stdout).toContain('import wasi:clocks/wall-clock@0.2.0;');

      writeFileSync(wit, own.replace('  export ', '  import wasi:random/random@0.2.0;\n  export '));
      mkdirSync(deps('my-random'));
      writeFileSync(
        deps('my-random', 'random.wit'),
        'package wasi:random@0.2.0;\n\ninterface random {\n  get-random-u64: func() -> u64;\n}\n',
      );
      const replaced = await generate();
      expect(replaced.stdout.split('\n').filter(Boolean).sort()).toEqual([
        'deleted: workflow/wit/deps/wasi_clocks@0.2.0/clocks.wit',
        'deleted: workflow/wit/deps/wasi_io@0.2.0/io.wit',
      ]);
      expect(existsSync(deps('wasi_random@0.2.0'))).toBe(false);
    } finally {
      writeFileSync(wit, own);
    }
  });
});
