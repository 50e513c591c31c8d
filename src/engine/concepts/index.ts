/** The engine's vocabulary: IDs, FFQNs, events, states, results, retry policy, clocks and errors. */
export * from './brand.js';
export * from './clock.js';
export * from './coded-error.js';
export * from './echo.js';
export * from './errors.js';
export * from './events.js';
export * from './ffqn.js';
export * from './ids.js';
export * from './join-set-id.js';
export * from './json.js';
export * from './limits.js';
export * from './logs.js';
export * from './responses.js';
export * from './results.js';
export * from './retry.js';
export * from './states.js';
export * from './ulid.js';
