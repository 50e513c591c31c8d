/**
 * The {@link Store} methods both SQL backends implement alike: each hands its operation
 * (`sql/*.ts`) to the backend's {@link SqlStore.read} or {@link SqlStore.write}. `LibsqlStore` and
 * `PostgresStore` add what differs: how operations run, the idle poll of `lockPending`, the waits,
 * the schema version and closing.
 */
import type {
  ComponentDigest,
  DelayId,
  ExecutionEventRecord,
  ExecutionId,
  FinishedResult,
  JoinSetResponseRecord,
  LogEntry,
  LogRecord,
  UnlockEvent,
} from '../../concepts/index.js';
import type { PurgeBatchRequest, PurgeBatchResult } from '../retention.js';
import type { AppendableEvent } from '../stores.js';
import type {
  CancelOutcome,
  CreateExecutionRequest,
  CreateExecutionResult,
  CronState,
  EventsRequest,
  ExecutionPage,
  ExecutionRecord,
  ExpiredDelay,
  ExpiredLock,
  ExtendLockRequest,
  ListExecutionsRequest,
  LogsRequest,
  ResponsesRequest,
  SaveCronStateRequest,
  WorkflowStep,
  WorkflowStepResult,
} from '../types.js';
import { appendWorkflowStep } from './append.js';
import { createExecution } from './create.js';
import { deleteCronStates, listCronStates, saveCronState } from './cron.js';
import { findExpiredDelays, finishDelay, listDelays } from './delays.js';
import type { Dialect } from './dialect.js';
import { getEvents } from './events.js';
import { pause, requestCancel, stub, unpause } from './flags.js';
import { hasUnfinishedExecutions, listExecutions } from './list.js';
import { extendLock, findExpiredLocks } from './lock.js';
import { announceServedDigests, withdrawServedDigests } from './served.js';
import { insertLogs, readLogs } from './logs.js';
import { NO_LIMIT, type Sql } from './query.js';
import { getResponses } from './responses.js';
import { purgeFinished, tableRowCounts } from './retention.js';
import { getExecution } from './rows.js';

export abstract class SqlStore {
  protected constructor(protected readonly dialect: Dialect) {}

  /** Runs a read operation. */
  protected abstract read<T>(operation: Sql<T>): Promise<T>;

  /** Runs the write operation that `operation` makes (again for each attempt, where a backend retries). */
  protected abstract write<T>(operation: () => Sql<T>): Promise<T>;

  abstract appendEvent(
    executionId: ExecutionId,
    expectedVersion: number,
    event: AppendableEvent,
    now: number,
  ): Promise<number>;

  createExecution(request: CreateExecutionRequest): Promise<CreateExecutionResult> {
    return this.write(() => createExecution(request));
  }

  extendLock(request: ExtendLockRequest): Promise<void> {
    return this.write(() => extendLock(request));
  }

  appendWorkflowStep(step: WorkflowStep): Promise<WorkflowStepResult> {
    return this.write(() => appendWorkflowStep(step));
  }

  unlock(executionId: ExecutionId, expectedVersion: number, event: UnlockEvent, now: number): Promise<number> {
    return this.appendEvent(executionId, expectedVersion, event, now);
  }

  finish(executionId: ExecutionId, expectedVersion: number, result: FinishedResult, now: number): Promise<number> {
    return this.appendEvent(executionId, expectedVersion, { type: 'finished', result }, now);
  }

  findExpiredLocks(now: number, limit: number = NO_LIMIT): Promise<readonly ExpiredLock[]> {
    return this.read(findExpiredLocks(now, limit));
  }

  findExpiredDelays(now: number, limit: number = NO_LIMIT): Promise<readonly ExpiredDelay[]> {
    return this.read(findExpiredDelays(now, limit));
  }

  fireDelay(delayId: DelayId, now: number): Promise<boolean> {
    return this.write(() => finishDelay(delayId, 'fired', now));
  }

  cancelDelay(delayId: DelayId, now: number): Promise<boolean> {
    return this.write(() => finishDelay(delayId, 'cancelled', now));
  }

  pause(executionId: ExecutionId, now: number): Promise<number> {
    return this.write(() => pause(executionId, now));
  }

  unpause(executionId: ExecutionId, now: number): Promise<number> {
    return this.write(() => unpause(executionId, now));
  }

  requestCancel(executionId: ExecutionId, now: number): Promise<CancelOutcome> {
    return this.write(() => requestCancel(executionId, now));
  }

  stub(executionId: ExecutionId, result: FinishedResult, now: number): Promise<'ok' | 'conflict'> {
    return this.write(() => stub(executionId, result, now));
  }

  getExecution(executionId: ExecutionId): Promise<ExecutionRecord> {
    return this.read(getExecution(executionId));
  }

  getEvents(executionId: ExecutionId, request?: EventsRequest): Promise<readonly ExecutionEventRecord[]> {
    return this.read(getEvents(executionId, request));
  }

  getResponses(executionId: ExecutionId, request?: ResponsesRequest): Promise<readonly JoinSetResponseRecord[]> {
    return this.read(getResponses(executionId, request));
  }

  listExecutions(request: ListExecutionsRequest): Promise<ExecutionPage> {
    return this.read(listExecutions(this.dialect, request));
  }

  announceServedDigests(processId: string, digests: readonly string[], aliveUntil: number, now: number): Promise<void> {
    return this.write(() => announceServedDigests(processId, digests, aliveUntil, now));
  }

  withdrawServedDigests(processId: string): Promise<void> {
    return this.write(() => withdrawServedDigests(processId));
  }

  /** Every write is durable once it resolved (a backend that acknowledges earlier overrides this). */
  settled(): Promise<void> {
    return Promise.resolve();
  }

  hasUnfinishedExecutions(componentDigest: ComponentDigest): Promise<boolean> {
    return this.read(hasUnfinishedExecutions(componentDigest));
  }

  appendLogs(entries: readonly LogEntry[]): Promise<void> {
    return entries.length === 0 ? Promise.resolve() : this.write(() => insertLogs(entries));
  }

  getLogs(request: LogsRequest): Promise<readonly LogRecord[]> {
    return this.read(readLogs(this.dialect, request));
  }

  listCronStates(): Promise<readonly CronState[]> {
    return this.read(listCronStates());
  }

  saveCronState(request: SaveCronStateRequest): Promise<boolean> {
    return this.write(() => saveCronState(request));
  }

  deleteCronStates(keep: readonly string[]): Promise<number> {
    return this.write(() => deleteCronStates(keep));
  }

  purgeFinished(request: PurgeBatchRequest): Promise<PurgeBatchResult> {
    return request.dryRun === true
      ? this.read(purgeFinished(this.dialect, request))
      : this.write(() => purgeFinished(this.dialect, request));
  }

  tableRowCounts(): Promise<Readonly<Record<string, number>>> {
    return this.read(tableRowCounts(this.dialect));
  }

  listDelays(executionId: ExecutionId): Promise<readonly ExpiredDelay[]> {
    return this.read(listDelays(executionId));
  }
}
