/**
 * Read-only replay of a workflow execution (`engine.replay`): runs the workflow against its
 * recorded log — with the component it ran on, or with other bytes — and reports whether the
 * code makes the same decisions. Nothing is written.
 */
import { ComponentDigest, FinishedResult, InvalidArgument, type ExecutionId } from '../concepts/index.js';
import {
  ComponentKind,
  ComponentLoadError,
  type ComponentRegistry,
  loadComponentTypes,
} from '../components/registry.js';
import { contentDigest } from '../runtime/index.js';
import type { NondeterminismReport } from '../runtime/workflow/errors.js';
import { linkWorkflow } from '../runtime/workflow/link.js';
import { END_OF_HISTORY, ReplayHost } from '../runtime/workflow/replay-host.js';
import { checkStub, resolveFunction } from '../runtime/workflow/run-handler.js';
import type { WorkflowRuntime } from '../runtime/workflow/workflow-runtime.js';
import type { Store } from '../storage/index.js';

export type ReplayResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly report: NondeterminismReport }
  | { readonly ok: false; readonly trap: string };

export interface ReplayDeps {
  readonly store: Store;
  readonly registry: ComponentRegistry;
  readonly workflowRuntime: WorkflowRuntime;
}

async function digestFor(deps: ReplayDeps, recorded: ComponentDigest, bytes: Uint8Array | undefined): Promise<string> {
  if (bytes === undefined) {
    if (!deps.workflowRuntime.has(recorded)) {
      throw new InvalidArgument(`the component ${recorded} the execution ran on is not loaded`, {
        hint: 'pass the component to replay against',
      });
    }
    return recorded;
  }
  const digest = ComponentDigest.parse(contentDigest(bytes));
  const component = loadComponentTypes('replay', ComponentKind.workflow, digest, bytes);
  const linked = linkWorkflow(component, deps.registry);
  if (!linked.ok) {
    throw new ComponentLoadError('replay', linked.problems);
  }
  return deps.workflowRuntime.load(bytes, component.resolve, linked.plan);
}

export async function replayExecution(deps: ReplayDeps, id: ExecutionId, bytes?: Uint8Array): Promise<ReplayResult> {
  const { store, registry } = deps;
  const record = await store.getExecution(id);
  if (registry.component(record.componentDigest)?.kind !== 'workflow' && bytes === undefined) {
    throw new InvalidArgument(`${id} is not an execution of a loaded workflow`);
  }
  const digest = await digestFor(deps, record.componentDigest, bytes);
  const [events, responses] = await Promise.all([store.getEvents(id), store.getResponses(id)]);
  const finished = record.state.type === 'finished' ? record.state.result : null;
  const host = new ReplayHost(finished !== null, record.version, async (request) =>
    request.type === 'resolve-function'
      ? { type: 'resolved', resolved: resolveFunction(registry, request.ffqn, request.paramsJson) }
      : { type: 'checked', checked: await checkStub(store, registry, request.executionId, request.resultJson) },
  );
  const outcome = await deps.workflowRuntime.run(
    {
      digest,
      executionId: id,
      ffqn: record.ffqn,
      params: record.params,
      seed: record.seed ?? id,
      createdAt: record.createdAt,
      events,
      responses,
    },
    host,
    null,
    new AbortController().signal,
  );
  switch (outcome?.kind) {
    case undefined:
      return { ok: false, trap: 'the replay was stopped' };
    case 'suspended':
      if (host.extraDecision !== null) {
        return { ok: false, report: host.extraDecision };
      }
      return outcome.reason === END_OF_HISTORY ? { ok: true } : { ok: false, trap: outcome.reason };
    case 'nondeterminism':
      return { ok: false, report: outcome.report };
    case 'trap':
      return { ok: false, trap: outcome.message };
    case 'finished': {
      const result =
        outcome.result.kind === 'ok'
          ? FinishedResult.ok(outcome.result.value)
          : FinishedResult.err(outcome.result.value);
      if (finished !== null && !FinishedResult.equals(finished, result)) {
        const describe = (r: FinishedResult): string =>
          r.kind === 'failure' ? `failure ${r.failureKind}` : `${r.kind} ${JSON.stringify(r.value)}`;
        return {
          ok: false,
          report: {
            eventIndex: record.version,
            recorded: `finished with ${describe(finished)}`,
            requested: `to finish with ${describe(result)}`,
          },
        };
      }
      return { ok: true };
    }
  }
}
