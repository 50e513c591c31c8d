/**
 * Runs a recorded workflow history through the workflow runtime read-only (what
 * `engine.replay` does, without a store): the fixture's component and the `ok` activity
 * are registered and linked, then the run is answered by a `ReplayHost`.
 */
import {
  ComponentDigest,
  type ExecutionEventRecord,
  type ExecutionId,
  type JoinSetResponseRecord,
  type JsonValue,
} from '../../../src/engine/concepts/index.js';
import { ComponentKind, ComponentRegistry, loadComponentTypes } from '../../../src/engine/components/registry.js';
import { silentLogger } from '../../../src/engine/executor/index.js';
import { contentDigest } from '../../../src/engine/runtime/index.js';
import { linkWorkflow } from '../../../src/engine/runtime/workflow/link.js';
import type { RunOutcome } from '../../../src/engine/runtime/workflow/protocol.js';
import { ReplayHost } from '../../../src/engine/runtime/workflow/replay-host.js';
import { WorkflowRuntime } from '../../../src/engine/runtime/workflow/workflow-runtime.js';
import { buildWatActivity } from '../../fixtures/wat/activities.js';
import { buildWatWorkflow, type WatWorkflowName } from '../../fixtures/wat/workflows.js';
import { TEST_CODEGEN_DIR } from '../../helpers/components.js';

export interface RecordedRun {
  readonly ffqn: string;
  readonly params: readonly JsonValue[];
  readonly executionId: ExecutionId;
  readonly seed: string;
  readonly createdAt: number;
  readonly events: readonly ExecutionEventRecord[];
  readonly responses: readonly JoinSetResponseRecord[];
}

let runtime: WorkflowRuntime | null = null;

export async function replayHistory(workflow: WatWorkflowName, run: RecordedRun): Promise<RunOutcome | null> {
  runtime ??= new WorkflowRuntime({
    cacheDir: TEST_CODEGEN_DIR,
    maxThreads: 1,
    store: { appendLogs: () => Promise.resolve() },
    logger: silentLogger,
  });
  const registry = new ComponentRegistry();
  const activity = await buildWatActivity('ok');
  registry.add(
    loadComponentTypes('ok', ComponentKind.activityWasm, ComponentDigest.parse(contentDigest(activity)), activity),
  );
  const bytes = await buildWatWorkflow(workflow);
  const component = loadComponentTypes(
    workflow,
    ComponentKind.workflow,
    ComponentDigest.parse(contentDigest(bytes)),
    bytes,
  );
  registry.add(component);
  const linked = linkWorkflow(component, registry);
  if (!linked.ok) {
    throw new Error(linked.problems.join('\n'));
  }
  const digest = await runtime.load(bytes, component.resolve, linked.plan);
  const lastVersion = run.events.at(-1)?.version ?? 0;
  const host = new ReplayHost(true, lastVersion, () =>
    Promise.resolve({ type: 'error', message: 'not used by these fixtures' }),
  );
  return runtime.run(
    {
      digest,
      executionId: run.executionId,
      ffqn: run.ffqn as never,
      params: run.params,
      seed: run.seed,
      createdAt: run.createdAt,
      events: run.events,
      responses: run.responses,
    },
    host,
    null,
    new AbortController().signal,
  );
}

export async function closeReplayRuntime(): Promise<void> {
  await runtime?.close();
  runtime = null;
}
