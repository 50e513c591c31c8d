/** Schema version 3: the durable state of `[[cron]]` entries (next firing, last firing). */
export const MIGRATION_0003 = {
  version: 3,
  name: 'cron',
  sql: `
CREATE TABLE t_cron (
  name TEXT PRIMARY KEY NOT NULL,
  spec_hash TEXT NOT NULL,
  next_fire_at INTEGER NOT NULL,
  last_fired_at INTEGER,
  last_execution_id TEXT,
  firings INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
) STRICT;
`,
} as const;
