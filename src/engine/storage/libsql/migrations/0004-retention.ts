/**
 * Schema version 4: retention finds finished top-level executions oldest first, checks that their
 * tree holds nothing unfinished, and lists a tree's executions, each from an index.
 */
export const MIGRATION_0004 = {
  version: 4,
  name: 'retention',
  sql: `
CREATE INDEX ix_execution_finished_top ON t_execution (finished_at, execution_id) WHERE is_top_level = 1 AND state = 'finished';
CREATE INDEX ix_execution_topmost ON t_execution (topmost_parent_id);
CREATE INDEX ix_execution_topmost_unfinished ON t_execution (topmost_parent_id) WHERE state <> 'finished';
`,
} as const;
