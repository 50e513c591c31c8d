/** The PostgreSQL store (shared by several obelisk processes). */
export { DEFAULT_SCHEMA, PostgresStore, describeConnection, openPostgresStore } from './store.js';
export type { PostgresStoreOptions } from './store.js';
export type { PgConnection } from './db.js';
export { SCHEMA_VERSION as POSTGRES_SCHEMA_VERSION } from './migrations/index.js';
