/** A replay that asks for something other than what the event log recorded is nondeterminism. */
import { join } from 'node:path';
import Database from 'libsql';
import { describe, expect, test } from 'vitest';
import { createEngine, openLibsqlStore } from '../../../src/engine/index.js';
import { buildWatActivity } from '../../fixtures/wat/activities.js';
import { buildWatWorkflow, watWorkflowFfqn } from '../../fixtures/wat/workflows.js';
import { TEST_CODEGEN_DIR } from '../../helpers/components.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { APPROVAL_STUB_WIT, MODES, eventually, workflowEngine, type Mode } from './harness.js';
import { writeFileSync } from 'node:fs';

const [awaitMode] = MODES as [Mode];

describe('read-only replay', () => {
  test('of a finished execution against its own component is ok and writes nothing', async () => {
    const h = await workflowEngine({ mode: awaitMode, workflows: ['nondeterministic'] });
    h.engine.start();
    const { executionId, result } = await h.run(watWorkflowFfqn('nondeterministic'), []);
    expect(result).toEqual({ kind: 'ok', value: 2 });
    const before = await h.engine.getEvents(executionId);
    expect(await h.engine.replay(executionId)).toEqual({ ok: true });
    expect(await h.engine.getEvents(executionId)).toEqual(before);
  });

  test('against a different component reports the event index, what was recorded and what was asked', async () => {
    const h = await workflowEngine({ mode: awaitMode, workflows: ['nondeterministic'] });
    h.engine.start();
    const { executionId } = await h.run(watWorkflowFfqn('nondeterministic'), []);
    const report = await h.engine.replay(executionId, await buildWatWorkflow('nondeterministicChanged'));
    expect(report).toEqual({
      ok: false,
      report: {
        eventIndex: 3,
        recorded: `child ${executionId}.o:1_1 testing:activities/ok@1.0.0.add-one([0])`,
        requested: `child ${executionId}.o:1_1 testing:activities/ok@1.0.0.add-one([1])`,
      },
    });
  });
});

describe('a run that replays differently from its log', () => {
  test('finishes the execution as nondeterminism-detected with the report', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'obelisk.sqlite');
    const wit = join(dir, 'approval.wit');
    writeFileSync(wit, APPROVAL_STUB_WIT);
    const start = async () => {
      const store = await openLibsqlStore({ path });
      const engine = await createEngine({
        store,
        codegenCacheDir: TEST_CODEGEN_DIR,
        maxWorkers: 1,
        activities: [{ name: 'ok', bytes: await buildWatActivity('ok') }],
        stubs: [{ name: 'approval', wit }],
        workflows: [
          {
            name: 'stub',
            bytes: await buildWatWorkflow('stubWait'),
            blockingStrategy: 'interrupt',
            exec: { tickSleepMs: 10 },
          },
        ],
      });
      engine.start();
      return { store, engine };
    };
    const first = await start();
    const { executionId } = await first.engine.submit(watWorkflowFfqn('stubWait'), [7]);
    await eventually(
      () => first.engine.getStatus(executionId),
      (s) => s.state.type === 'blocked-by-join-set',
    );
    await first.engine.stop();
    await first.store.close();

    // Rewrite history: the log now says the workflow asked to approve request 8.
    const db = new Database(path);
    const changed = db
      .prepare(
        "UPDATE t_event SET payload = replace(payload, '\"params\":[7]', '\"params\":[8]') WHERE execution_id = ? AND history_kind = 'join-set-request'",
      )
      .run(executionId);
    db.close();
    expect(changed.changes).toBe(1);

    const second = await start();
    await second.engine.stub(`${executionId}.o:1_1`, { ok: 'anna' });
    const result = await second.engine.awaitResult(executionId, { timeoutMs: 30_000 });
    expect(result).toEqual({
      kind: 'failure',
      failureKind: 'nondeterminism-detected',
      detail: `nondeterminism detected at event 3: recorded child ${executionId}.o:1_1 testing:stubs/approval@1.0.0.approve([8]), but the code asked for child ${executionId}.o:1_1 testing:stubs/approval@1.0.0.approve([7])`,
    });
    await second.engine.stop();
    await second.store.close();
  });
});
