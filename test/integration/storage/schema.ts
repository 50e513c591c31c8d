/** Test helpers that write schema versions into database files directly. */
import Database from 'libsql';
import { MIGRATIONS } from '../../../src/engine/storage/libsql/migrations/index.js';

export function bumpSchemaVersion(path: string, version: number): void {
  const db = new Database(path);
  try {
    db.prepare('INSERT INTO t_migration (version, name) VALUES (:version, :name)').run({
      version,
      name: 'from-the-future',
    });
  } finally {
    db.close();
  }
}

/** Creates a database file at an older schema version: only the migrations up to `version` applied. */
export function createAtSchemaVersion(path: string, version: number): void {
  const db = new Database(path);
  try {
    db.exec('CREATE TABLE IF NOT EXISTS t_migration (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL) STRICT');
    for (const migration of MIGRATIONS.filter((m) => m.version <= version)) {
      db.exec(migration.sql);
      db.prepare('INSERT INTO t_migration (version, name) VALUES (:version, :name)').run({
        version: migration.version,
        name: migration.name,
      });
    }
  } finally {
    db.close();
  }
}
