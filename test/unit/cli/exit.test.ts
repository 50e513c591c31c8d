import { describe, expect, test } from 'vitest';
import { ExitFailure, InternalError, UsageError, UserError } from '../../../src/cli/errors.js';
import { reportError } from '../../../src/cli/exit.js';
import { SchemaTooNew, StorageFailure } from '../../../src/engine/concepts/errors.js';

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

  test('a coded engine error is the user\'s to fix: exit 1 with its message and hint, never "a bug"', () => {
    expect(reportError(new SchemaTooNew('/d/obelisk.sqlite', 9, 2), human)).toEqual({
      exitCode: 1,
      stderr:
        'error: the database /d/obelisk.sqlite has schema version 9, but this obelisk supports schema versions up to 2\n' +
        'hint: upgrade obelisk to a version that knows this schema, or point it at a different database file\n',
    });
    const damaged = new StorageFailure('the database /d/obelisk.sqlite is damaged: x', { hint: 'restore it' });
    expect(JSON.parse(reportError(damaged, { json: true, verbose: false }).stderr)).toEqual({
      error: { code: 'storage-failure', message: 'the database /d/obelisk.sqlite is damaged: x', hint: 'restore it' },
    });
  });

  test('a Node system error code is not a coded error', () => {
    const error = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', hint: undefined });
    expect(reportError(error, human).stderr).toContain('This is a bug in obelisk');
  });

  test('an ExitFailure exits 1 silently', () => {
    expect(reportError(new ExitFailure(), human)).toEqual({ exitCode: 1, stderr: '' });
  });
});
