/**
 * The HTTP API of obelisk (JSON, Server-Sent Events for following a result, optional bearer
 * token), described by the `/openapi.json` it generates from its route table. Routes, shapes
 * and error codes are documented in `docs/api.md`.
 *
 * @example
 * ```ts
 * const api = await startApiServer({ engine, host: '127.0.0.1', port: 5005, version: VERSION });
 * // ... later
 * await api.close();
 * ```
 */
export {
  startApiServer,
  ApiServerListenError,
  ListenErrorCode,
  type ApiServer,
  type ApiServerOptions,
} from './start.js';
export { buildOpenApi, type OpenApiDocument } from './openapi.js';
export { ROUTES } from './routes/index.js';
export { SseEvent } from './routes/result.js';
export type { Route } from './route.js';
