/** An engine on a fresh database file for one benchmark repetition. */
import { join } from 'node:path';
import {
  createEngine,
  openLibsqlStore,
  openPostgresStore,
  type ActivityConfig,
  type Engine,
  type Store,
  type WorkflowConfig,
} from '../../src/engine/index.js';
import { freshSchema, type BenchContext } from './context.js';

export interface BenchEngine {
  readonly engine: Engine;
  readonly store: Store;
  close(): Promise<void>;
}

export interface BenchComponents {
  readonly activities?: readonly Omit<ActivityConfig, 'exec'>[];
  readonly workflows?: readonly Omit<WorkflowConfig, 'exec'>[];
}

export async function benchEngine(ctx: BenchContext, components: BenchComponents): Promise<BenchEngine> {
  const url = ctx.options.postgresUrl;
  const store =
    url === undefined
      ? await openLibsqlStore({ path: join(ctx.tempDir(), 'bench.sqlite'), synchronous: ctx.options.sync })
      : await openPostgresStore({ connection: { connectionString: url }, schema: freshSchema() });
  const engine = await createEngine({
    store,
    codegenCacheDir: ctx.codegenDir,
    activities: components.activities ?? [],
    workflows: components.workflows ?? [],
  });
  engine.start();
  return {
    engine,
    store,
    async close() {
      await engine.stop();
      await store.close();
    },
  };
}
