/**
 * The functions a webhook endpoint imports from other components, as linked on the main thread
 * (`link.ts`): each converts the guest's arguments to JSON values, makes one blocking call into
 * the engine on behalf of the request, and converts the answer back. A failed call traps the
 * guest (the request is answered 500 and its execution fails).
 */
import type { FinishedResult } from '../../concepts/index.js';
import { exportFunctionName } from '../export-names.js';
import { compile, jcoInterfaceKey, paramsJson, type Compiled } from '../workflow/host/functions.js';
import {
  errResult,
  executionFailureJs,
  executionIdJs,
  parseExecutionIdJs,
  resultJsonOf,
  resultValueJs,
  returnResult,
} from '../workflow/host/convert.js';
import { ImportKind } from '../workflow/link-plan.js';
import type { SyncCaller } from '../workflow/sync-channel.js';
import type { FunctionCallRequest, HostCallReply, HostCallRequest, WebhookLinks } from './protocol.js';

export type HostCaller = SyncCaller<HostCallRequest, HostCallReply>;

/** Import objects (by jco's unversioned interface name) for one request's instance. */
export function webhookImports(
  links: WebhookLinks,
  caller: HostCaller,
  executionId: string,
): Record<string, Record<string, unknown>> {
  const imports: Record<string, Record<string, unknown>> = {};
  for (const link of links.functions) {
    const func = links.resolve.interfaces[link.interfaceId]?.functions.get(link.functionName);
    if (func === undefined) {
      throw new Error(`linked function ${link.functionName} is not in the component's model`);
    }
    const key = jcoInterfaceKey(links.resolve, link.interfaceId);
    imports[key] ??= {};
    imports[key][exportFunctionName(link.functionName)] = implement(links, compile(links.resolve, link, func), (call) =>
      caller.call({ executionId, ...call }),
    );
  }
  return imports;
}

type Call = (call: Omit<FunctionCallRequest, 'executionId'>) => HostCallReply;

function succeeded(reply: HostCallReply, what: string): { executionId: string; result: FinishedResult | null } {
  if (!reply.ok) {
    throw new Error(`${what}: ${reply.message}`);
  }
  return reply;
}

function childValue(links: WebhookLinks, compiled: Compiled, childId: string, result: FinishedResult | null): unknown {
  if (result === null) {
    throw new Error(`the result of child execution ${childId} is missing`);
  }
  if (result.kind === 'failure') {
    throw new Error(
      `child execution ${childId} failed: ${result.failureKind}${result.detail === undefined ? '' : ` (${result.detail})`}`,
    );
  }
  return resultValueJs(compiled.result, resultJsonOf(result, links.resolve, compiled.resultType));
}

function implement(links: WebhookLinks, compiled: Compiled, call: Call): (...args: unknown[]) => unknown {
  const { link } = compiled;
  const { target } = link;
  switch (link.kind) {
    case ImportKind.schedule:
      return (scheduleAt, ...args) => {
        const reply = call({ kind: 'schedule', target, params: paramsJson(compiled, args), scheduleAt });
        return executionIdJs(succeeded(reply, link.functionName).executionId);
      };
    case ImportKind.invoke:
      return (...args) => {
        const reply = succeeded(
          call({ kind: 'invoke', target, params: paramsJson(compiled, args) }),
          link.functionName,
        );
        return [executionIdJs(reply.executionId), childValue(links, compiled, reply.executionId, reply.result)];
      };
    case ImportKind.call:
      return (...args) => {
        const reply = succeeded(call({ kind: 'call', target, params: paramsJson(compiled, args) }), link.functionName);
        return returnResult(childValue(links, compiled, reply.executionId, reply.result));
      };
    case ImportKind.get:
      return (executionId) => {
        const getId = parseExecutionIdJs(executionId);
        const reply = succeeded(call({ kind: 'get', target, params: [], getId }), link.functionName);
        return getResult(links, compiled, reply, getId);
      };
    default:
      return () => {
        throw new Error(joinSetTrap(link.functionName, link.target.ffqn, link.kind));
      };
  }
}

/**
 * Why an extension that needs a join set (or, for `-stub`, a stub's child) traps in an endpoint,
 * naming the function and what to call instead.
 */
export function joinSetTrap(functionName: string, ffqn: string, kind: string): string {
  const base = ffqn.slice(ffqn.lastIndexOf('.') + 1);
  if (kind === ImportKind.stub) {
    return `${functionName}: a webhook endpoint cannot stub ${ffqn}; stub it with \`obelisk execution stub\` or from a workflow`;
  }
  return (
    `${functionName}: a webhook endpoint cannot use -${kind}, since only workflows have join sets; ` +
    `call ${base}-invoke (or ${base}) to run ${ffqn} and wait for its result, or ${base}-schedule to start it without waiting`
  );
}

/** `-get`: the result of a finished execution of the function, else `not-found-in-processed-responses`. */
function getResult(
  links: WebhookLinks,
  compiled: Compiled,
  reply: { result: FinishedResult | null; ffqn?: string | null },
  getId: string,
): unknown {
  const { result, ffqn } = reply;
  if (result === null || ffqn === null || ffqn === undefined) {
    return errResult({ tag: 'not-found-in-processed-responses' });
  }
  if (ffqn !== compiled.link.target.ffqn) {
    const fn = (text: string): { interfaceName: string; functionName: string } => {
      const dot = text.lastIndexOf('.');
      return { interfaceName: text.slice(0, dot), functionName: text.slice(dot + 1) };
    };
    return errResult({
      tag: 'function-mismatch',
      val: {
        specifiedFunction: fn(compiled.link.target.ffqn),
        actualFunction: fn(ffqn),
        actualId: { tag: 'execution-id', val: { id: getId } },
      },
    });
  }
  if (result.kind === 'failure') {
    return errResult({ tag: 'execution-failed', val: executionFailureJs(getId, result) });
  }
  return resultValueJs(compiled.result, resultJsonOf(result, links.resolve, compiled.resultType));
}
