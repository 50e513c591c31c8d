/**
 * The deterministic core of a workflow run, independent of threads and WASM: it replays
 * recorded history, records new decisions, and owns the workflow's clock and randomness. The
 * join sets and their responses are kept by {@link JoinSets} (`join-sets.ts`).
 *
 * Every host call that makes a decision goes through {@link WorkflowState.#decide}: while
 * recorded history events remain, the request must match the next one (else
 * {@link NondeterminismDetected}); after that, new events are buffered and reach the store
 * at the next blocking point through the {@link HostBackend}, in one step.
 *
 * Clock rule: the workflow's time is the creation time of the execution, moved forward to
 * the creation time of every response it consumes. It moves only at host calls, and the
 * same way on every replay.
 */
import {
  DelayId,
  ExecutionId,
  JoinSetId,
  type ExecutionEventRecord,
  type FinishedResult,
  type HistoryEvent,
  type HistoryEventInput,
  type JoinSetResponseRecord,
  type JsonValue,
  type StubOutcome,
} from '../../concepts/index.js';
import { describeEvent, sameDecision } from './describe.js';
import { NondeterminismDetected } from './errors.js';
import { JoinSets, type ChildTarget, type JoinSet } from './join-sets.js';
import { SeededRandom } from './prng.js';

/** What a request waits for. */
export interface WaitSpec {
  readonly joinSetId: JoinSetId;
  readonly closing: boolean;
  /** Only responses with a cursor at or after this one are new to the run. */
  readonly fromCursor: number;
}

export interface SyncRequest {
  /** New events to append (may be empty). */
  readonly events: readonly HistoryEventInput[];
  /** Return only once a response arrived (or suspend the run by throwing). */
  readonly wait: WaitSpec | null;
  /** Return the responses that arrived since `fromCursor` without waiting. */
  readonly poll: { readonly fromCursor: number } | null;
}

export interface SyncReply {
  /** The appended events as stored. */
  readonly records: readonly ExecutionEventRecord[];
  /** Responses with a cursor at or after the requested one. */
  readonly responses: readonly JoinSetResponseRecord[];
}

/** What `resolveFunction` found for a function named at run time (generic `schedule`). */
export type ResolvedFunction =
  | { readonly ok: true; readonly target: ChildTarget; readonly params: readonly JsonValue[] }
  | { readonly ok: false; readonly error: 'function-not-found' | { readonly invalidParams: string } };

/** What `checkStub` made of a result written as JSON (generic `stub`). */
export type CheckedStub =
  | { readonly ok: true; readonly result: FinishedResult }
  | { readonly ok: false; readonly error: 'execution-not-found' | { readonly typeCheck: string } };

/** Where new decisions go. The worker thread implements it with blocking calls to the main thread. */
export interface HostBackend {
  sync(request: SyncRequest): SyncReply;
  /** Cancels child activities and delays (idempotent). */
  cancel(executions: readonly ExecutionId[], delays: readonly DelayId[]): void;
  /** Finds a function by FFQN and validates parameters given as a JSON array text. */
  resolveFunction(ffqn: string, paramsJson: string): ResolvedFunction;
  /** Validates a result (`{"ok": v}` / `{"err": e}` as JSON text) against the return type of the stub execution. */
  checkStub(executionId: ExecutionId, resultJson: string): CheckedStub;
}

export interface WorkflowStateInit {
  readonly executionId: ExecutionId;
  readonly seed: string;
  readonly createdAt: number;
  readonly events: readonly ExecutionEventRecord[];
  readonly responses: readonly JoinSetResponseRecord[];
  readonly backend: HostBackend;
}

export type JoinNextResult =
  { readonly type: 'response'; readonly response: JoinSetResponseRecord } | { readonly type: 'all-processed' };
export type JoinNextTryResult = JoinNextResult | { readonly type: 'pending' };

export class WorkflowState {
  readonly executionId: ExecutionId;
  readonly random: SeededRandom;
  readonly #backend: HostBackend;
  readonly #history: readonly ExecutionEventRecord[];
  #historyIndex = 0;
  readonly #joinSets = new JoinSets();
  readonly #pending: HistoryEventInput[] = [];
  #time: number;
  #oneOff = 0;
  #generated = 0;

  constructor(init: WorkflowStateInit) {
    this.executionId = init.executionId;
    this.random = new SeededRandom(init.seed);
    this.#backend = init.backend;
    this.#time = init.createdAt;
    this.#history = init.events.filter((record) => record.event.type === 'history');
    this.#joinSets.addResponses(init.responses);
  }

  /** The workflow's current time (ms since the epoch). */
  get time(): number {
    return this.#time;
  }

  /** True while recorded decisions remain to be replayed (guest output is not kept then). */
  get replaying(): boolean {
    return this.#historyIndex < this.#history.length;
  }

  /** Events decided but not yet sent to the store. */
  takePending(): HistoryEventInput[] {
    return this.#pending.splice(0);
  }

  // --- join sets -------------------------------------------------------------------------

  createJoinSet(kind: 'generated' | 'one-off'): JoinSetId {
    const id = kind === 'generated' ? JoinSetId.generated(++this.#generated) : JoinSetId.oneOff(++this.#oneOff);
    this.#decide({ type: 'join-set-create', joinSetId: id });
    this.#joinSets.add(id);
    return id;
  }

  /** A named join set; `conflict` when this workflow already has one with the name. Throws `InvalidId` for a bad name. */
  createNamedJoinSet(name: string): JoinSetId | 'conflict' {
    const id = JoinSetId.named(name);
    if (this.#joinSets.has(id)) {
      return 'conflict';
    }
    this.#decide({ type: 'join-set-create', joinSetId: id });
    this.#joinSets.add(id);
    return id;
  }

  submitChild(joinSetId: JoinSetId, target: ChildTarget, params: readonly JsonValue[]): ExecutionId {
    const joinSet = this.#joinSets.open(joinSetId);
    const childExecutionId = ExecutionId.derive(this.executionId, joinSetId, joinSet.requests.length + 1);
    const seed = target.kind === 'workflow' ? this.random.childSeed() : null;
    this.#decide({
      type: 'join-set-request',
      joinSetId,
      request: {
        type: 'child-execution',
        childExecutionId,
        ffqn: target.ffqn,
        params,
        componentDigest: target.digest,
        seed,
      },
    });
    joinSet.requests.push({ id: childExecutionId, target });
    return childExecutionId;
  }

  submitDelay(joinSetId: JoinSetId, expiresAt: number): DelayId {
    const joinSet = this.#joinSets.open(joinSetId);
    const delayId = DelayId.derive(this.executionId, joinSetId, joinSet.requests.length + 1);
    this.#decide({ type: 'join-set-request', joinSetId, request: { type: 'delay', delayId, expiresAt } });
    joinSet.requests.push({ id: delayId, target: null });
    return delayId;
  }

  /** Waits for the next response of the join set (completion order). */
  joinNext(joinSetId: JoinSetId, closing = false): JoinNextResult {
    const joinSet = this.#joinSets.known(joinSetId);
    if (joinSet.consumed.length >= joinSet.requests.length) {
      return { type: 'all-processed' };
    }
    this.#decide({ type: 'join-next', joinSetId, closing });
    for (;;) {
      const response = this.#joinSets.nextResponse(joinSet);
      if (response !== undefined) {
        return { type: 'response', response: this.#consume(joinSet, response) };
      }
      const reply = this.#backend.sync({
        events: this.takePending(),
        wait: { joinSetId, closing, fromCursor: this.#joinSets.nextCursor() },
        poll: null,
      });
      this.#joinSets.addResponses(reply.responses);
    }
  }

  /** The next response if one is there, without waiting. The answer is recorded. */
  joinNextTry(joinSetId: JoinSetId): JoinNextTryResult {
    const joinSet = this.#joinSets.known(joinSetId);
    if (joinSet.consumed.length >= joinSet.requests.length) {
      return { type: 'all-processed' };
    }
    const recorded = this.#peekRecorded();
    if (recorded !== undefined) {
      if (recorded.type !== 'join-next-try' || recorded.joinSetId !== joinSetId) {
        this.#mismatch(`join-next-try ${joinSetId}`);
      }
      this.#historyIndex++;
      if (recorded.outcome !== 'found') {
        return { type: 'pending' };
      }
      const response = this.#joinSets.nextResponse(joinSet);
      if (response === undefined) {
        throw new NondeterminismDetected({
          eventIndex: null,
          recorded: `a response for ${joinSetId}`,
          requested: 'join-next-try found none',
        });
      }
      return { type: 'response', response: this.#consume(joinSet, response) };
    }
    let response = this.#joinSets.nextResponse(joinSet);
    if (response === undefined) {
      const reply = this.#backend.sync({
        events: this.takePending(),
        wait: null,
        poll: { fromCursor: this.#joinSets.nextCursor() },
      });
      this.#joinSets.addResponses(reply.responses);
      response = this.#joinSets.nextResponse(joinSet);
    }
    this.#pending.push({ type: 'join-next-try', joinSetId, outcome: response === undefined ? 'pending' : 'found' });
    return response === undefined
      ? { type: 'pending' }
      : { type: 'response', response: this.#consume(joinSet, response) };
  }

  /**
   * Closes a join set: delays and child activities not awaited yet are cancelled, then every
   * outstanding response (cancelled ones included; child workflows run to their end) is awaited.
   */
  closeJoinSet(joinSetId: JoinSetId): void {
    const joinSet = this.#joinSets.known(joinSetId);
    if (joinSet.closed) {
      return;
    }
    const open = this.#joinSets.unanswered(joinSet);
    if (open.length > 0 && !this.replaying) {
      const executions = open
        .filter((r) => r.target !== null && r.target.kind !== 'workflow')
        .map((r) => r.id as ExecutionId);
      const delays = open.filter((r) => r.target === null).map((r) => r.id as DelayId);
      if (executions.length > 0 || delays.length > 0) {
        if (this.#pending.length > 0) {
          // What is cancelled must exist in the store first.
          this.#backend.sync({ events: this.takePending(), wait: null, poll: null });
        }
        this.#backend.cancel(executions, delays);
      }
    }
    for (let i = 0; i < open.length; i++) {
      this.joinNext(joinSetId, true);
    }
    joinSet.closed = true;
  }

  /** Closes every join set still open, in creation order (structured concurrency at return). */
  closeAll(): void {
    for (const id of this.#joinSets.ids()) {
      this.closeJoinSet(id);
    }
  }

  /** A response the workflow already consumed, by child execution or delay ID. */
  processedResponse(id: string): JoinSetResponseRecord | undefined {
    return this.#joinSets.processedResponse(id);
  }

  /** The target of a child this workflow submitted. */
  childTarget(id: string): ChildTarget | null | undefined {
    return this.#joinSets.childTarget(id);
  }

  // --- queries (not decisions: they record nothing) -------------------------------------

  resolveFunction(ffqn: string, paramsJson: string): ResolvedFunction {
    return this.#backend.resolveFunction(ffqn, paramsJson);
  }

  checkStub(executionId: ExecutionId, resultJson: string): CheckedStub {
    return this.#backend.checkStub(executionId, resultJson);
  }

  // --- other decisions -------------------------------------------------------------------

  /** A new top-level execution ID, the same on every replay. */
  generateExecutionId(): ExecutionId {
    const bytes = this.random.bytes(10);
    return ExecutionId.parse(`E_${encodeUlid(this.#time, bytes)}`);
  }

  schedule(executionId: ExecutionId, target: ChildTarget, params: readonly JsonValue[], scheduledAt: number): void {
    this.#decide({
      type: 'schedule',
      executionId,
      ffqn: target.ffqn,
      params,
      scheduledAt,
      componentDigest: target.digest,
    });
  }

  /** Writes a stub result now (the store decides the outcome) and returns the outcome. */
  stub(targetExecutionId: ExecutionId, result: FinishedResult): StubOutcome {
    const recorded = this.#decide({ type: 'stub', targetExecutionId, result });
    if (recorded !== null) {
      return recorded.type === 'stub' ? recorded.outcome : 'not-found';
    }
    const reply = this.#backend.sync({ events: this.takePending(), wait: null, poll: null });
    const stored = reply.records.at(-1)?.event;
    return stored?.type === 'history' && stored.event.type === 'stub' ? stored.event.outcome : 'not-found';
  }

  /**
   * Called when the guest returned: recorded decisions the code did not make again are
   * nondeterminism.
   */
  assertHistoryConsumed(): void {
    const next = this.#history[this.#historyIndex];
    if (next !== undefined && next.event.type === 'history') {
      throw new NondeterminismDetected({
        eventIndex: next.version,
        recorded: describeEvent(next.event.event),
        requested: 'to return',
      });
    }
  }

  // --- internals -------------------------------------------------------------------------

  /** Replays or records one decision; returns the recorded event when replaying, else `null`. */
  #decide(requested: HistoryEventInput): HistoryEvent | null {
    const recorded = this.#peekRecorded();
    if (recorded === undefined) {
      this.#pending.push(requested);
      return null;
    }
    if (!sameDecision(recorded, requested)) {
      this.#mismatch(describeEvent(requested));
    }
    this.#historyIndex++;
    return recorded;
  }

  #peekRecorded(): HistoryEvent | undefined {
    const record = this.#history[this.#historyIndex];
    return record?.event.type === 'history' ? record.event.event : undefined;
  }

  #mismatch(requested: string): never {
    const record = this.#history[this.#historyIndex];
    const recorded = record?.event.type === 'history' ? describeEvent(record.event.event) : 'nothing';
    throw new NondeterminismDetected({ eventIndex: record?.version ?? null, recorded, requested });
  }

  /** Consumes a response; the workflow's time moves to its creation time (see the clock rule above). */
  #consume(joinSet: JoinSet, response: JoinSetResponseRecord): JoinSetResponseRecord {
    this.#time = Math.max(this.#time, response.createdAt);
    return this.#joinSets.consume(joinSet, response);
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID from a time and 10 random bytes (80 bits). */
function encodeUlid(time: number, random: Uint8Array): string {
  let out = '';
  let t = Math.max(0, Math.floor(time));
  for (let i = 0; i < 10; i++) {
    out = (CROCKFORD[t % 32] ?? '0') + out;
    t = Math.floor(t / 32);
  }
  let bits = 0n;
  for (const byte of random) {
    bits = (bits << 8n) | BigInt(byte);
  }
  let tail = '';
  for (let i = 0; i < 16; i++) {
    tail = (CROCKFORD[Number(bits & 31n)] ?? '0') + tail;
    bits >>= 5n;
  }
  return out + tail;
}
