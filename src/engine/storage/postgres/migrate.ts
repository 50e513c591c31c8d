/**
 * Brings a PostgreSQL schema to {@link SCHEMA_VERSION} in one transaction under an
 * advisory lock (processes starting together take turns; the later ones find the work
 * done), and refuses a schema whose recorded version is newer than this code knows.
 */
import { SchemaTooNew, StorageFailure } from '../../concepts/index.js';
import type { Conn, Db } from './db.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

/** The highest migration recorded in the schema (0 for a new one). */
export async function readSchemaVersion(c: Conn): Promise<number> {
  const row = await c.get('SELECT COALESCE(MAX(version), 0) AS version FROM t_migration');
  return Number(row?.['version'] ?? 0);
}

/** A quoted identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates the schema if needed and applies missing migrations; returns the schema version. */
export async function migrate(db: Db, schema: string, location: string): Promise<number> {
  return db.transaction(async (c) => {
    await c.run("SELECT pg_advisory_xact_lock(hashtext('obelisk-migrate:' || :schema))", { schema });
    await c.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await c.run(
      `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.t_migration (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL)`,
    );
    let current = await readSchemaVersion(c);
    if (current > SCHEMA_VERSION) {
      throw new SchemaTooNew(location, current, SCHEMA_VERSION);
    }
    for (const migration of MIGRATIONS) {
      if (current >= migration.version) {
        continue;
      }
      if (current !== migration.version - 1) {
        throw new StorageFailure(
          `the database ${location} is at schema version ${current}; cannot apply migration ${migration.version}`,
        );
      }
      await c.run(migration.sql);
      await c.run('INSERT INTO t_migration (version, name) VALUES (:version, :name)', {
        version: migration.version,
        name: migration.name,
      });
      current = migration.version;
    }
    return current;
  });
}
