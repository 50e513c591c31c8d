/**
 * The tick loop of one component: lock up to `batchSize` pending executions in one
 * store call, run each through the {@link Worker}, keep their locks alive, stop them
 * at their deadline, and record the outcome (finish, or unlock with backoff).
 * `tick(now)` can be driven by hand (tests under `SimClock`); `start()` loops.
 *
 * A storage fault ({@link StorageFaults}) never becomes an outcome: an attempt that met one
 * is unlocked with a backoff, a write of an outcome that met one is tried again (backing off)
 * while the attempt still holds its slot, and the tick loop backs off too.
 */
import {
  FinishedResult,
  NotFound,
  RunId,
  VersionConflict,
  WAIT_ENDED,
  type Clock,
  type ExecutionId,
  type ExecutorId,
} from '../concepts/index.js';
import {
  DEFAULT_QUEUE,
  type ChildLock,
  type ExecutorStore,
  type LockedExecution,
  type NewChild,
  type PendingFilter,
} from '../storage/index.js';
import { applyWrite, sleepOrAbort } from './apply.js';
import { keepLockAlive } from './keepalive.js';
import { silentLogger, type EngineLogger } from './logger.js';
import { writeForOutcome, writeForTimeout, type OutcomeWrite, type RetryPolicy } from './outcome.js';
import { StorageFaults } from './storage-faults.js';
import { AbortReason, type AttemptOutcome, type VersionBox, type Worker } from './worker.js';

export interface ExecutorOptions {
  /** For logs: the component's name. */
  readonly name: string;
  readonly store: ExecutorStore;
  readonly clock: Clock;
  readonly worker: Worker;
  readonly executorId: ExecutorId;
  /** The FFQNs (and/or queue) this executor serves. */
  readonly filter: PendingFilter;
  readonly batchSize: number;
  readonly lockExpiryMs: number;
  readonly tickSleepMs: number;
  /** An attempt running longer is stopped and counted as a timeout (`null`: never). */
  readonly maxDurationMs: number | null;
  readonly policy: RetryPolicy;
  /** Lock with the full history (workflows replay it). */
  readonly withHistory?: boolean | undefined;
  /** Start attempts once their locks are written, before the commit is durable (see `LockPendingRequest`). */
  readonly startBeforeDurable?: boolean | undefined;
  /** Lets workflow steps of this process create its executions locked by it (see {@link Executor.claimChild}). */
  readonly adoptsChildren?: boolean | undefined;
  /** The component digests this process has: executions of others' versions are left to them (see `LockPendingRequest`). */
  readonly servedDigests?: (() => readonly string[]) | undefined;
  readonly logger?: EngineLogger | undefined;
  /** Shared by an engine's loops, so that a storage outage is logged once (default: this executor's own). */
  readonly faults?: StorageFaults | undefined;
}

export interface TickResult {
  readonly locked: readonly ExecutionId[];
  /** Settles when every attempt started by this tick has been recorded. */
  readonly done: Promise<void>;
}

interface Inflight {
  readonly controller: AbortController;
  readonly settled: Promise<void>;
}

/**
 * Room claimed in an executor for a child execution a workflow step is creating: the lock to
 * write with the child, then exactly one of `start` (the step committed, or with `early` was
 * written; the attempt starts) or `release` (the child was not created locked).
 */
export interface ChildClaim {
  readonly lock: ChildLock;
  /** The attempt may start before the step's commit (the executor's `startBeforeDurable`). */
  readonly early: boolean;
  start(execution: LockedExecution): void;
  release(): void;
}

export class Executor {
  readonly #options: ExecutorOptions;
  readonly #logger: EngineLogger;
  readonly #faults: StorageFaults;
  readonly #inflight = new Map<ExecutionId, Inflight>();
  /** Aborted when {@link stop} gives up on running attempts: outcome writes stop retrying. */
  readonly #closing = new AbortController();
  /**
   * The back-off waits of attempts retrying their outcome during a storage outage, aborted on
   * close: one controller each in a set, not one listener each on `#closing` (hundreds of
   * attempts can wait at once).
   */
  readonly #recordWaits = new Set<AbortController>();
  #loop: Promise<void> | null = null;
  #stopping: AbortController | null = null;
  #wakeAttemptDone: (() => void) | null = null;
  /**
   * The last tick locked as much as the free capacity allowed, less than a batch: pending work may
   * be left, and only an attempt that ends makes room for it (no notification will come for it).
   */
  #starved = false;
  /** Claims made for children (see {@link claimChild}) not started or released yet: room they hold. */
  #claimed = 0;
  readonly #ffqns: ReadonlySet<string> | null;

  constructor(options: ExecutorOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#faults = options.faults ?? new StorageFaults(this.#logger, options.clock);
    const { ffqns, queue } = options.filter;
    this.#ffqns = options.adoptsChildren === true && ffqns !== undefined && queue === undefined ? new Set(ffqns) : null;
  }

  get name(): string {
    return this.#options.name;
  }

  /** Attempts running now. */
  get running(): number {
    return this.#inflight.size;
  }

  /** True while an attempt of `executionId` runs here or its outcome is being recorded. */
  holds(executionId: ExecutionId): boolean {
    return this.#inflight.has(executionId);
  }

  /** Locks what is due at `now` (at most the batch size and the worker's free capacity) and starts it. */
  async tick(now: number = this.#options.clock.now()): Promise<TickResult> {
    const { store, clock, batchSize, lockExpiryMs, executorId, filter, policy, withHistory, startBeforeDurable } =
      this.#options;
    const limit = Math.min(batchSize, this.#options.worker.capacity() - this.#claimed);
    if (limit <= 0) {
      this.#starved = true;
      return { locked: [], done: Promise.resolve() };
    }
    this.#starved = false;
    const locked = await store.lockPending({
      ...filter,
      limit,
      now,
      executorId,
      runId: RunId.generate(clock),
      lockExpiresAt: now + lockExpiryMs,
      retry: policy.retry,
      withHistory,
      startBeforeDurable,
      servedDigests: this.#options.servedDigests?.(),
    });
    this.#starved = limit < batchSize && locked.length >= limit;
    if (locked.length > 0 && startBeforeDurable !== true) {
      // (Locks returned before their commit do not show that the storage works.)
      this.#faults.ok();
    }
    const settled = locked.map((execution) => this.#startAttempt(execution));
    return {
      locked: locked.map((execution) => execution.executionId),
      done: Promise.all(settled).then(() => undefined),
    };
  }

  /**
   * Claims room for a child execution of `child.ffqn` that a workflow step of this process is
   * about to create, so that the step writes it locked by this executor and it starts at once,
   * without waiting to be found pending. `null` when this executor does not take children
   * (`adoptsChildren`), does not serve the function in the child's queue, is not running, or has
   * no free capacity (the child then stays pending, for whoever locks it).
   */
  claimChild(child: NewChild): ChildClaim | null {
    const { worker, clock, executorId, lockExpiryMs, policy } = this.#options;
    if (
      this.#ffqns === null ||
      !this.#ffqns.has(child.ffqn) ||
      child.queue !== DEFAULT_QUEUE ||
      this.#loop === null ||
      this.#stopping?.signal.aborted !== false ||
      worker.capacity() - this.#claimed <= 0
    ) {
      return null;
    }
    this.#claimed++;
    let open = true;
    const close = (): boolean => {
      const wasOpen = open;
      if (open) {
        open = false;
        this.#claimed--;
      }
      return wasOpen;
    };
    return {
      lock: {
        executorId,
        runId: RunId.generate(clock),
        lockExpiresAt: clock.now() + lockExpiryMs,
        retry: policy.retry,
      },
      early: this.#options.startBeforeDurable === true,
      start: (execution) => {
        if (!close()) {
          return;
        }
        if (this.#stopping?.signal.aborted !== false) {
          // Stopped since the claim: hand the child back at once rather than start it now.
          const write = this.#writeForAbort(execution, AbortReason.shutdown);
          this.#record(execution, { value: execution.version }, write).catch((error: unknown) => {
            this.#logger.warn('could not unlock a child locked at creation', {
              executionId: execution.executionId,
              error: String(error),
            });
          });
          return;
        }
        void this.#startAttempt(execution);
      },
      release: () => void close(),
    };
  }

  /** Stops the attempt of `executionId` if it runs here. True if it did. */
  abortAttempt(executionId: ExecutionId, reason: AbortReason): boolean {
    const inflight = this.#inflight.get(executionId);
    if (inflight === undefined) {
      return false;
    }
    inflight.controller.abort(reason);
    return true;
  }

  /** Runs the tick loop in the background until {@link stop}. */
  start(): void {
    if (this.#loop !== null) {
      return;
    }
    this.#stopping = new AbortController();
    this.#loop = this.#runLoop(this.#stopping.signal);
  }

  /**
   * Stops locking, then waits for running attempts to finish or reach their deadline.
   * After `graceMs` the remaining ones are stopped and unlocked for someone else.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping?.abort();
    await this.#loop;
    this.#loop = null;
    const all = [...this.#inflight.values()];
    const grace = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      timer.unref();
    });
    const finished = Promise.all(all.map((inflight) => inflight.settled)).then(() => true);
    const inTime = await Promise.race([finished, grace.then(() => false)]);
    if (!inTime) {
      this.#closing.abort(WAIT_ENDED);
      for (const wait of this.#recordWaits) {
        wait.abort(WAIT_ENDED);
      }
      for (const inflight of this.#inflight.values()) {
        inflight.controller.abort(AbortReason.shutdown);
      }
      await Promise.all([...this.#inflight.values()].map((inflight) => inflight.settled));
    }
  }

  async #runLoop(stopping: AbortSignal): Promise<void> {
    const { store, filter, tickSleepMs, clock } = this.#options;
    while (!stopping.aborted) {
      // Listen before ticking, so that work created during the tick is not missed.
      const wake = new AbortController();
      const onStop = (): void => wake.abort(WAIT_ENDED);
      stopping.addEventListener('abort', onStop, { once: true });
      const newWork = store.waitForPending(filter, tickSleepMs, wake.signal);
      let full = false;
      let backoffMs = 0;
      try {
        const result = await this.tick();
        full = result.locked.length > 0 && result.locked.length >= this.#options.batchSize;
      } catch (error: unknown) {
        if (StorageFaults.is(error)) {
          backoffMs = this.#faults.fault(error, 'locking pending executions');
        } else {
          this.#logger.error('executor tick failed', { component: this.name, error: String(error) });
        }
      }
      if (backoffMs > 0) {
        await sleepOrAbort(clock, backoffMs, wake.signal);
      } else if (!full && !stopping.aborted) {
        // Without free capacity, wait for an attempt to end instead (at most tickSleep). An attempt
        // that ends wakes the loop only when pending work may have been left for lack of room.
        this.#wakeAttemptDone = this.#starved ? onStop : null;
        await (this.#options.worker.capacity() <= 0 ? sleepOrAbort(clock, tickSleepMs, wake.signal) : newWork);
        this.#wakeAttemptDone = null;
      }
      stopping.removeEventListener('abort', onStop);
      wake.abort(WAIT_ENDED);
    }
  }

  #startAttempt(execution: LockedExecution): Promise<void> {
    const controller = new AbortController();
    const settled = this.#runAttempt(execution, controller)
      .catch((error: unknown) => {
        this.#logger.error('recording an attempt failed', { executionId: execution.executionId, error: String(error) });
      })
      .finally(() => {
        this.#inflight.delete(execution.executionId);
        this.#wakeAttemptDone?.();
      });
    this.#inflight.set(execution.executionId, { controller, settled });
    return settled;
  }

  async #runAttempt(execution: LockedExecution, controller: AbortController): Promise<void> {
    const { store, clock, lockExpiryMs, maxDurationMs, worker } = this.#options;
    const version: VersionBox = { value: execution.version };
    if (execution.cancelRequested) {
      await worker.beforeCancel?.(execution);
      await this.#record(execution, version, { type: 'finish', result: FinishedResult.failure('cancelled') });
      return;
    }
    const done = new AbortController();
    const deadline = maxDurationMs === null ? null : clock.now() + maxDurationMs;
    void keepLockAlive(execution, version, controller, done.signal, {
      store,
      clock,
      lockExpiryMs,
      logger: this.#logger,
      faults: this.#faults,
    });
    const cancelDeadline =
      maxDurationMs === null ? undefined : clock.timer(maxDurationMs, () => controller.abort(AbortReason.timeout));
    let outcome: AttemptOutcome | null;
    let fault: OutcomeWrite | null = null;
    try {
      outcome = await worker.run({ execution, signal: controller.signal, version, deadline });
    } catch (error: unknown) {
      outcome = controller.signal.aborted ? null : { kind: 'trap', reason: 'the worker failed', detail: String(error) };
      fault = StorageFaults.is(error) ? this.#writeForFault(error) : null;
    } finally {
      cancelDeadline?.();
      done.abort(WAIT_ENDED);
    }
    if (controller.signal.aborted && controller.signal.reason === AbortReason.cancel) {
      await worker.beforeCancel?.(execution);
    }
    const write = controller.signal.aborted
      ? this.#writeForAbort(execution, controller.signal.reason as AbortReason)
      : (fault ??
        writeForOutcome(
          outcome ?? { kind: 'trap', reason: 'no outcome' },
          execution.intermittentFailures,
          clock.now(),
          this.#options.policy,
        ));
    await this.#record(execution, version, write);
  }

  /** An attempt met a storage fault: it is tried again later, its failure count untouched. */
  #writeForFault(error: unknown): OutcomeWrite {
    const backoffMs = this.#faults.fault(error, 'running an attempt');
    return {
      type: 'unlock',
      event: {
        type: 'unlocked',
        reason: `storage failure: ${error instanceof Error ? error.message : String(error)}`,
        backoffUntil: this.#options.clock.now() + backoffMs,
      },
    };
  }

  #writeForAbort(execution: LockedExecution, reason: AbortReason): OutcomeWrite {
    const now = this.#options.clock.now();
    switch (reason) {
      case AbortReason.timeout:
        this.#logger.warn('attempt stopped at its max duration', {
          executionId: execution.executionId,
          maxDurationMs: this.#options.maxDurationMs,
        });
        return writeForTimeout(
          execution.intermittentFailures,
          now,
          this.#options.policy.retry,
          this.#options.policy.random,
        );
      case AbortReason.cancel:
        return { type: 'finish', result: FinishedResult.failure('cancelled') };
      case AbortReason.shutdown:
        return { type: 'unlock', event: { type: 'unlocked', reason: 'executor stopped', backoffUntil: now } };
      case AbortReason.lockLost:
        return { type: 'none' };
    }
  }

  /**
   * Applies the write, trying again after storage faults (until the executor is closed, when
   * the lock is left to expire); on a version conflict re-reads and finishes a cancelled
   * execution, or gives up.
   */
  async #record(execution: LockedExecution, version: VersionBox, write: OutcomeWrite): Promise<void> {
    const { clock } = this.#options;
    for (;;) {
      try {
        const stored = await this.#recordOnce(execution, version, write);
        if (stored && write.type !== 'none') {
          this.#faults.ok();
        }
        return;
      } catch (error: unknown) {
        if (!StorageFaults.is(error) || this.#closing.signal.aborted) {
          throw error;
        }
        const wait = new AbortController();
        this.#recordWaits.add(wait);
        try {
          await sleepOrAbort(clock, this.#faults.fault(error, 'recording an outcome'), wait.signal);
        } finally {
          this.#recordWaits.delete(wait);
        }
      }
    }
  }

  /** Applies the write; false when there was nothing to write it to (the execution is gone). */
  async #recordOnce(execution: LockedExecution, version: VersionBox, write: OutcomeWrite): Promise<boolean> {
    const { store, clock } = this.#options;
    try {
      await applyWrite(store, execution.executionId, version.value, write, clock.now());
    } catch (error: unknown) {
      if (error instanceof NotFound && this.#options.startBeforeDurable === true) {
        // Its creation was in a commit that failed after the attempt had started: nothing to record.
        // At debug level: one failed commit loses every attempt started from it, and the storage
        // failure itself is already logged once.
        this.#logger.debug('the execution was lost with its commit before its outcome was recorded', {
          executionId: execution.executionId,
        });
        return false;
      }
      if (!(error instanceof VersionConflict)) {
        throw error;
      }
      const record = await store.getExecution(execution.executionId);
      const stillOurs = record.state.type === 'locked' && record.state.runId === execution.runId;
      if (stillOurs && record.cancelRequested) {
        await this.#options.worker.beforeCancel?.(execution);
        await store.finish(execution.executionId, record.version, FinishedResult.failure('cancelled'), clock.now());
        return true;
      }
      if (stillOurs) {
        await applyWrite(store, execution.executionId, record.version, write, clock.now());
        return true;
      }
      this.#logger.info('lost the lock before recording an outcome', { executionId: execution.executionId });
    }
    return true;
  }
}
