/** Store interfaces (by role), their data shapes, and shared backend-neutral helpers. */
export * from './stores.js';
export * from './types.js';
export * from './retention.js';
export { Notifier, matchesPendingFilter } from './notifier.js';
