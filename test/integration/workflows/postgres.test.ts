/**
 * The workflow suites (join sets, children, sleep and timers, schedules, cancellation) on
 * PostgreSQL: the same files as on libSQL, with every engine on a fresh schema.
 */
import { openPostgresStore } from '../../../src/engine/index.js';
import { usePostgres } from '../../helpers/postgres.js';
import { setWorkflowStore } from './harness.js';

const server = usePostgres();
let schemas = 0;

setWorkflowStore((clock) =>
  openPostgresStore({
    connection: { connectionString: server.current().url },
    schema: `workflows_${schemas++}`,
    poolSize: 4,
    ...(clock === undefined ? {} : { clock }),
  }),
);

await import('./join-sets.test.js');
await import('./timers.test.js');
await import('./extras.test.js');
