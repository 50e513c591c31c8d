/** PostgreSQL schema version 1: executions, their event logs, join sets, responses, delays and logs. */
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
  is_top_level SMALLINT NOT NULL,
  created_at BIGINT NOT NULL,
  first_scheduled_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  state TEXT NOT NULL,
  scheduled_at BIGINT,
  executor_id TEXT,
  run_id TEXT,
  lock_expires_at BIGINT,
  locked_at_version BIGINT,
  join_set_id TEXT,
  join_set_closing SMALLINT,
  paused SMALLINT NOT NULL DEFAULT 0,
  cancel_requested SMALLINT NOT NULL DEFAULT 0,
  intermittent_failures BIGINT NOT NULL DEFAULT 0,
  retry TEXT,
  finished_at BIGINT,
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
  ) STORED
);

CREATE INDEX ix_execution_pending_ffqn ON t_execution (ffqn, scheduled_at) WHERE state = 'pending-at' AND paused = 0;
CREATE INDEX ix_execution_pending_queue ON t_execution (queue, scheduled_at) WHERE state = 'pending-at' AND paused = 0;
CREATE INDEX ix_execution_locked ON t_execution (lock_expires_at) WHERE state = 'locked';
CREATE INDEX ix_execution_created ON t_execution (created_at, execution_id);
CREATE INDEX ix_execution_created_top ON t_execution (created_at, execution_id) WHERE is_top_level = 1;
CREATE INDEX ix_execution_parent ON t_execution (parent_id);
CREATE INDEX ix_execution_unfinished_digest ON t_execution (component_digest) WHERE state <> 'finished';

CREATE TABLE t_event (
  execution_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  history_kind TEXT,
  join_set_id TEXT,
  payload TEXT NOT NULL,
  PRIMARY KEY (execution_id, version)
);

CREATE TABLE t_join_set (
  execution_id TEXT NOT NULL,
  join_set_id TEXT NOT NULL,
  created_version BIGINT NOT NULL,
  requests BIGINT NOT NULL DEFAULT 0,
  awaited BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (execution_id, join_set_id)
);

CREATE TABLE t_response (
  execution_id TEXT NOT NULL,
  cursor BIGINT NOT NULL,
  join_set_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  child_execution_id TEXT UNIQUE,
  delay_id TEXT UNIQUE,
  payload TEXT NOT NULL,
  PRIMARY KEY (execution_id, cursor)
);

CREATE INDEX ix_response_join_set ON t_response (execution_id, join_set_id);

CREATE TABLE t_delay (
  delay_id TEXT PRIMARY KEY NOT NULL,
  execution_id TEXT NOT NULL,
  join_set_id TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE INDEX ix_delay_expires ON t_delay (expires_at);
CREATE INDEX ix_delay_execution ON t_delay (execution_id);

CREATE TABLE t_log (
  id BIGSERIAL PRIMARY KEY,
  execution_id TEXT NOT NULL,
  run_id TEXT,
  created_at BIGINT NOT NULL,
  stream TEXT,
  level INTEGER,
  context TEXT,
  message TEXT NOT NULL
);

CREATE INDEX ix_log_execution ON t_log (execution_id, id);
`,
} as const;
