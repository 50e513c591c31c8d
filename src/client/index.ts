/**
 * The typed client of the obelisk HTTP API (used by the CLI's client commands and the TUI).
 * It talks HTTP only: no engine imports. Shapes are in `types.ts` and `docs/api.md`.
 *
 * @example
 * ```ts
 * const api = createApiClient({ baseUrl: 'http://127.0.0.1:5005' });
 * const { execution_id } = await api.submit({ ffqn: 'testing:fibo/fibo.fibo', params: [10] });
 * const result = await api.followResult(execution_id); // { finished: { kind: 'ok', value: 55 }, ... }
 * ```
 */
export { createApiClient, type ApiClient, type ApiClientOptions, type FollowOptions } from './client.js';
export { ApiError, ApiProtocolError, ApiTimeoutError, ApiUnreachableError } from './errors.js';
export { DEFAULT_STREAM_TIMEOUT_MS, DEFAULT_TIMEOUT_MS } from './idle.js';
export { parseSse, type SseMessage } from './sse.js';
export type * from './types.js';
