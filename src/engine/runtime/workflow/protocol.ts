/**
 * Messages between the main thread and a workflow worker thread.
 *
 * Asynchronous (worker `parentPort`): `init`, `run`, `ready`, `logs`, `done`.
 * Synchronous (the worker blocks on a `SharedArrayBuffer` until the main thread answers on a
 * dedicated `MessagePort`, read with `receiveMessageOnPort`): {@link HostRequest} / {@link HostReply}.
 */
import type {
  DelayId,
  ExecutionEventRecord,
  ExecutionId,
  Ffqn,
  HistoryEventInput,
  JoinSetResponseRecord,
  JsonValue,
  LogLine,
} from '../../concepts/index.js';
import type { MessagePort } from 'node:worker_threads';
import type { Resolve } from '../../../wit/model.js';
import type { ComponentPayload } from '../protocol.js';
import type { NondeterminismReport } from './errors.js';
import type { LinkPlan } from './link-plan.js';
import type { CheckedStub, ResolvedFunction, SyncReply, SyncRequest } from './workflow-state.js';

/** A workflow component as a worker needs it. */
export interface WorkflowComponentPayload extends ComponentPayload {
  readonly resolve: Resolve;
  readonly plan: LinkPlan;
}

export interface WorkflowRunRequest {
  readonly digest: string;
  readonly executionId: ExecutionId;
  readonly ffqn: Ffqn;
  readonly params: readonly JsonValue[];
  readonly seed: string;
  readonly createdAt: number;
  readonly events: readonly ExecutionEventRecord[];
  readonly responses: readonly JoinSetResponseRecord[];
}

export type ToWorkflowWorker =
  | { readonly type: 'init'; readonly port: MessagePort; readonly signal: SharedArrayBuffer }
  | {
      readonly type: 'run';
      readonly runId: number;
      readonly component?: WorkflowComponentPayload;
      readonly request: WorkflowRunRequest;
    };

export type RunOutcome =
  /** The guest returned (join sets closed): append `events` and finish with `result`. */
  | {
      readonly kind: 'finished';
      readonly events: readonly HistoryEventInput[];
      readonly result: { readonly kind: 'ok' | 'err'; readonly value: JsonValue };
    }
  /** The run stopped at a blocking point; the main thread already persisted what it needed. */
  | { readonly kind: 'suspended'; readonly reason: string }
  | { readonly kind: 'nondeterminism'; readonly report: NondeterminismReport }
  | { readonly kind: 'trap'; readonly message: string; readonly stack?: string | undefined };

export type FromWorkflowWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'instantiated'; readonly runId: number }
  | { readonly type: 'logs'; readonly runId: number; readonly lines: readonly LogLine[] }
  | { readonly type: 'done'; readonly runId: number; readonly outcome: RunOutcome };

/** Blocking requests from a running workflow to the main thread. */
export type HostRequest =
  | ({ readonly type: 'sync' } & SyncRequest)
  | { readonly type: 'cancel'; readonly executions: readonly ExecutionId[]; readonly delays: readonly DelayId[] }
  | { readonly type: 'resolve-function'; readonly ffqn: string; readonly paramsJson: string }
  | { readonly type: 'check-stub'; readonly executionId: ExecutionId; readonly resultJson: string };

export type HostReply =
  | { readonly type: 'sync'; readonly reply: SyncReply }
  | { readonly type: 'done' }
  | { readonly type: 'resolved'; readonly resolved: ResolvedFunction }
  | { readonly type: 'checked'; readonly checked: CheckedStub }
  /** Stop the run now: it was persisted as blocked (or unlocked) and will be replayed. */
  | { readonly type: 'suspend'; readonly reason: string }
  | { readonly type: 'error'; readonly message: string };
