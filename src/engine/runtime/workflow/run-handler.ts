/**
 * The main thread's side of one workflow run: it answers the run's blocking host calls
 * against the store. New decisions are appended as one workflow step per call; a wait for a
 * response either stays hot (`await`: the run keeps its lock and its thread until a response
 * arrives, the await timeout passes, or it is evicted) or unloads at once (`interrupt`:
 * the same step blocks the execution and the run is told to suspend).
 *
 * A storage fault in any call is never shown to the guest (it would trap, and a trap finishes a
 * workflow): the run is told to suspend and the fault is kept in {@link RunHandler.fault}, so
 * that its attempt is unlocked and replayed once the storage works again.
 */
import {
  canonicalJson,
  FinishedResult,
  isRetriable,
  WAIT_ENDED,
  type Clock,
  type DelayId,
  type ExecutionId,
  type HistoryEventInput,
  type JoinSetResponseRecord,
} from '../../concepts/index.js';
import type { ComponentRegistry } from '../../components/registry.js';
import type {
  ApiStore,
  ExecutorStore,
  LockedExecution,
  NewChild,
  WorkerStore,
  WorkflowStep,
  WorkflowStepResult,
} from '../../storage/index.js';
import type { ChildClaim, VersionBox } from '../../executor/index.js';
import { ValueError } from '../../../wit/codec/index.js';
import type { HostReply, HostRequest } from './protocol.js';
import type { TargetKind } from './join-sets.js';
import type { CheckedStub, ResolvedFunction, SyncRequest } from './workflow-state.js';

export type BlockingStrategy = 'await' | 'interrupt';

export interface RunHandlerOptions {
  readonly store: ExecutorStore & WorkerStore & Pick<ApiStore, 'cancelDelay'>;
  readonly clock: Clock;
  readonly registry: ComponentRegistry;
  readonly execution: LockedExecution;
  /**
   * The attempt's version, which the worker hands on for the run (see `VersionBox`): the handler
   * writes it after each append of its own, one call at a time (the run blocks on every call), and
   * the run does not end while a call is still being answered, so nothing is written after it.
   */
  readonly version: VersionBox;
  readonly strategy: BlockingStrategy;
  /** How long a hot run waits for a response before it is unloaded. */
  readonly awaitTimeoutMs: number;
  /** Test switch: end the run after every step, so the next run replays everything. */
  readonly alwaysReplay: boolean;
  /** Cancels a child execution (activities are stopped, workflows asked to cancel). */
  readonly cancelExecution: (executionId: ExecutionId) => Promise<void>;
  /**
   * Finds an executor of this process with room for a child the run is creating: the child is
   * then written locked by it, in the step that creates it, and started once the step committed
   * or, for a claim that allows it (`early`), once it was written (see `WorkflowStep.lockChild`).
   * Without it, or when it answers `null`, children are created pending.
   */
  readonly claimChild?: ((child: NewChild) => ChildClaim | null) | undefined;
}

export class RunHandler {
  readonly #options: RunHandlerOptions;
  /** Set while the run waits hot for a response. */
  #waiting: { since: number; wake: AbortController } | null = null;
  #evicted = false;
  #stopped: string | null = null;
  #fault: Error | null = null;
  #inCall = false;

  constructor(options: RunHandlerOptions) {
    this.#options = options;
  }

  /** When the run started waiting hot, or `null` when it is not waiting. */
  get waitingSince(): number | null {
    return this.#waiting?.since ?? null;
  }

  /** The storage fault that suspended the run, or `null`. */
  get fault(): Error | null {
    return this.#fault;
  }

  /** True while a blocking call of the run is being answered (the guest is not running). */
  get inCall(): boolean {
    return this.#inCall;
  }

  /** Unloads a hot run (its thread is needed): it blocks and suspends. */
  evict(): void {
    this.#evicted = true;
    this.#waiting?.wake.abort(WAIT_ENDED);
  }

  /** The executor stopped the attempt: answer any pending call with `suspend`, writing nothing. */
  stop(reason: string): void {
    this.#stopped = reason;
    this.#waiting?.wake.abort(WAIT_ENDED);
  }

  async handle(request: HostRequest): Promise<HostReply> {
    if (this.#stopped !== null) {
      return { type: 'suspend', reason: this.#stopped };
    }
    this.#inCall = true;
    try {
      return await this.#dispatch(request);
    } catch (error: unknown) {
      if (!(error instanceof Error) || !isRetriable(error)) {
        throw error;
      }
      this.#fault = error;
      this.#stopped = 'storage failure';
      return { type: 'suspend', reason: this.#stopped };
    } finally {
      this.#inCall = false;
    }
  }

  async #dispatch(request: HostRequest): Promise<HostReply> {
    switch (request.type) {
      case 'sync':
        return this.#sync(request);
      case 'cancel':
        await this.#cancel(request.executions, request.delays);
        return { type: 'done' };
      case 'resolve-function':
        return {
          type: 'resolved',
          resolved: resolveFunction(this.#options.registry, request.ffqn, request.paramsJson),
        };
      case 'check-stub':
        return {
          type: 'checked',
          checked: await checkStub(
            this.#options.store,
            this.#options.registry,
            request.executionId,
            request.resultJson,
          ),
        };
    }
  }

  async #sync(original: SyncRequest): Promise<HostReply> {
    const { clock, execution, version } = this.#options;
    const request = {
      ...original,
      events: original.events.map((event) => withCurrentDigest(event, this.#options.registry)),
    };
    const interrupt = this.#options.strategy === 'interrupt' || this.#options.alwaysReplay;
    if (request.wait !== null && interrupt) {
      const end = { type: 'block' as const, joinSetId: request.wait.joinSetId, closing: request.wait.closing };
      const step = await this.#appendStep({
        executionId: execution.executionId,
        expectedVersion: version.value,
        events: request.events,
        end,
        now: clock.now(),
      });
      version.value = step.version;
      if (step.blocked) {
        return { type: 'suspend', reason: 'blocked on a join set' };
      }
      return this.#replyAfterAppend(step.records, request.wait.fromCursor, request.events.length > 0);
    }
    let records: WorkflowStepResult['records'] = [];
    if (request.events.length > 0) {
      const step = await this.#appendStep({
        executionId: execution.executionId,
        expectedVersion: version.value,
        events: request.events,
        now: clock.now(),
      });
      version.value = step.version;
      records = step.records;
    }
    if (request.wait !== null) {
      return this.#awaitResponse(request.wait.joinSetId, request.wait.closing, request.wait.fromCursor);
    }
    return this.#replyAfterAppend(records, request.poll?.fromCursor ?? null, request.events.length > 0);
  }

  /**
   * Appends a step whose new children go, where an executor here has room, straight to that
   * executor: written locked in the step, started once it committed (activities: once it was
   * written). The claims of a step that failed are given back (a store that runs the step again
   * asks again).
   */
  async #appendStep(step: WorkflowStep): Promise<WorkflowStepResult> {
    const { store, claimChild } = this.#options;
    if (claimChild === undefined) {
      return store.appendWorkflowStep(step);
    }
    const claims = new Map<string, ChildClaim>();
    const lockChild = (child: NewChild): ChildClaim['lock'] | null => {
      claims.get(child.executionId)?.release();
      claims.delete(child.executionId);
      const claim = claimChild(child);
      if (claim === null) {
        return null;
      }
      claims.set(child.executionId, claim);
      return claim.lock;
    };
    // Activities may start while the step commits (they may run again anyway); others once it committed.
    const onChildrenWritten = (children: readonly LockedExecution[]): void => {
      for (const child of children) {
        const claim = claims.get(child.executionId);
        if (claim?.early === true) {
          claims.delete(child.executionId);
          claim.start(child);
        }
      }
    };
    let result: WorkflowStepResult;
    try {
      result = await store.appendWorkflowStep({ ...step, lockChild, onChildrenWritten });
    } catch (error: unknown) {
      claims.forEach((claim) => claim.release());
      throw error;
    }
    for (const child of result.lockedChildren) {
      claims.get(child.executionId)?.start(child);
      claims.delete(child.executionId);
    }
    claims.forEach((claim) => claim.release());
    return result;
  }

  /** Replies with the stored records and new responses; under the replay switch ends the run instead. */
  async #replyAfterAppend(records: HostReplyRecords, fromCursor: number | null, appended: boolean): Promise<HostReply> {
    const { store, clock, execution, version } = this.#options;
    if (this.#options.alwaysReplay && appended) {
      version.value = await store.unlock(
        execution.executionId,
        version.value,
        { type: 'unlocked', reason: 'replay after every step (test switch)', backoffUntil: clock.now() },
        clock.now(),
      );
      return { type: 'suspend', reason: 'replay after every step' };
    }
    const responses = fromCursor === null ? [] : await store.getResponses(execution.executionId, { fromCursor });
    return { type: 'sync', reply: { records, responses } };
  }

  /** Waits hot for a response from `fromCursor` on; unloads (blocks) on timeout or eviction. */
  async #awaitResponse(
    joinSetId: JoinSetResponseRecord['joinSetId'],
    closing: boolean,
    fromCursor: number,
  ): Promise<HostReply> {
    const { store, clock, execution, version, awaitTimeoutMs } = this.#options;
    const deadline = clock.now() + awaitTimeoutMs;
    for (;;) {
      const remaining = deadline - clock.now();
      // The wait answers at once when a response is already there (no read otherwise).
      if (remaining > 0 && !this.#evicted && this.#stopped === null) {
        const wake = new AbortController();
        this.#waiting = { since: clock.now(), wake };
        try {
          await store.waitForResponse(execution.executionId, fromCursor, remaining, wake.signal);
        } finally {
          this.#waiting = null;
        }
      }
      const responses = await store.getResponses(execution.executionId, { fromCursor });
      if (responses.length > 0) {
        return { type: 'sync', reply: { records: [], responses } };
      }
      if (this.#stopped !== null) {
        return { type: 'suspend', reason: this.#stopped };
      }
      if (deadline - clock.now() > 0 && !this.#evicted) {
        continue;
      }
      if (this.#stopped !== null) {
        return { type: 'suspend', reason: this.#stopped };
      }
      const step = await store.appendWorkflowStep({
        executionId: execution.executionId,
        expectedVersion: version.value,
        events: [],
        end: { type: 'block', joinSetId, closing },
        now: clock.now(),
      });
      version.value = step.version;
      if (step.blocked) {
        return { type: 'suspend', reason: this.#evicted ? 'unloaded to free its thread' : 'await timeout' };
      }
    }
  }

  async #cancel(executions: readonly ExecutionId[], delays: readonly DelayId[]): Promise<void> {
    const { store, clock } = this.#options;
    for (const id of executions) {
      await this.#options.cancelExecution(id);
    }
    for (const id of delays) {
      await store.cancelDelay(id, clock.now());
    }
  }
}

/**
 * New child and scheduled executions run on the current version of their function's
 * component (it may have been reloaded since the workflow's links were made).
 */
function withCurrentDigest(event: HistoryEventInput, registry: ComponentRegistry): HistoryEventInput {
  if (event.type === 'join-set-request' && event.request.type === 'child-execution') {
    const digest = registry.function(event.request.ffqn)?.component.digest;
    return digest === undefined || digest === event.request.componentDigest
      ? event
      : { ...event, request: { ...event.request, componentDigest: digest } };
  }
  if (event.type === 'schedule') {
    const digest = registry.function(event.ffqn)?.component.digest;
    return digest === undefined || digest === event.componentDigest ? event : { ...event, componentDigest: digest };
  }
  return event;
}

type HostReplyRecords = Extract<HostReply, { type: 'sync' }>['reply']['records'];

export function kindOf(componentKind: string): TargetKind {
  return componentKind === 'workflow' ? 'workflow' : componentKind === 'activity_stub' ? 'stub' : 'activity';
}

/** Finds a function for a generic `schedule` and validates its parameters (a JSON array text). */
export function resolveFunction(registry: ComponentRegistry, ffqn: string, paramsJson: string): ResolvedFunction {
  const fn = registry.functions().find((f) => f.ffqn === ffqn);
  if (fn === undefined) {
    return { ok: false, error: 'function-not-found' };
  }
  try {
    const params = fn.codec.paramsToJson(fn.codec.paramsFromJson(JSON.parse(paramsJson)));
    return {
      ok: true,
      target: { ffqn: fn.ffqn, digest: fn.component.digest, kind: kindOf(fn.component.kind) },
      params,
    };
  } catch (error: unknown) {
    return { ok: false, error: { invalidParams: error instanceof Error ? error.message : String(error) } };
  }
}

/** Validates a stub result (`{"ok": v}` / `{"err": e}` as JSON text) against the stub execution's return type. */
export async function checkStub(
  store: Pick<ExecutorStore, 'getExecution'>,
  registry: ComponentRegistry,
  executionId: ExecutionId,
  resultJson: string,
): Promise<CheckedStub> {
  let ffqn: string;
  try {
    ffqn = (await store.getExecution(executionId)).ffqn;
  } catch (error: unknown) {
    if (isRetriable(error)) {
      throw error;
    }
    return { ok: false, error: 'execution-not-found' };
  }
  const fn = registry.functions().find((f) => f.ffqn === ffqn);
  if (fn === undefined) {
    return { ok: false, error: { typeCheck: `no loaded component exports ${ffqn}` } };
  }
  try {
    const json = fn.codec.resultToJson(fn.codec.resultFromJson(JSON.parse(resultJson)));
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      return { ok: false, error: { typeCheck: `expected {"ok": ...} or {"err": ...}, got ${canonicalJson(json)}` } };
    }
    const record = json as Record<string, never>;
    return {
      ok: true,
      result: 'ok' in record ? FinishedResult.ok(record['ok'] ?? null) : FinishedResult.err(record['err'] ?? null),
    };
  } catch (error: unknown) {
    return {
      ok: false,
      error: { typeCheck: error instanceof ValueError || error instanceof SyntaxError ? error.message : String(error) },
    };
  }
}
