/** Schema version 1: executions, their event logs, join sets, responses, delays and logs. */
export const MIGRATION_0001 = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE t_execution (
  execution_id TEXT PRIMARY KEY NOT NULL,
  ffqn TEXT NOT NULL,
  params TEXT NOT NULL,
  queue TEXT NOT NULL,
  component_digest TEXT NOT NULL,
  seed TEXT,
  parent_id TEXT,
  parent_join_set_id TEXT,
  topmost_parent_id TEXT NOT NULL,
  is_top_level INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  first_scheduled_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  scheduled_at INTEGER,
  executor_id TEXT,
  run_id TEXT,
  lock_expires_at INTEGER,
  locked_at_version INTEGER,
  join_set_id TEXT,
  join_set_closing INTEGER,
  paused INTEGER NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  intermittent_failures INTEGER NOT NULL DEFAULT 0,
  retry TEXT,
  finished_at INTEGER,
  result_kind TEXT,
  failure_kind TEXT,
  result TEXT,
  summary_state TEXT GENERATED ALWAYS AS (
    CASE
      WHEN state = 'finished' THEN 'finished'
      WHEN cancel_requested = 1 THEN 'cancelling'
      WHEN paused = 1 THEN 'paused'
      WHEN state = 'locked' THEN 'locked'
      WHEN state = 'blocked-by-join-set' THEN 'blocked'
      ELSE 'pending'
    END
  ) VIRTUAL
) STRICT;

CREATE INDEX ix_execution_pending_ffqn ON t_execution (ffqn, scheduled_at) WHERE state = 'pending-at' AND paused = 0;
CREATE INDEX ix_execution_pending_queue ON t_execution (queue, scheduled_at) WHERE state = 'pending-at' AND paused = 0;
CREATE INDEX ix_execution_locked ON t_execution (lock_expires_at) WHERE state = 'locked';
CREATE INDEX ix_execution_created ON t_execution (created_at, execution_id);
CREATE INDEX ix_execution_created_top ON t_execution (created_at, execution_id) WHERE is_top_level = 1;
CREATE INDEX ix_execution_parent ON t_execution (parent_id);

CREATE TABLE t_event (
  execution_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  history_kind TEXT,
  join_set_id TEXT,
  payload TEXT NOT NULL,
  PRIMARY KEY (execution_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE t_join_set (
  execution_id TEXT NOT NULL,
  join_set_id TEXT NOT NULL,
  created_version INTEGER NOT NULL,
  requests INTEGER NOT NULL DEFAULT 0,
  awaited INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (execution_id, join_set_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE t_response (
  execution_id TEXT NOT NULL,
  cursor INTEGER NOT NULL,
  join_set_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  child_execution_id TEXT UNIQUE,
  delay_id TEXT UNIQUE,
  payload TEXT NOT NULL,
  PRIMARY KEY (execution_id, cursor)
) STRICT;

CREATE INDEX ix_response_join_set ON t_response (execution_id, join_set_id);

CREATE TABLE t_delay (
  delay_id TEXT PRIMARY KEY NOT NULL,
  execution_id TEXT NOT NULL,
  join_set_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_delay_expires ON t_delay (expires_at);
CREATE INDEX ix_delay_execution ON t_delay (execution_id);

CREATE TABLE t_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  execution_id TEXT NOT NULL,
  run_id TEXT,
  created_at INTEGER NOT NULL,
  stream TEXT,
  level INTEGER,
  context TEXT,
  message TEXT NOT NULL
) STRICT;

CREATE INDEX ix_log_execution ON t_log (execution_id, id);
`,
} as const;
