/**
 * Schema version 6: the unfinished executions by creation time, so that listing by a state other
 * than finished reads only unfinished rows, however many finished ones the database keeps.
 */
export const MIGRATION_0006 = {
  version: 6,
  name: 'unfinished-by-created',
  sql: `
CREATE INDEX ix_execution_unfinished_created ON t_execution (created_at, execution_id) WHERE state <> 'finished';
`,
} as const;
