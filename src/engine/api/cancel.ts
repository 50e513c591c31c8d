/**
 * Cancelling an execution: the request is recorded; an attempt running in this process is
 * stopped; a pending activity or stub is finished as `cancelled` at once; a workflow is
 * cancelled by its executor (which first cancels its children).
 */
import { FinishedResult, VersionConflict, type Clock, type ExecutionId } from '../concepts/index.js';
import type { ComponentRegistry } from '../components/registry.js';
import { AbortReason, type Executor } from '../executor/index.js';
import type { Store } from '../storage/index.js';

export interface CancelDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly registry: ComponentRegistry;
  readonly executors: readonly Executor[];
}

/** `cancelled`: finished as cancelled now; `requested`: its executor will cancel it. */
export type CancelOutcome = 'cancelled' | 'requested' | 'already-finished';

export async function cancelExecution(deps: CancelDeps, id: ExecutionId): Promise<CancelOutcome> {
  const { store, clock, registry, executors } = deps;
  const outcome = await store.requestCancel(id, clock.now());
  if (outcome === 'already-finished') {
    return outcome;
  }
  if (executors.some((executor) => executor.abortAttempt(id, AbortReason.cancel))) {
    return 'requested';
  }
  const record = await store.getExecution(id);
  const kind = registry.component(record.componentDigest)?.kind;
  if (kind === 'workflow' || record.state.type !== 'pending-at') {
    return 'requested';
  }
  try {
    await store.finish(id, record.version, FinishedResult.failure('cancelled'), clock.now());
    return 'cancelled';
  } catch (error: unknown) {
    if (error instanceof VersionConflict) {
      return 'requested'; // an executor locked it meanwhile; it sees the request and finishes it
    }
    throw error;
  }
}
