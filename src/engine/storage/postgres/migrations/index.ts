/**
 * The PostgreSQL schema migrations, applied in order. Append-only: never edit a
 * released migration; add the next number instead.
 */
import { MIGRATION_0001 } from './0001-initial.js';
import { MIGRATION_0002 } from './0002-cron.js';
import { MIGRATION_0003 } from './0003-retention.js';
import { MIGRATION_0004 } from './0004-served-digests.js';
import { MIGRATION_0005 } from './0005-unfinished-created.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  MIGRATION_0001,
  MIGRATION_0002,
  MIGRATION_0003,
  MIGRATION_0004,
  MIGRATION_0005,
];

/** The schema version this code creates and understands. */
export const SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;
