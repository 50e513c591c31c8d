/**
 * Several engines in separate processes on one PostgreSQL database: they share the work,
 * never hold one execution at the same time, record every activity result once, and carry
 * on when one of them is SIGKILLed or when PostgreSQL restarts.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import {
  createEngine,
  openPostgresStore,
  cronExecutionId,
  type Engine,
  type ExecutionEventRecord,
  type ExecutionId,
  type PostgresStore,
} from '../../../src/engine/index.js';
import { buildWatActivity, watActivityFfqn } from '../../fixtures/wat/activities.js';
import { buildWatWorkflow, watWorkflowFfqn } from '../../fixtures/wat/workflows.js';
import { distUrl, spawnScript, type ChildScript } from '../../helpers/child-process.js';
import { TEST_CODEGEN_DIR } from '../../helpers/components.js';
import { eventually } from '../../helpers/eventually.js';
import { usePostgres } from '../../helpers/postgres.js';
import { makeTempDir } from '../../helpers/tmp.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FANOUT = 3;
const server = usePostgres();
let schemas = 0;
const children: ChildScript[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
    await child.exited;
  }
});

interface Cluster {
  readonly store: PostgresStore;
  readonly submitter: Engine;
  /** Starts a process; with `cronEveryMs`, it also runs the cron entry `tick` calling the activity that often. */
  start(cronEveryMs?: number): Promise<ChildScript>;
  close(): Promise<void>;
}

async function cluster(): Promise<Cluster> {
  const dir = makeTempDir('obelisk-pg-procs-');
  const schema = `procs_${schemas++}`;
  const activity = await buildWatActivity('ok');
  const workflow = await buildWatWorkflow('fanout');
  writeFileSync(join(dir, 'activity.wasm'), activity);
  writeFileSync(join(dir, 'workflow.wasm'), workflow);
  const store = await openPostgresStore({ connection: { connectionString: server.current().url }, schema });
  // Not started: only submits and reads.
  const submitter = await createEngine({
    store,
    codegenCacheDir: TEST_CODEGEN_DIR,
    activities: [{ name: 'ok', bytes: activity }],
    workflows: [{ name: 'fanout', bytes: workflow }],
  });
  const args = [distUrl(), server.current().url, schema, TEST_CODEGEN_DIR, join(dir, 'activity.wasm')];
  return {
    store,
    submitter,
    async start(cronEveryMs?: number) {
      const cron = cronEveryMs === undefined ? [] : [String(cronEveryMs), watActivityFfqn('ok')];
      const child = spawnScript(join(HERE, 'pg-child.js'), [...args, join(dir, 'workflow.wasm'), ...cron]);
      children.push(child);
      await child.waitForLine((line) => line === 'started', 120_000);
      return child;
    },
    async close() {
      await submitter.stop(0);
      await store.close();
    },
  };
}

async function submitAll(engine: Engine, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await engine.submit(watWorkflowFfqn('fanout'), [FANOUT])).executionId);
  }
  return ids;
}

async function finishedCount(store: PostgresStore): Promise<number> {
  const page = await store.listExecutions({ state: 'finished', limit: 1000 });
  return page.executions.length;
}

/** Between two `locked` events a lock must have ended: an unlock / failure event, or a workflow step. */
function checkOneLockAtATime(id: string, events: readonly ExecutionEventRecord[], workflow: boolean): void {
  let held = false;
  for (const { event } of events) {
    if (event.type === 'locked') {
      expect(held, `${id}: locked again while a lock was held`).toBe(false);
      held = true;
    } else if (['unlocked', 'temporarily-failed', 'temporarily-timed-out', 'finished'].includes(event.type)) {
      held = false;
    } else if (workflow && event.type === 'history' && event.event.type === 'join-next') {
      // A step ending in join-next may block the workflow, which releases the lock without an event.
      held = false;
    }
  }
}

/** Every workflow's result is right, locks never overlapped, every child finished once and was delivered once. */
async function checkRun(store: PostgresStore, ids: readonly string[]): Promise<Set<string>> {
  const executors = new Set<string>();
  const want = (FANOUT * (FANOUT + 1)) / 2;
  for (const id of ids) {
    const record = await store.getExecution(id as ExecutionId);
    expect(record.state).toMatchObject({ type: 'finished', result: { kind: 'ok', value: want } });
    const events = await store.getEvents(id as ExecutionId);
    checkOneLockAtATime(id, events, true);
    const responses = await store.getResponses(id as ExecutionId);
    const delivered = responses.flatMap((r) =>
      r.response.type === 'child-finished' ? [r.response.childExecutionId] : [],
    );
    expect(new Set(delivered).size).toBe(FANOUT);
    expect(delivered).toHaveLength(FANOUT);
    for (const childId of delivered) {
      const childEvents = await store.getEvents(childId);
      checkOneLockAtATime(childId, childEvents, false);
      expect(childEvents.filter((e) => e.event.type === 'finished')).toHaveLength(1);
      for (const { event } of [...events, ...childEvents]) {
        if (event.type === 'locked') {
          executors.add(event.executorId);
        }
      }
    }
  }
  return executors;
}

describe('engines in separate processes on one PostgreSQL database', () => {
  test.each([
    [2, 500],
    [3, 500],
  ])(
    '%i processes run %i fanout workflows: right results, one lock at a time, each result recorded once',
    { tags: ['slow'] },
    async (processes, count) => {
      const c = await cluster();
      await Promise.all(Array.from({ length: processes }, () => c.start()));
      const ids = await submitAll(c.submitter, count);
      await eventually(
        () => finishedCount(c.store),
        (n) => n === count,
        240_000,
      );
      const executors = await checkRun(c.store, ids);
      expect(executors.size).toBeGreaterThanOrEqual(processes);
      console.log(`${processes} processes: ${count} workflows, ${executors.size} executors took locks`);
      await c.close();
    },
  );

  test(
    'chaos: one of three processes is SIGKILLed and restarted every few seconds; all workflows finish right',
    { tags: ['slow'] },
    async () => {
      const c = await cluster();
      const running = await Promise.all([c.start(), c.start(), c.start()]);
      const ids = await submitAll(c.submitter, 300);
      const until = Date.now() + 60_000;
      let kills = 0;
      for (let i = 0; Date.now() < until && (await finishedCount(c.store)) < ids.length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        const victim = running[i % running.length] as ChildScript;
        victim.kill('SIGKILL');
        await victim.exited;
        kills++;
        running[i % running.length] = await c.start();
      }
      await eventually(
        () => finishedCount(c.store),
        (n) => n === ids.length,
        240_000,
      );
      await checkRun(c.store, ids);
      console.log(`chaos: ${kills} SIGKILLs, ${ids.length} workflows finished with the right results`);
      await c.close();
    },
  );

  test(
    'PostgreSQL restarted in the middle of a run: the processes reconnect and finish everything',
    {
      tags: ['slow'],
    },
    async () => {
      const c = await cluster();
      await Promise.all([c.start(), c.start()]);
      const ids = await submitAll(c.submitter, 100);
      await eventually(
        () => finishedCount(c.store),
        (n) => n >= 10,
        120_000,
      );
      server.current().restart();
      await eventually(
        () => finishedCount(c.store).catch(() => 0),
        (n) => n === ids.length,
        240_000,
      );
      await checkRun(c.store, ids);
      await c.close();
    },
  );

  test('two processes running one cron entry, one SIGKILLed and restarted: every instant fires once', async () => {
    const c = await cluster();
    const everyMs = 1_000;
    const first = await c.start(everyMs);
    await c.start(everyMs);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    first.kill('SIGKILL');
    await first.exited;
    await c.start(everyMs);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    // The entry keeps firing while this reads: a listing counts only when the entry's count of
    // firings is the same before and after it.
    let firings: number | undefined;
    let fired: Awaited<ReturnType<PostgresStore['listExecutions']>>['executions'] = [];
    for (let stable = false; !stable;) {
      const [before] = await c.store.listCronStates();
      const page = await c.store.listExecutions({ limit: 1000 });
      const [after] = await c.store.listCronStates();
      stable = before?.firings === after?.firings;
      firings = after?.firings;
      fired = page.executions.filter((e) => String(e.ffqn) === watActivityFfqn('ok'));
    }
    expect(firings).toBe(fired.length);
    expect(fired.length).toBeGreaterThanOrEqual(6);
    // The IDs are those of consecutive instants: none fired twice, none skipped across the kill.
    const records = await Promise.all(fired.map((e) => c.store.getExecution(e.executionId)));
    const instants = records.map((r) => r.firstScheduledAt).sort((a, b) => a - b);
    const start = instants[0] as number;
    expect(fired.map((e) => e.executionId).sort()).toEqual(
      instants.map((_, i) => cronExecutionId('tick', start + i * everyMs)).sort(),
    );
    // Each of them finishes, including one the killed process held (after its lock expired).
    // Counting all finished executions would not do: later instants keep adding to that count.
    await eventually(
      async () => {
        const states = await Promise.all(
          fired.map(async (e) => (await c.store.getExecution(e.executionId)).state.type),
        );
        return states.filter((type) => type === 'finished').length;
      },
      (n) => n === fired.length,
      30_000,
    );
    await c.close();
  });
});
