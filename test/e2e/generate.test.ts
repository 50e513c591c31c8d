import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { blankConfigTemplate } from '../../src/config/template.js';
import { REPO_ROOT, runObelisk } from '../helpers/bin.js';
import { makeTempDir } from '../helpers/tmp.js';

const ULID_ID = /^E_[0-9A-HJKMNP-TV-Z]{26}$/;

describe('obelisk generate execution-id', () => {
  test('prints a new top-level execution ID each time, also as JSON', async () => {
    const first = await runObelisk(['generate', 'execution-id']);
    const second = await runObelisk(['generate', 'execution-id']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^E_[0-9A-HJKMNP-TV-Z]{26}\n$/);
    expect(second.stdout).not.toBe(first.stdout);
    const json = await runObelisk(['generate', 'execution-id', '--json']);
    const doc = JSON.parse(json.stdout) as { execution_id: string };
    expect(Object.keys(doc)).toEqual(['execution_id']);
    expect(doc.execution_id).toMatch(ULID_ID);
  });
});

describe('obelisk generate config', () => {
  test('prints the blank template by default', async () => {
    const result = await runObelisk(['generate', 'config']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(blankConfigTemplate());
  });

  test('writes --out, refuses to overwrite it without --force, and overwrites with --force', async () => {
    const dir = makeTempDir();
    const out = join(dir, 'conf', 'obelisk.toml');
    const written = await runObelisk(['generate', 'config', 'blank', '--out', out]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe(`${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(blankConfigTemplate());

    writeFileSync(out, '# mine\n');
    const refused = await runObelisk(['generate', 'config', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: ${out} already exists\nhint: pass --force to overwrite it, or choose another --out\n`,
    );
    expect(readFileSync(out, 'utf8')).toBe('# mine\n');

    const forced = await runObelisk(['generate', 'config', '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(blankConfigTemplate());
  });

  test('an unknown template is a usage error listing the templates', async () => {
    const result = await runObelisk(['generate', 'config', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Allowed choices are blank, fibo.');
  });

  test('the fibo config, written anywhere, verifies with server verify', { tags: ['slow'] }, async () => {
    expect(
      existsSync(join(REPO_ROOT, 'examples', 'fibo', 'dist', 'workflow.wasm')),
      'build the example first: node scripts/build-examples.mjs',
    ).toBe(true);
    const dir = makeTempDir();
    const out = join(dir, 'project', 'obelisk.toml');
    const generated = await runObelisk(['generate', 'config', 'fibo', '--out', out]);
    expect(generated.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('location.path = "../');

    const verified = await runObelisk(['server', 'verify'], {
      cwd: join(dir, 'project'),
      env: { XDG_CACHE_HOME: join(dir, 'cache') },
    });
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        'ok: 2 components (1 activities, 1 workflows, 0 stubs, 0 webhook endpoints)',
        '  testing:fibo/fibo.fibo: func(n: u8) -> result<u64>',
        '  testing:fibo-workflow/workflow.fiboa: func(n: u8, iterations: u32) -> result<u64>',
        '  testing:fibo-workflow/workflow.fiboa-concurrent: func(n: u8, iterations: u32) -> result<u64>',
      ]),
    );
  });
});
