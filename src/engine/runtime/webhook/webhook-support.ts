/**
 * `obelisk:webhook/webhook-support@1.0.0` for one request's instance: the request's execution ID,
 * and the status and result of any execution, read by blocking calls into the engine (which
 * answer once what they read is durable). Results are the JSON the API shows (`{"ok": value}`).
 */
import { ExecutionId } from '../../concepts/index.js';
import { datetimeJs, errResult, executionFailureJs, executionIdJs, okResult } from '../workflow/host/convert.js';
import type { HostCaller } from './host-imports.js';
import type { ExecutionView, HostCallReply } from './protocol.js';

/** The import key jco gives the interface (unversioned). */
const INTERFACE = 'obelisk:webhook/webhook-support';

export function webhookSupportImports(
  caller: HostCaller,
  executionId: string,
): Record<string, Record<string, unknown>> {
  /** The view of the execution the guest named; an `err` of the guest's result when there is none. */
  const view = (value: unknown, kind: 'read' | 'await'): ExecutionView & { id: string } => {
    const id = parseId(value);
    const reply = answered(caller.call({ executionId, kind, readId: id }), kind === 'await' ? 'get' : 'get-status');
    if (reply.view === null || reply.view === undefined) {
      errResult({ tag: 'not-found' });
    }
    return { ...reply.view, id };
  };
  return {
    [INTERFACE]: {
      executionIdCurrent: () => executionIdJs(executionId),
      getStatus: (value: unknown) => okResult(statusJs(view(value, 'read'))),
      tryGet: (value: unknown) => {
        const found = view(value, 'read');
        if (found.state !== 'finished') {
          errResult({ tag: 'not-finished-yet' });
        }
        return resultJson(found);
      },
      get: (value: unknown) => {
        const found = view(value, 'await');
        if (found.state !== 'finished') {
          throw new Error(`get: execution ${found.id} did not finish before the request's max_duration`);
        }
        return resultJson(found);
      },
    },
  };
}

/** The textual ID of an `execution-id` argument; `invalid-execution-id` when it is not one. */
function parseId(value: unknown): string {
  const text = (value as { id?: unknown } | null)?.id;
  try {
    return ExecutionId.parse(typeof text === 'string' ? text : '');
  } catch (error: unknown) {
    return errResult({ tag: 'invalid-execution-id', val: error instanceof Error ? error.message : String(error) });
  }
}

function answered(reply: HostCallReply, what: string): Extract<HostCallReply, { ok: true }> {
  if (!reply.ok) {
    throw new Error(`${what}: ${reply.message}`);
  }
  return reply;
}

function statusJs(view: ExecutionView): unknown {
  switch (view.state) {
    case 'pending':
      return { tag: 'pending', val: datetimeJs(view.scheduledAt) };
    case 'finished': {
      const { result } = view;
      return {
        tag: 'finished',
        val: result.kind === 'failure' ? { tag: 'execution-failed', val: result.failureKind } : { tag: result.kind },
      };
    }
    default:
      return { tag: view.state };
  }
}

function resultJson(view: ExecutionView & { state: 'finished'; id: string }): unknown {
  const { result } = view;
  if (result.kind === 'failure') {
    return errResult({ tag: 'execution-failed', val: executionFailureJs(view.id, result) });
  }
  return okResult(JSON.stringify(result.kind === 'ok' ? { ok: result.value } : { err: result.value }));
}
