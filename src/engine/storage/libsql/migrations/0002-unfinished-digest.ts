/**
 * Schema version 2: finds the unfinished executions of a component version quickly, so that an
 * engine can unload a replaced version once nothing runs on it any more.
 */
export const MIGRATION_0002 = {
  version: 2,
  name: 'unfinished-by-digest',
  sql: `
CREATE INDEX ix_execution_unfinished_digest ON t_execution (component_digest) WHERE state <> 'finished';
`,
} as const;
