import { describe, expect, test } from 'vitest';
import { numberParameters } from '../../../src/engine/storage/libsql/db.js';

describe('numberParameters', () => {
  test('numbers named parameters in order of first use; a repeated name keeps its number', () => {
    expect(numberParameters('INSERT INTO t VALUES (:b, (SELECT MAX(x) FROM t WHERE id = :a), :b, :a_2)')).toEqual({
      sql: 'INSERT INTO t VALUES (?1, (SELECT MAX(x) FROM t WHERE id = ?2), ?1, ?3)',
      names: ['b', 'a', 'a_2'],
    });
  });

  test('leaves quoted text alone', () => {
    expect(numberParameters(`SELECT ':x', "a:y", 'it''s :z' FROM t WHERE s = 'pending-at' AND id = :id`)).toEqual({
      sql: `SELECT ':x', "a:y", 'it''s :z' FROM t WHERE s = 'pending-at' AND id = ?1`,
      names: ['id'],
    });
  });

  test('a statement without parameters is unchanged', () => {
    expect(numberParameters('COMMIT')).toEqual({ sql: 'COMMIT', names: [] });
  });
});
