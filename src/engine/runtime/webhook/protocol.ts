/**
 * Messages between the main thread and a webhook worker thread. The worker serves one endpoint
 * component on an internal HTTP port (127.0.0.1); the main thread announces each request it
 * forwards there (by execution ID, sent as the {@link EXECUTION_ID_HEADER} header) before
 * forwarding it, and the worker answers with the request's outcome.
 */
import type { FinishedResult, JsonValue } from '../../concepts/index.js';
import type { Resolve } from '../../../wit/model.js';
import type { AllowedHost } from '../allowed-hosts.js';
import type { ChildTarget } from '../workflow/join-sets.js';
import type { FunctionLink } from '../workflow/link-plan.js';
import type { MessagePort } from 'node:worker_threads';
import type { OutputStreamName } from '../output-sink.js';
import type { ComponentPayload } from '../protocol.js';

/** The request header that carries the execution ID to the worker (and to the guest). */
export const EXECUTION_ID_HEADER = 'obelisk-execution-id';

/** What the guest of one request sees. */
export interface WebhookRequestContext {
  readonly executionId: string;
  /** The endpoint's `env_vars` and the route parameters. */
  readonly env: Readonly<Record<string, string>>;
  readonly allowedHosts: readonly AllowedHost[];
}

/** How the endpoint's imports of other components' functions are linked. */
export interface WebhookLinks {
  /** The component's decoded WIT (the types of its imports). */
  readonly resolve: Resolve;
  readonly functions: readonly FunctionLink[];
}

/** Main thread -> worker. */
export type ToWebhookWorker =
  | {
      readonly type: 'start';
      readonly component: ComponentPayload;
      readonly links: WebhookLinks;
      /** The worker's end of the channel of blocking host calls, and its wake-up flag. */
      readonly hostPort: MessagePort;
      readonly hostSignal: SharedArrayBuffer;
    }
  | { readonly type: 'request'; readonly context: WebhookRequestContext };

/** How the guest handled one request. */
export type WebhookOutcome =
  /** It set a response with `status` and returned. */
  | { readonly kind: 'ok'; readonly status: number }
  /** It trapped, set an error instead of a response, or returned without a response. */
  | { readonly kind: 'trap'; readonly message: string; readonly status: number | null };

/** Worker -> main thread. */
export type FromWebhookWorker =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'start-failed'; readonly message: string }
  | {
      readonly type: 'output';
      readonly executionId: string;
      readonly stream: OutputStreamName;
      readonly chunk: string;
    }
  | { readonly type: 'log'; readonly executionId: string; readonly level: 'info' | 'warn'; readonly message: string }
  | { readonly type: 'done'; readonly executionId: string; readonly outcome: WebhookOutcome };

/** A blocking call of the guest into the engine (see `sync-channel.ts`), on behalf of one request. */
export type HostCallRequest = FunctionCallRequest | SupportCallRequest;

/** A call of a function imported from another component. */
export interface FunctionCallRequest {
  /** The request's execution. */
  readonly executionId: string;
  /**
   * `call` and `invoke` run a child execution and wait for it; `schedule` creates a top-level
   * one; `get` reads the result of execution `getId`.
   */
  readonly kind: 'call' | 'invoke' | 'schedule' | 'get';
  readonly target: ChildTarget;
  readonly params: readonly JsonValue[];
  /** `schedule`: the guest's `schedule-at` value. */
  readonly scheduleAt?: unknown;
  /** `get`: the execution to read. */
  readonly getId?: string;
}

/**
 * A read of `obelisk:webhook/webhook-support`: `read` answers where execution `readId` stands
 * now, `await` once it finished (or the request's deadline passed).
 */
export interface SupportCallRequest {
  /** The request's execution. */
  readonly executionId: string;
  readonly kind: 'read' | 'await';
  readonly readId: string;
}

/** Where an execution stands, as `webhook-support` reports it. */
export type ExecutionView =
  | { readonly state: 'pending'; readonly scheduledAt: number }
  | { readonly state: 'locked' | 'blocked' | 'paused' }
  | { readonly state: 'finished'; readonly result: FinishedResult };

export type HostCallReply =
  | {
      readonly ok: true;
      readonly executionId: string;
      /** `null`: not finished (or, for `get`, not found). */
      readonly result: FinishedResult | null;
      /** `get`: the FFQN of the execution read; `null` when it was not found. */
      readonly ffqn?: string | null;
      /** `read`, `await`: where the execution stands; `null` when it was not found. */
      readonly view?: ExecutionView | null;
    }
  | { readonly ok: false; readonly message: string };
