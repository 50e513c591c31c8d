/** Test helper: records a schema version in a database file the way a newer obelisk would. */
import Database from 'libsql';

export function bumpSchemaVersion(path: string, version: number): void {
  const db = new Database(path);
  try {
    db.prepare('INSERT INTO t_migration (version, name) VALUES (:version, :name)').run({ version, name: 'from-the-future' });
  } finally {
    db.close();
  }
}
