import { describe, expect, test } from 'vitest';
import { ExitFailure, InternalError, UsageError, UserError } from '../../../src/cli/errors.js';
import { reportError } from '../../../src/cli/exit.js';

const human = { json: false, verbose: false };

describe('reportError', () => {
  test('a user error exits 1 and prints the message and the hint', () => {
    const report = reportError(new UserError('not-found', 'no such file: a.wit', { hint: 'check the path' }), human);
    expect(report).toEqual({ exitCode: 1, stderr: 'error: no such file: a.wit\nhint: check the path\n' });
  });

  test('a usage error exits 2', () => {
    expect(reportError(new UsageError('missing argument <path>'), human).exitCode).toBe(2);
  });

  test('a user error under --json is one JSON line with code, message and hint', () => {
    const report = reportError(new UserError('io', 'cannot read', { hint: 'h' }), { json: true, verbose: false });
    expect(JSON.parse(report.stderr)).toEqual({ error: { code: 'io', message: 'cannot read', hint: 'h' } });
  });

  test('an unknown error is reported as a bug, with the stack only under --verbose', () => {
    const quiet = reportError(new TypeError('x is undefined'), human);
    expect(quiet.exitCode).toBe(1);
    expect(quiet.stderr).toContain('This is a bug in obelisk');
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const verbose = reportError(new InternalError('broken invariant'), { json: false, verbose: true });
    expect(verbose.stderr).toMatch(/InternalError: broken invariant\n\s+at /);
  });

  test('an ExitFailure exits 1 silently', () => {
    expect(reportError(new ExitFailure(), human)).toEqual({ exitCode: 1, stderr: '' });
  });
});
