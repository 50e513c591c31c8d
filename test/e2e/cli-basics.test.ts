import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runObelisk } from '../helpers/bin.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

describe('obelisk binary', () => {
  test('--version prints the package version and exits 0', async () => {
    const result = await runObelisk(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  test('--help lists the global options and exits 0', async () => {
    const result = await runObelisk(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: obelisk');
    expect(result.stdout).toContain('--json');
    expect(result.stdout).toContain('--no-color');
    expect(result.stdout).toContain('--verbose');
  });

  test('an unknown option is a usage error with exit code 2', async () => {
    const result = await runObelisk(['--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--frobnicate'");
  });
});
