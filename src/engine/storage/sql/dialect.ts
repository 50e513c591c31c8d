/** The few statements and conditions whose SQL differs between SQLite (libSQL) and PostgreSQL. */

export interface Dialect {
  /** A condition: the text `column` starts with the text parameter `:param`. */
  startsWith(column: string, param: string): string;
  /** A condition: `column` is one of the texts of the parameter `:param`, a JSON array. */
  inJsonArray(column: string, param: string): string;
  /** Selects `name`: obelisk's tables (`t_*`) in the store's database or schema, by name. */
  readonly tables: string;
  /**
   * Appended to the selection of the pending rows `lockPending` locks: PostgreSQL row-locks them,
   * skipping those another process is locking (`FOR UPDATE SKIP LOCKED`); a libSQL connection
   * holds the database's write lock already.
   */
  readonly lockPending: string;
}

export const SQLITE: Dialect = {
  startsWith: (column, param) => `substr(${column}, 1, length(:${param})) = :${param}`,
  inJsonArray: (column, param) => `${column} IN (SELECT value FROM json_each(:${param}))`,
  tables: `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\' ORDER BY name`,
  lockPending: '',
};

export const POSTGRES: Dialect = {
  startsWith: (column, param) => `starts_with(${column}, :${param})`,
  // An array (one init plan), so that the index on `column` serves `= ANY`.
  inJsonArray: (column, param) => `${column} = ANY(ARRAY(SELECT jsonb_array_elements_text(CAST(:${param} AS jsonb))))`,
  tables: `SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_name LIKE 't\\_%' ORDER BY table_name`,
  lockPending: 'FOR UPDATE SKIP LOCKED',
};
