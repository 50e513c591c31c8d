/**
 * PostgreSQL schema version 4: which process serves which component versions, until when. A
 * process locks an execution only if it has the execution's component digest, or if no live
 * process has it.
 */
export const MIGRATION_0004 = {
  version: 4,
  name: 'served-digests',
  sql: `
CREATE TABLE t_served_digest (
  process_id TEXT NOT NULL,
  component_digest TEXT NOT NULL,
  alive_until BIGINT NOT NULL,
  PRIMARY KEY (process_id, component_digest)
);
CREATE INDEX ix_served_digest ON t_served_digest (component_digest, alive_until);
`,
} as const;
