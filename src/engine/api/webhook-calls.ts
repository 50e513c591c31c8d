/**
 * What a webhook request's calls into the engine do, on the main thread. The request's execution
 * is locked for its whole run, so its calls are recorded in its log the way a workflow's are:
 * `schedule` appends a `schedule` event (the store creates the new top-level execution in the
 * same transaction); `call` / `invoke` append a one-off join set with one child execution and a
 * `join-next`, then wait for the child's response. Children appear under the request's execution.
 */
import { randomBytes } from 'node:crypto';
import {
  ExecutionId,
  JoinSetId,
  NotFound,
  type Clock,
  type FinishedResult,
  type HistoryEventInput,
} from '../concepts/index.js';
import type {
  ExecutionView,
  FunctionCallRequest,
  HostCallReply,
  HostCallRequest,
  SupportCallRequest,
} from '../runtime/webhook/protocol.js';
import { scheduleAtMs } from '../runtime/workflow/host/convert.js';
import type { ExecutionRecord, Store } from '../storage/index.js';

/** The state of one running request's execution. */
export interface RequestLog {
  /** The version the next append expects. */
  version: number;
  /** One-off join sets created so far. */
  joinSets: number;
  /** Responses read so far (the cursor to read from). */
  cursor: number;
  /** When the request is stopped anyway; waits end then. */
  readonly deadline: number;
}

const seed = (): string => randomBytes(16).toString('hex');

/** The engine API's reads, which answer once what they read is durable. */
export interface ExecutionReads {
  getStatus(executionId: string): Promise<ExecutionRecord>;
  awaitStatus(executionId: string, options: { readonly timeoutMs: number }): Promise<ExecutionRecord>;
}

export class WebhookCalls {
  readonly #requests = new Map<string, RequestLog>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly reads: ExecutionReads,
  ) {}

  begin(executionId: ExecutionId, log: RequestLog): void {
    this.#requests.set(executionId, log);
  }

  running(executionId: ExecutionId): boolean {
    return this.#requests.has(executionId);
  }

  /** The request's state once it ended (its version is the one to finish it at). */
  end(executionId: ExecutionId): RequestLog | undefined {
    const log = this.#requests.get(executionId);
    this.#requests.delete(executionId);
    return log;
  }

  /**
   * Answers a call of the endpoint's guest, once what it wrote or read is on disk: the guest may put
   * the answer into its HTTP response (see `ApiStore.settled`).
   */
  async handle(request: HostCallRequest): Promise<HostCallReply> {
    const reply = await this.#handle(request);
    await this.store.settled();
    return reply;
  }

  async #handle(request: HostCallRequest): Promise<HostCallReply> {
    const log = this.#requests.get(request.executionId);
    if (log === undefined) {
      return { ok: false, message: `no request runs as execution ${request.executionId}` };
    }
    if ('readId' in request) {
      return this.#read(request, log);
    }
    return this.#call(request, log);
  }

  async #call(request: FunctionCallRequest, log: RequestLog): Promise<HostCallReply> {
    const parent = ExecutionId.parse(request.executionId);
    const { target, params } = request;
    if (request.kind === 'get') {
      return this.#get(request.getId ?? '');
    }
    const workflowSeed = target.kind === 'workflow' ? seed() : null;
    if (request.kind === 'schedule') {
      const executionId = ExecutionId.generate(this.clock);
      const scheduledAt = scheduleAtMs(request.scheduleAt, this.clock.now());
      await this.#append(parent, log, [
        {
          type: 'schedule',
          executionId,
          ffqn: target.ffqn,
          params,
          scheduledAt,
          componentDigest: target.digest,
          seed: workflowSeed,
        },
      ]);
      return { ok: true, executionId, result: null };
    }
    log.joinSets += 1;
    const joinSetId = JoinSetId.oneOff(log.joinSets);
    const childExecutionId = ExecutionId.derive(parent, joinSetId, 1);
    await this.#append(parent, log, [
      { type: 'join-set-create', joinSetId },
      {
        type: 'join-set-request',
        joinSetId,
        request: {
          type: 'child-execution',
          childExecutionId,
          ffqn: target.ffqn,
          params,
          componentDigest: target.digest,
          seed: workflowSeed,
        },
      },
      { type: 'join-next', joinSetId, closing: false },
    ]);
    const result = await this.#awaitChild(parent, log, childExecutionId);
    return result === null
      ? { ok: false, message: `child execution ${childExecutionId} did not finish in time` }
      : { ok: true, executionId: childExecutionId, result };
  }

  /** `webhook-support`: where execution `readId` stands (for `await`, once it finished or the request's deadline passed). */
  async #read(request: SupportCallRequest, log: RequestLog): Promise<HostCallReply> {
    const executionId = ExecutionId.parse(request.readId);
    let record: ExecutionRecord;
    try {
      record = await this.reads.getStatus(executionId);
      const remaining = log.deadline - this.clock.now();
      if (request.kind === 'await' && record.state.type !== 'finished' && remaining > 0) {
        record = await this.reads.awaitStatus(executionId, { timeoutMs: remaining });
      }
    } catch (error: unknown) {
      if (error instanceof NotFound) {
        return { ok: true, executionId, result: null, view: null };
      }
      throw error;
    }
    return { ok: true, executionId, result: null, view: viewOf(record) };
  }

  async #get(text: string): Promise<HostCallReply> {
    const executionId = ExecutionId.parse(text);
    try {
      const record = await this.store.getExecution(executionId);
      const result = record.state.type === 'finished' ? record.state.result : null;
      return { ok: true, executionId, result, ffqn: record.ffqn };
    } catch (error: unknown) {
      if (error instanceof NotFound) {
        return { ok: true, executionId, result: null, ffqn: null };
      }
      throw error;
    }
  }

  async #append(executionId: ExecutionId, log: RequestLog, events: readonly HistoryEventInput[]): Promise<void> {
    const step = await this.store.appendWorkflowStep({
      executionId,
      expectedVersion: log.version,
      events,
      now: this.clock.now(),
    });
    log.version = step.version;
  }

  async #awaitChild(parent: ExecutionId, log: RequestLog, childId: ExecutionId): Promise<FinishedResult | null> {
    for (;;) {
      const responses = await this.store.getResponses(parent, { fromCursor: log.cursor });
      for (const response of responses) {
        log.cursor = Math.max(log.cursor, response.cursor + 1);
        if (response.response.type === 'child-finished' && response.response.childExecutionId === childId) {
          return response.response.result;
        }
      }
      const remaining = log.deadline - this.clock.now();
      if (remaining <= 0 || !(await this.store.waitForResponse(parent, log.cursor, remaining))) {
        return null;
      }
    }
  }
}

function viewOf(record: ExecutionRecord): ExecutionView {
  const { state } = record;
  if (state.type === 'finished') {
    return { state: 'finished', result: state.result };
  }
  if (record.paused) {
    return { state: 'paused' };
  }
  switch (state.type) {
    case 'pending-at':
      return { state: 'pending', scheduledAt: state.scheduledAt };
    case 'locked':
      return { state: 'locked' };
    case 'blocked-by-join-set':
      return { state: 'blocked' };
  }
}
