/** The libSQL backend of the store. */
export { LibsqlStore, openLibsqlStore, type LibsqlSettings, type LibsqlStoreOptions } from './store.js';
export type { SynchronousMode } from './db.js';
export { SCHEMA_VERSION } from './migrations/index.js';
