import { describe, expect, test } from 'vitest';
import {
  Conflict,
  type EngineError,
  EngineErrorCode,
  InvalidState,
  NotFound,
  SchemaTooNew,
  StorageBusy,
  StorageFailure,
  VersionConflict,
  isRetriable,
} from '../../../src/engine/concepts/errors.js';

describe('engine errors', () => {
  test('each error has a stable code and a name', () => {
    const cases: [EngineError, string, string][] = [
      [new VersionConflict('E_x', 3, 4), 'version-conflict', 'VersionConflict'],
      [new NotFound('execution', 'E_x'), 'not-found', 'NotFound'],
      [new Conflict('different params'), 'conflict', 'Conflict'],
      [new InvalidState('finished'), 'invalid-state', 'InvalidState'],
      [new SchemaTooNew('db.sqlite', 9, 1), 'schema-too-new', 'SchemaTooNew'],
      [new StorageBusy('locked'), 'storage-busy', 'StorageBusy'],
      [new StorageFailure('io'), 'storage-failure', 'StorageFailure'],
    ];
    for (const [error, code, name] of cases) {
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(Error);
      expect(Object.values(EngineErrorCode)).toContain(code);
    }
  });

  test('only storage faults are retriable; a version conflict needs a re-read', () => {
    expect(isRetriable(new StorageBusy('locked'))).toBe(true);
    expect(isRetriable(new StorageFailure('disk full'))).toBe(true);
    expect(isRetriable(new VersionConflict('E_x', 1, 2))).toBe(false);
    expect(isRetriable(new Conflict('x'))).toBe(false);
    expect(isRetriable(new NotFound('execution', 'E_x'))).toBe(false);
    expect(isRetriable(new SchemaTooNew('f', 2, 1))).toBe(false);
    expect(isRetriable(new Error('plain'))).toBe(false);
  });

  test('a version conflict says which versions clashed', () => {
    const error = new VersionConflict('E_x', 3, 5);
    expect(error.message).toBe('version conflict on E_x: expected version 3, but it is at version 5');
    expect([error.expectedVersion, error.actualVersion]).toEqual([3, 5]);
  });

  test('schema too new says which version the database has, which is supported, and what to do', () => {
    const error = new SchemaTooNew('/data/obelisk.sqlite', 7, 1);
    expect(error.message).toContain('schema version 7');
    expect(error.message).toContain('up to 1');
    expect(error.toJSON()).toEqual({
      code: 'schema-too-new',
      message: error.message,
      hint: expect.stringContaining('upgrade obelisk') as string,
    });
  });

  test('the cause is kept', () => {
    const cause = new Error('disk');
    expect(new StorageFailure('io', { cause }).cause).toBe(cause);
  });
});
