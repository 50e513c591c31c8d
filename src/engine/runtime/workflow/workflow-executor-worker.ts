/**
 * The executor's {@link Worker} for workflows: each attempt is a run of the workflow on the
 * {@link WorkflowRuntime}, replaying its history and continuing from there. The run persists
 * its own progress (steps, blocking, finishing), so attempts end as `persisted`, except traps,
 * which the executor finishes (workflows never retry traps). A storage fault met by the run
 * (or while recording its end) is thrown, so that the executor unlocks the execution for later.
 */
import { FinishedResult, type Clock, type ExecutionId } from '../../concepts/index.js';
import type { ComponentRegistry } from '../../components/registry.js';
import type { AttemptContext, AttemptOutcome, ChildClaim, EngineLogger, Worker } from '../../executor/index.js';
import type { LockedExecution, NewChild, Store } from '../../storage/index.js';
import { formatReport } from './errors.js';
import type { RunOutcome } from './protocol.js';
import { RunHandler, type BlockingStrategy } from './run-handler.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

export interface WorkflowWorkerOptions {
  readonly runtime: WorkflowRuntime;
  readonly store: Store;
  readonly clock: Clock;
  readonly registry: ComponentRegistry;
  readonly logger: EngineLogger;
  readonly strategy: BlockingStrategy;
  readonly awaitTimeoutMs: number;
  readonly alwaysReplay: boolean;
  readonly cancelExecution: (executionId: ExecutionId) => Promise<void>;
  /** Finds an executor here to create a child locked by (see `RunHandlerOptions.claimChild`). */
  readonly claimChild?: ((child: NewChild) => ChildClaim | null) | undefined;
}

export class WorkflowExecutorWorker implements Worker {
  readonly #options: WorkflowWorkerOptions;

  constructor(options: WorkflowWorkerOptions) {
    this.#options = options;
  }

  capacity(): number {
    return this.#options.runtime.capacity();
  }

  async run(ctx: AttemptContext): Promise<AttemptOutcome> {
    const { store, clock, runtime } = this.#options;
    const execution = ctx.execution;
    const history = execution.history ?? {
      events: await store.getEvents(execution.executionId),
      responses: await store.getResponses(execution.executionId),
    };
    const handler = new RunHandler({ ...this.#options, execution, version: ctx.version });
    const outcome = await runtime.run(
      {
        digest: execution.componentDigest,
        executionId: execution.executionId,
        ffqn: execution.ffqn,
        params: execution.params,
        seed: execution.seed ?? execution.executionId,
        createdAt: execution.createdAt,
        events: history.events,
        responses: history.responses,
      },
      handler,
      { executionId: execution.executionId, runId: execution.runId, now: () => clock.now() },
      ctx.signal,
    );
    if (handler.fault !== null) {
      throw handler.fault;
    }
    return outcome === null ? { kind: 'persisted' } : this.#record(ctx, outcome);
  }

  async #record(ctx: AttemptContext, outcome: RunOutcome): Promise<AttemptOutcome> {
    const { store, clock } = this.#options;
    const { executionId } = ctx.execution;
    switch (outcome.kind) {
      case 'suspended':
        return { kind: 'persisted' };
      case 'trap':
        return { kind: 'trap', reason: outcome.message, detail: outcome.stack };
      case 'nondeterminism': {
        this.#options.logger.warn('nondeterminism detected', { executionId, report: formatReport(outcome.report) });
        ctx.version.value = await store.finish(
          executionId,
          ctx.version.value,
          FinishedResult.failure('nondeterminism-detected', formatReport(outcome.report)),
          clock.now(),
        );
        return { kind: 'persisted' };
      }
      case 'finished': {
        const result =
          outcome.result.kind === 'ok'
            ? FinishedResult.ok(outcome.result.value)
            : FinishedResult.err(outcome.result.value);
        const step = await store.appendWorkflowStep({
          executionId,
          expectedVersion: ctx.version.value,
          events: outcome.events,
          end: { type: 'finish', result },
          now: clock.now(),
        });
        ctx.version.value = step.version;
        return { kind: 'persisted' };
      }
    }
  }

  /** Cancels what the workflow submitted and has not received yet (children and delays). */
  async beforeCancel(execution: LockedExecution): Promise<void> {
    const { store, clock } = this.#options;
    const events = await store.getEvents(execution.executionId);
    const answered = new Set(
      (await store.getResponses(execution.executionId)).map((r) =>
        r.response.type === 'child-finished' ? r.response.childExecutionId : r.response.delayId,
      ),
    );
    for (const record of events) {
      if (record.event.type !== 'history' || record.event.event.type !== 'join-set-request') {
        continue;
      }
      const request = record.event.event.request;
      const id = request.type === 'delay' ? request.delayId : request.childExecutionId;
      if (answered.has(id)) {
        continue;
      }
      try {
        if (request.type === 'delay') {
          await store.cancelDelay(request.delayId, clock.now());
        } else {
          await this.#options.cancelExecution(request.childExecutionId);
        }
      } catch (error: unknown) {
        this.#options.logger.warn('could not cancel a child of a cancelled workflow', {
          executionId: execution.executionId,
          child: id,
          error: String(error),
        });
      }
    }
  }
}
