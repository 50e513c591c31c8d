/** `obelisk:workflow/workflow-support@1.0.0`: join sets, delays, sleep, randomness, IDs, schedule, stub. */
import { type ExecutionId, InvalidId, type JoinSetResponseRecord } from '../../../concepts/index.js';
import type { JoinNextResult, JoinNextTryResult } from '../workflow-state.js';
import type { HostContext } from './context.js';
import {
  datetimeJs,
  durationMs,
  errResult,
  executionIdJs,
  okResult,
  parseExecutionIdJs,
  responseIdJs,
  scheduleAtMs,
} from './convert.js';
import { JoinSet, joinSetOf } from './join-set.js';

const ok = okResult;
const err = errResult;

/** `join-next-response` of a consumed response. */
export function joinNextResponseJs(response: JoinSetResponseRecord): unknown {
  const r = response.response;
  let outcome: { tag: string; val?: unknown };
  if (r.type === 'delay-finished') {
    outcome = { tag: r.outcome === 'fired' ? 'delay-fired' : 'delay-cancelled' };
  } else if (r.result.kind === 'failure') {
    outcome = { tag: 'execution-failed', val: r.result.failureKind };
  } else {
    outcome = { tag: r.result.kind, val: JSON.stringify(r.result.value) };
  }
  return { id: responseIdJs(response), outcome };
}

function joinNextJs(result: JoinNextResult | JoinNextTryResult): unknown {
  return result.type === 'response' ? ok(joinNextResponseJs(result.response)) : err({ tag: result.type });
}

export function workflowSupportImports(ctx: HostContext): Record<string, Record<string, unknown>> {
  const { state } = ctx;
  return {
    'obelisk:workflow/workflow-support': {
      joinSetCreate: () => new JoinSet(state.createJoinSet('generated')),
      joinSetCreateNamed: (name: string) => {
        try {
          const id = state.createNamedJoinSet(name);
          return id === 'conflict' ? err({ tag: 'conflict' }) : ok(new JoinSet(id));
        } catch (error: unknown) {
          if (error instanceof InvalidId) {
            return err({ tag: 'invalid-name', val: error.message });
          }
          throw error;
        }
      },
      joinSetClose: (joinSet: unknown) => state.closeJoinSet(joinSetOf(joinSet)),
      submitDelay: (joinSet: unknown, timeout: unknown) => {
        const delayId = state.submitDelay(joinSetOf(joinSet), scheduleAtMs(timeout, state.time));
        return { id: delayId };
      },
      joinNext: (joinSet: unknown) => joinNextJs(state.joinNext(joinSetOf(joinSet))),
      joinNextTry: (joinSet: unknown) => joinNextJs(state.joinNextTry(joinSetOf(joinSet))),
      sleep: (duration: unknown) => {
        const joinSetId = state.createJoinSet('one-off');
        state.submitDelay(joinSetId, state.time + durationMs(duration as Parameters<typeof durationMs>[0]));
        state.joinNext(joinSetId);
        state.closeJoinSet(joinSetId);
        return datetimeJs(state.time);
      },
      randomU64: (min: bigint, maxExclusive: bigint) => state.random.rangeU64(min, maxExclusive),
      randomString: (minLength: number, maxLengthExclusive: number) =>
        state.random.string(minLength, maxLengthExclusive),
      executionIdGenerate: () => executionIdJs(state.generateExecutionId()),
      executionIdCurrent: () => executionIdJs(state.executionId),
      schedule: (scheduleAt: unknown, fn: { interfaceName: string; functionName: string }, paramsJson: string) =>
        scheduleJson(ctx, scheduleAt, `${fn.interfaceName}.${fn.functionName}`, paramsJson),
      stub: (executionId: unknown, resultJson: string) => stubJson(ctx, parseExecutionIdJs(executionId), resultJson),
    },
  };
}

function scheduleJson(ctx: HostContext, scheduleAt: unknown, ffqn: string, paramsJson: string): unknown {
  const { state } = ctx;
  const resolved = state.resolveFunction(ffqn, paramsJson);
  if (!resolved.ok) {
    return err(
      resolved.error === 'function-not-found'
        ? { tag: 'function-not-found' }
        : { tag: 'invalid-params', val: resolved.error.invalidParams },
    );
  }
  const executionId = state.generateExecutionId();
  state.schedule(executionId, resolved.target, resolved.params, scheduleAtMs(scheduleAt, state.time));
  return ok(executionIdJs(executionId));
}

function stubJson(ctx: HostContext, executionId: ExecutionId, resultJson: string): unknown {
  const { state } = ctx;
  const checked = state.checkStub(executionId, resultJson);
  if (!checked.ok) {
    return err(
      checked.error === 'execution-not-found'
        ? { tag: 'execution-not-found' }
        : { tag: 'type-check-error', val: checked.error.typeCheck },
    );
  }
  const outcome = state.stub(executionId, checked.result);
  return outcome === 'ok' ? ok(undefined) : err({ tag: outcome === 'conflict' ? 'conflict' : 'execution-not-found' });
}
