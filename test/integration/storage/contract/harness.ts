/**
 * The storage contract suite's harness: every case gets a fresh store from the
 * backend's factory and a {@link SimClock}, and the suite counts the cases that
 * ran and passed so each backend reports its case count.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import {
  ExecutionId,
  ExecutorId,
  Ffqn,
  JoinSetId,
  RunId,
  SimClock,
  UlidGenerator,
  type ComponentDigest,
  type JsonValue,
} from '../../../../src/engine/concepts/index.js';
import type { CreateExecutionRequest, LockedExecution, Store } from '../../../../src/engine/storage/index.js';

/** Opens a fresh, empty store for one test case. */
export interface StoreFactory {
  readonly name: string;
  open(clock: SimClock): Promise<Store>;
}

export const FFQN_A = Ffqn.parse('testing:fibo/fibo.fibo');
export const FFQN_B = Ffqn.parse('testing:fibo/fibo.fibo-b');
export const FFQN_WF = Ffqn.parse('testing:fibo-workflow/workflow.fibow');
export const FFQN_STUB = Ffqn.parse('testing:stub/stub.approve');
export const DIGEST = `sha256:${'a1'.repeat(32)}` as ComponentDigest;
export const LOCK_MS = 1_000;

/** What a case works with. */
export class Fixture {
  readonly clock: SimClock;
  readonly store: Store;
  readonly executorId: ExecutorId;
  readonly ulids = new UlidGenerator();

  constructor(clock: SimClock, store: Store) {
    this.clock = clock;
    this.store = store;
    this.executorId = ExecutorId.generate(clock, this.ulids);
  }

  now(): number {
    return this.clock.now();
  }

  newId(): ExecutionId {
    return ExecutionId.generate(this.clock, this.ulids);
  }

  runId(): RunId {
    return RunId.generate(this.clock, this.ulids);
  }

  /** Creates a top-level execution due now (override anything). */
  async create(overrides: Partial<CreateExecutionRequest> = {}): Promise<ExecutionId> {
    const executionId = overrides.executionId ?? this.newId();
    await this.store.createExecution({
      executionId,
      ffqn: FFQN_A,
      params: [10] as JsonValue[],
      componentDigest: DIGEST,
      scheduledAt: this.now(),
      now: this.now(),
      ...overrides,
    });
    return executionId;
  }

  /** Locks pending executions of `ffqns` (default: every FFQN of the suite). */
  async lock(
    options: {
      ffqns?: readonly Ffqn[];
      limit?: number;
      withHistory?: boolean;
      lockMs?: number;
      servedDigests?: readonly string[];
    } = {},
  ): Promise<readonly LockedExecution[]> {
    return this.store.lockPending({
      ffqns: options.ffqns ?? [FFQN_A, FFQN_B, FFQN_WF, FFQN_STUB],
      limit: options.limit ?? 100,
      now: this.now(),
      executorId: this.executorId,
      runId: this.runId(),
      lockExpiresAt: this.now() + (options.lockMs ?? LOCK_MS),
      withHistory: options.withHistory,
      servedDigests: options.servedDigests,
    });
  }

  /** Locks exactly `id` (it must be the only due execution of its FFQN) and returns it. */
  async lockOne(id: ExecutionId, ffqn: Ffqn = FFQN_A): Promise<LockedExecution> {
    const locked = await this.lock({ ffqns: [ffqn], withHistory: true });
    const mine = locked.find((l) => l.executionId === id);
    expect(mine, `expected ${id} to be locked`).toBeDefined();
    return mine as LockedExecution;
  }

  /** The version of `id` once locked: locks it unless a previous batch already did. */
  async lockedVersion(id: ExecutionId, ffqn: Ffqn = FFQN_A): Promise<number> {
    const record = await this.store.getExecution(id);
    return record.state.type === 'locked' ? record.version : (await this.lockOne(id, ffqn)).version;
  }

  /** Creates and locks a workflow; returns its ID and the version after the lock. */
  async lockedWorkflow(): Promise<{ id: ExecutionId; version: number }> {
    const id = await this.create({ ffqn: FFQN_WF, seed: '42' });
    const locked = await this.lockOne(id, FFQN_WF);
    return { id, version: locked.version };
  }
}

export const js = {
  g: (n: number): JoinSetId => JoinSetId.generated(n),
  n: (name: string): JoinSetId => JoinSetId.named(name),
};

/** Expects `promise` to reject with an engine error of `code`. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

/** Lets promise callbacks (notifications) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}

type CaseFn = (fx: Fixture) => Promise<void>;

/** Registers contract cases for one backend and counts them. */
export class ContractRun {
  registered = 0;
  passed = 0;
  #fixture: Fixture | undefined;

  constructor(readonly factory: StoreFactory) {
    beforeEach(async () => {
      const clock = new SimClock();
      this.#fixture = new Fixture(clock, await factory.open(clock));
    });
    afterEach(async () => {
      await this.#fixture?.store.close();
      this.#fixture = undefined;
    });
  }

  /** One contract case. */
  case(name: string, fn: CaseFn): void {
    this.registered++;
    test(name, async () => {
      const fixture = this.#fixture;
      if (fixture === undefined) {
        throw new Error('no store: beforeEach did not run');
      }
      await fn(fixture);
      if (this.#fixture === fixture) {
        // Still the current case (a case that timed out finishes after its store was replaced).
        this.passed++;
      }
    });
  }
}
