/**
 * Brings a database to {@link SCHEMA_VERSION}: creates the migration table, applies
 * missing migrations in order (each in its own `BEGIN IMMEDIATE` transaction, so
 * two processes opening a new file at once do not both apply one), and refuses a
 * database whose recorded version is newer than this code knows.
 */
import { SchemaTooNew, StorageFailure } from '../../concepts/index.js';
import type { Db } from './db.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

const CREATE_TABLE =
  'CREATE TABLE IF NOT EXISTS t_migration (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL) STRICT';

/** The highest migration recorded in the database (0 for a new one). */
export function readSchemaVersion(db: Db): number {
  const row = db.get('SELECT COALESCE(MAX(version), 0) AS version FROM t_migration');
  return Number(row?.['version'] ?? 0);
}

/** Applies missing migrations; throws `SchemaTooNew` for a database from a newer obelisk. */
export function migrate(db: Db, location: string): number {
  db.write(() => db.exec(CREATE_TABLE));
  for (const migration of MIGRATIONS) {
    db.write(() => {
      const current = readSchemaVersion(db);
      if (current > SCHEMA_VERSION) {
        throw new SchemaTooNew(location, current, SCHEMA_VERSION);
      }
      if (current >= migration.version) {
        return;
      }
      if (current !== migration.version - 1) {
        throw new StorageFailure(
          `the database ${location} is at schema version ${current}; cannot apply migration ${migration.version}`,
        );
      }
      db.exec(migration.sql);
      db.run('INSERT INTO t_migration (version, name) VALUES (:version, :name)', {
        version: migration.version,
        name: migration.name,
      });
    });
  }
  const version = readSchemaVersion(db);
  if (version > SCHEMA_VERSION) {
    throw new SchemaTooNew(location, version, SCHEMA_VERSION);
  }
  return version;
}
