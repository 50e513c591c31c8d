/**
 * Messages between the main thread and a webhook worker thread. The worker serves one endpoint
 * component on an internal HTTP port (127.0.0.1); the main thread announces each request it
 * forwards there (by execution ID, sent as the {@link EXECUTION_ID_HEADER} header) before
 * forwarding it, and the worker answers with the request's outcome.
 */
import type { AllowedHost } from '../allowed-hosts.js';
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

/** Main thread -> worker. */
export type ToWebhookWorker =
  | { readonly type: 'start'; readonly component: ComponentPayload }
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
