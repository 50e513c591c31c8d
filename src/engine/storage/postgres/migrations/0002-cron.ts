/** PostgreSQL schema version 2: the durable state of `[[cron]]` entries (next firing, last firing). */
export const MIGRATION_0002 = {
  version: 2,
  name: 'cron',
  sql: `
CREATE TABLE t_cron (
  name TEXT PRIMARY KEY NOT NULL,
  spec_hash TEXT NOT NULL,
  next_fire_at BIGINT NOT NULL,
  last_fired_at BIGINT,
  last_execution_id TEXT,
  firings BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
`,
} as const;
