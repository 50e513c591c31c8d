/** Writing the result of a stub activity's execution from outside (CLI, API, tests). */
import { FinishedResult, InvalidArgument, NotFound, type Clock, type ExecutionId } from '../concepts/index.js';
import type { ComponentRegistry } from '../components/registry.js';
import type { Store } from '../storage/index.js';
import { ValueError } from '../../wit/codec/index.js';

export interface StubDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly registry: ComponentRegistry;
}

/** `result` is `{"ok": v}` or `{"err": e}` in the JSON encoding of the function's return type. */
export async function stubExecution(deps: StubDeps, id: ExecutionId, result: unknown): Promise<'ok' | 'conflict'> {
  const record = await deps.store.getExecution(id);
  const fn = deps.registry.function(record.ffqn);
  if (fn === undefined) {
    throw new NotFound('function', record.ffqn);
  }
  if (fn.component.kind !== 'activity_stub') {
    throw new InvalidArgument(`${id} is an execution of ${record.ffqn}, which is not a stub activity`);
  }
  let json: unknown;
  try {
    json = fn.codec.resultToJson(fn.codec.resultFromJson(result));
  } catch (error: unknown) {
    if (error instanceof ValueError) {
      throw new InvalidArgument(`invalid result for ${record.ffqn}: ${error.message}`, {
        cause: error,
        hint: 'write {"ok": value} or {"err": value}',
      });
    }
    throw error;
  }
  const parts = json as { ok?: never; err?: never };
  const finished = 'ok' in parts ? FinishedResult.ok(parts.ok ?? null) : FinishedResult.err(parts.err ?? null);
  return deps.store.stub(id, finished, deps.clock.now());
}
