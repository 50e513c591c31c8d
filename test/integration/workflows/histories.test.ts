/**
 * Replay of recorded histories kept as fixtures (`test/fixtures/histories/*.json`): each is
 * the event log and responses of a real execution. Replaying it with today's runtime and
 * fixture component must make the same decisions and return the recorded result; a
 * tampered copy must be reported as nondeterminism. Regenerate the fixtures with
 * `OBELISK_RECORD_HISTORIES=1 npx vitest run test/integration/workflows/histories.test.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  ExecutionId,
  type ExecutionEventRecord,
  type FinishedResult,
  type JoinSetResponseRecord,
  type JsonValue,
} from '../../../src/engine/index.js';
import { closeReplayRuntime, replayHistory } from './history-runtime.js';
import { watWorkflowFfqn, type WatWorkflowName } from '../../fixtures/wat/workflows.js';
import { REPO_ROOT } from '../../helpers/bin.js';
import { MODES, workflowEngine, type Mode } from './harness.js';

interface HistoryFixture {
  readonly workflow: WatWorkflowName;
  readonly ffqn: string;
  readonly params: readonly JsonValue[];
  readonly executionId: string;
  readonly seed: string;
  readonly createdAt: number;
  readonly events: readonly ExecutionEventRecord[];
  readonly responses: readonly JoinSetResponseRecord[];
  readonly result: FinishedResult;
}

const DIR = join(REPO_ROOT, 'test', 'fixtures', 'histories');
const RECORDED: readonly {
  readonly file: string;
  readonly workflow: WatWorkflowName;
  readonly params: readonly JsonValue[];
}[] = [
  { file: 'chain-3.json', workflow: 'chain', params: [3] },
  { file: 'fanout-4.json', workflow: 'fanout', params: [4] },
  { file: 'named.json', workflow: 'named', params: [] },
  { file: 'join-next-try.json', workflow: 'joinNextTry', params: [] },
];

const [awaitMode] = MODES as [Mode];

async function record(workflow: WatWorkflowName, params: readonly JsonValue[]): Promise<HistoryFixture> {
  const h = await workflowEngine({ mode: awaitMode, workflows: [workflow] });
  h.engine.start();
  const { executionId, result } = await h.run(watWorkflowFfqn(workflow), [...params]);
  const status = await h.engine.getStatus(executionId);
  if (result === null) {
    throw new Error(`${workflow} did not finish`);
  }
  return {
    workflow,
    ffqn: watWorkflowFfqn(workflow),
    params,
    executionId,
    seed: status.seed ?? executionId,
    createdAt: status.createdAt,
    events: await h.engine.getEvents(executionId),
    responses: await h.engine.getResponses(executionId),
    result,
  };
}

afterAll(closeReplayRuntime);

describe('recorded histories', () => {
  if (process.env['OBELISK_RECORD_HISTORIES'] === '1') {
    test.each(RECORDED)('record $file', async ({ file, workflow, params }) => {
      writeFileSync(join(DIR, file), `${JSON.stringify(await record(workflow, params), null, 1)}\n`);
    });
  }

  test.each(RECORDED)('$file replays to the recorded result', async ({ file }) => {
    const path = join(DIR, file);
    expect(existsSync(path)).toBe(true);
    const fixture = JSON.parse(readFileSync(path, 'utf8')) as HistoryFixture;
    const outcome = await replayHistory(fixture.workflow, {
      ...fixture,
      executionId: ExecutionId.parse(fixture.executionId),
    });
    expect(outcome).toEqual({
      kind: 'finished',
      events: [],
      result: fixture.result.kind === 'failure' ? null : { kind: fixture.result.kind, value: fixture.result.value },
    });
  });

  test('a tampered history is reported as nondeterminism at the changed event', async () => {
    const fixture = JSON.parse(readFileSync(join(DIR, 'chain-3.json'), 'utf8')) as HistoryFixture;
    const tampered = fixture.events.map<ExecutionEventRecord>((record) =>
      record.event.type === 'history' &&
      record.event.event.type === 'join-set-request' &&
      record.event.event.request.type === 'child-execution' &&
      record.event.event.joinSetId === 'o:2'
        ? {
            ...record,
            event: {
              ...record.event,
              event: { ...record.event.event, request: { ...record.event.event.request, params: [99] } },
            },
          }
        : record,
    );
    const changed = tampered.find((record, i) => record !== fixture.events[i]);
    const outcome = await replayHistory(fixture.workflow, {
      ...fixture,
      events: tampered,
      executionId: ExecutionId.parse(fixture.executionId),
    });
    expect(outcome).toMatchObject({ kind: 'nondeterminism', report: { eventIndex: changed?.version } });
    expect(JSON.stringify(outcome)).toContain('add-one([99])');
    expect(JSON.stringify(outcome)).toContain('add-one([1])');
  });
});
