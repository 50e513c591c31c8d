/** A fresh libSQL database file holding one pending execution of `ffqn` (the store that made it is closed). */
import { join } from 'node:path';
import {
  ExecutionId,
  SimClock,
  UlidGenerator,
  type ComponentDigest,
  type Ffqn,
} from '../../../src/engine/concepts/index.js';
import { openLibsqlStore } from '../../../src/engine/storage/libsql/index.js';
import { makeTempDir } from '../../helpers/tmp.js';

export interface OneExecution {
  readonly path: string;
  readonly clock: SimClock;
  readonly executionId: ExecutionId;
}

export async function databaseWithOneExecution(ffqn: Ffqn): Promise<OneExecution> {
  const path = join(makeTempDir('obelisk-one-execution-'), 'one.sqlite');
  const clock = new SimClock();
  const executionId = ExecutionId.generate(clock, new UlidGenerator());
  const store = await openLibsqlStore({ path, clock });
  await store.createExecution({
    executionId,
    ffqn,
    params: [],
    componentDigest: `sha256:${'ab'.repeat(32)}` as ComponentDigest,
    scheduledAt: clock.now(),
    now: clock.now(),
  });
  await store.close();
  return { path, clock, executionId };
}
