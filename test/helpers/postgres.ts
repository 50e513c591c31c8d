/** A throwaway PostgreSQL server per test file (see `postgres-server.ts`). */
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from './postgres-server.js';

export { freePort, startPostgres, type TestPostgres } from './postgres-server.js';

/** Starts PostgreSQL before the current test file's tests and stops it after them. */
export function usePostgres(): { readonly current: () => TestPostgres } {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    current: () => {
      if (server === undefined) {
        throw new Error('PostgreSQL is not started (usePostgres must be called at the top of the file)');
      }
      return server;
    },
  };
}
