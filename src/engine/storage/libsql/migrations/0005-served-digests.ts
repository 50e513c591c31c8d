/**
 * Schema version 5: which process serves which component versions, until when. A process locks an
 * execution only if it has the execution's component digest, or if no live process has it.
 */
export const MIGRATION_0005 = {
  version: 5,
  name: 'served-digests',
  sql: `
CREATE TABLE t_served_digest (
  process_id TEXT NOT NULL,
  component_digest TEXT NOT NULL,
  alive_until INTEGER NOT NULL,
  PRIMARY KEY (process_id, component_digest)
) STRICT;
CREATE INDEX ix_served_digest ON t_served_digest (component_digest, alive_until);
`,
} as const;
