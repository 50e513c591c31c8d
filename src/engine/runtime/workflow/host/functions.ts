/**
 * The functions a workflow imports from other components, as linked by the main thread:
 * the plain function (a blocking child call), and the generated extensions `-submit`,
 * `-await-next`, `-get`, `-invoke`, `-schedule` and `-stub`.
 */
import { Ffqn, FinishedResult, type JoinSetResponseRecord, type JsonValue } from '../../../concepts/index.js';
import { compileType, type TypeCodec } from '../../../../wit/codec/index.js';
import type { Func, Resolve, Type } from '../../../../wit/model.js';
import { exportFunctionName } from '../../export-names.js';
import { WorkflowTrap } from '../errors.js';
import { ImportKind, type FunctionLink } from '../link-plan.js';
import { responseKey } from '../join-sets.js';
import type { HostContext } from './context.js';
import {
  errResult,
  executionFailureJs,
  executionIdJs,
  okResult,
  parseExecutionIdJs,
  resultJsonOf,
  resultValueJs,
  returnResult,
  scheduleAtMs,
} from './convert.js';
import { joinSetOf } from './join-set.js';

const ok = okResult;
const err = errResult;

export interface Compiled {
  readonly link: FunctionLink;
  /** Codecs of the child's parameters (without a leading join-set / schedule-at / execution-id). */
  readonly params: readonly TypeCodec[];
  /** The child's return type R and its codec. */
  readonly resultType: Type;
  readonly result: TypeCodec;
}

/** Builds the import objects of every linked function, keyed by jco's unversioned interface names. */
export function linkedImports(
  ctx: HostContext,
  links: readonly FunctionLink[],
): Record<string, Record<string, unknown>> {
  const imports: Record<string, Record<string, unknown>> = {};
  for (const link of links) {
    const iface = ctx.resolve.interfaces[link.interfaceId];
    const func = iface?.functions.get(link.functionName);
    if (iface === undefined || func === undefined) {
      throw new Error(`linked function ${link.functionName} is not in the component's model`);
    }
    const key = jcoInterfaceKey(ctx.resolve, link.interfaceId);
    imports[key] ??= {};
    imports[key][exportFunctionName(link.functionName)] = implement(ctx, compile(ctx.resolve, link, func));
  }
  return imports;
}

/** jco's import key of an interface: `ns:pkg/ifc` without the version. */
export function jcoInterfaceKey(resolve: Resolve, interfaceId: number): string {
  const iface = resolve.interfaces[interfaceId];
  const pkg = iface?.package === null || iface?.package === undefined ? undefined : resolve.packages[iface.package];
  if (iface?.name === null || iface?.name === undefined || pkg === undefined) {
    throw new Error(`interface ${interfaceId} has no name`);
  }
  return `${pkg.name.namespace}:${pkg.name.name}/${iface.name}`;
}

/** The codecs of a linked function's parameters and of its target's return type. */
export function compile(resolve: Resolve, link: FunctionLink, func: Func): Compiled {
  const skip = link.kind === ImportKind.submit || link.kind === ImportKind.schedule ? 1 : 0;
  const params =
    link.kind === ImportKind.awaitNext || link.kind === ImportKind.get || link.kind === ImportKind.stub
      ? []
      : func.params.slice(skip);
  const resultType = childResultType(resolve, link, func);
  return {
    link,
    params: params.map((p) => compileType(resolve, p.type)),
    resultType,
    result: compileType(resolve, resultType),
  };
}

/** R, the child's return type, found in the shape of the imported function. */
function childResultType(resolve: Resolve, link: FunctionLink, func: Func): Type {
  const fail = (): never => {
    throw new Error(`${link.functionName} does not have the shape of a ${link.kind} extension`);
  };
  switch (link.kind) {
    case ImportKind.call:
      return func.result ?? fail();
    case ImportKind.stub:
      return func.params[1]?.type ?? fail();
    case ImportKind.get: {
      const result = dealias(resolve, func.result ?? fail());
      return (result.kind === 'result' ? result.ok : null) ?? fail();
    }
    case ImportKind.awaitNext: {
      const result = dealias(resolve, func.result ?? fail());
      const tuple = result.kind === 'result' && result.ok !== null ? dealias(resolve, result.ok) : fail();
      return (tuple.kind === 'tuple' ? tuple.items[1] : undefined) ?? fail();
    }
    case ImportKind.invoke: {
      const tuple = dealias(resolve, func.result ?? fail());
      return (tuple.kind === 'tuple' ? tuple.items[1] : undefined) ?? fail();
    }
    case ImportKind.submit:
    case ImportKind.schedule:
      // R is not needed; any codec will do.
      return { kind: 'primitive', name: 'string' };
  }
}

function dealias(resolve: Resolve, type: Type): Type {
  let current = type;
  while (current.kind === 'named') {
    const def = resolve.types[current.id];
    if (def?.kind.tag !== 'alias') {
      return current;
    }
    current = def.kind.target;
  }
  return current;
}

/** The JSON values of the target's parameters, from the guest's arguments. */
export function paramsJson(compiled: Compiled, args: readonly unknown[]): JsonValue[] {
  if (args.length !== compiled.params.length) {
    throw new WorkflowTrap(
      `${compiled.link.functionName}: expected ${compiled.params.length} parameters, got ${args.length}`,
    );
  }
  return compiled.params.map((codec, i) => codec.toJson(codec.fromJs(args[i])));
}

function childResultJs(ctx: HostContext, compiled: Compiled, response: JoinSetResponseRecord): unknown {
  if (response.response.type !== 'child-finished') {
    throw new WorkflowTrap('expected the response of a child execution');
  }
  return resultValueJs(compiled.result, resultJsonOf(response.response.result, ctx.resolve, compiled.resultType));
}

function implement(ctx: HostContext, compiled: Compiled): (...args: unknown[]) => unknown {
  const { state } = ctx;
  const { link } = compiled;
  switch (link.kind) {
    case ImportKind.call:
      return (...args) => {
        const { response } = directCall(ctx, compiled, args);
        return returnResult(childResultJs(ctx, compiled, response));
      };
    case ImportKind.invoke:
      return (...args) => {
        const { childId, response } = directCall(ctx, compiled, args);
        if (response.response.type === 'child-finished' && response.response.result.kind === 'failure') {
          throw new WorkflowTrap(`child execution ${childId} failed: ${response.response.result.failureKind}`);
        }
        return [executionIdJs(childId), childResultJs(ctx, compiled, response)];
      };
    case ImportKind.submit:
      return (joinSet, ...args) =>
        executionIdJs(state.submitChild(joinSetOf(joinSet), link.target, paramsJson(compiled, args)));
    case ImportKind.awaitNext:
      return (joinSet) => awaitNext(ctx, compiled, joinSet);
    case ImportKind.get:
      return (executionId) => get(ctx, compiled, parseExecutionIdJs(executionId));
    case ImportKind.schedule:
      return (scheduleAt, ...args) => {
        const executionId = state.generateExecutionId();
        state.schedule(executionId, link.target, paramsJson(compiled, args), scheduleAtMs(scheduleAt, state.time));
        return executionIdJs(executionId);
      };
    case ImportKind.stub:
      return (executionId, value) => {
        const json = compiled.result.toJson(compiled.result.fromJs(value)) as { ok?: JsonValue; err?: JsonValue };
        const result = 'ok' in json ? FinishedResult.ok(json.ok ?? null) : FinishedResult.err(json.err ?? null);
        const outcome = state.stub(parseExecutionIdJs(executionId), result);
        return outcome === 'ok'
          ? ok(undefined)
          : err({ tag: outcome === 'conflict' ? 'conflict' : 'execution-not-found' });
      };
  }
}

function directCall(
  ctx: HostContext,
  compiled: Compiled,
  args: readonly unknown[],
): { childId: string; response: JoinSetResponseRecord } {
  const { state } = ctx;
  const joinSetId = state.createJoinSet('one-off');
  const childId = state.submitChild(joinSetId, compiled.link.target, paramsJson(compiled, args));
  const next = state.joinNext(joinSetId);
  if (next.type !== 'response') {
    throw new WorkflowTrap(`the response of ${childId} is missing`);
  }
  state.closeJoinSet(joinSetId);
  return { childId, response: next.response };
}

function functionJs(ffqn: Ffqn): { interfaceName: string; functionName: string } {
  const parts = Ffqn.parts(ffqn);
  return { interfaceName: Ffqn.interfaceOf(ffqn), functionName: parts.function };
}

/** `function-mismatch` when `response` does not belong to the function of `compiled`, else `null`. */
function mismatch(ctx: HostContext, compiled: Compiled, response: JoinSetResponseRecord): unknown {
  const id = responseKey(response);
  const target = ctx.state.childTarget(id);
  if (target !== undefined && target !== null && target.ffqn === compiled.link.target.ffqn) {
    return null;
  }
  const actualId =
    response.response.type === 'child-finished'
      ? { tag: 'execution-id', val: { id } }
      : { tag: 'delay-id', val: { id } };
  return {
    tag: 'function-mismatch',
    val: {
      specifiedFunction: functionJs(compiled.link.target.ffqn),
      actualFunction: target === undefined || target === null ? undefined : functionJs(target.ffqn),
      actualId,
    },
  };
}

function settled(
  ctx: HostContext,
  compiled: Compiled,
  response: JoinSetResponseRecord,
  found: (value: unknown) => unknown,
): unknown {
  const wrong = mismatch(ctx, compiled, response);
  if (wrong !== null) {
    return err(wrong);
  }
  if (response.response.type === 'child-finished' && response.response.result.kind === 'failure') {
    return err({ tag: 'execution-failed', val: executionFailureJs(responseKey(response), response.response.result) });
  }
  return ok(found(childResultJs(ctx, compiled, response)));
}

function awaitNext(ctx: HostContext, compiled: Compiled, joinSet: unknown): unknown {
  const next = ctx.state.joinNext(joinSetOf(joinSet));
  if (next.type !== 'response') {
    return err({ tag: 'all-processed' });
  }
  return settled(ctx, compiled, next.response, (value) => [executionIdJs(responseKey(next.response)), value]);
}

function get(ctx: HostContext, compiled: Compiled, executionId: string): unknown {
  const response = ctx.state.processedResponse(executionId);
  if (response === undefined) {
    return err({ tag: 'not-found-in-processed-responses' });
  }
  return settled(ctx, compiled, response, (value) => value);
}
