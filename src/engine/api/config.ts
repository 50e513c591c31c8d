/** What the engine needs to know about each component (the parsed `obelisk.toml` maps onto this). */
import type { AllowedHost } from '../runtime/index.js';

/** How an executor locks work (`exec` in `obelisk.toml`). */
export interface ExecConfig {
  /** Executions locked per tick, at most the free threads (default 64: measured faster than 5 for fan-outs and concurrent workflows, as one lock commit starts them all). */
  readonly batchSize: number;
  /** Lock duration, extended every half of it while an attempt runs (default 1 s). */
  readonly lockExpiryMs: number;
  /** Sleep between ticks when no work was signalled (default 200 ms). */
  readonly tickSleepMs: number;
  /** Serve this queue instead of (or as well as) the component's FFQNs. */
  readonly queue?: string | undefined;
}

export const DEFAULT_EXEC: ExecConfig = { batchSize: 64, lockExpiryMs: 1000, tickSleepMs: 200 };

/**
 * Default thread counts for `cpus` CPUs: 8 per CPU, at least 16 and at most 64, for activity
 * attempts and for loaded workflows alike. Threads start on demand. Most of them wait (on I/O,
 * on a response): measured on 2 CPUs, 16 activity threads finished a 200-step fan-out 2-4x
 * faster than 2 (the finishes of concurrent attempts share a commit), and 16 workflow threads
 * ran 50 concurrent 3-step workflows about 2x faster than 4 (fewer unloads and replays).
 */
export function defaultThreads(cpus: number): number {
  return Math.min(64, Math.max(16, 8 * cpus));
}

export interface ActivityConfig {
  readonly name: string;
  /** The component binary. */
  readonly bytes: Uint8Array;
  readonly exec?: Partial<ExecConfig> | undefined;
  /** Retries after the first attempt (default 5). */
  readonly maxRetries?: number | undefined;
  /** The first retry's delay, doubled for each further one (default 100 ms). */
  readonly retryExpBackoffMs?: number | undefined;
  /** 0..1: shorten each backoff by up to this fraction at random (default 0). */
  readonly retryJitter?: number | undefined;
  /** An attempt running longer is stopped and counted as a timeout (default 60 s). */
  readonly maxDurationMs?: number | undefined;
  readonly envVars?: Readonly<Record<string, string>> | undefined;
  /** Outgoing HTTP allowlist; empty (default) denies all. */
  readonly allowedHosts?: readonly AllowedHost[] | undefined;
  /** Store guest stdout/stderr as execution logs (default true). */
  readonly storeOutput?: boolean | undefined;
  /** Also write guest stdout/stderr to the server log (default false). */
  readonly forwardOutput?: boolean | undefined;
}

export const ACTIVITY_DEFAULTS = { maxRetries: 5, retryExpBackoffMs: 100, maxDurationMs: 60_000 } as const;

export interface StubActivityConfig {
  readonly name: string;
  /** A `.wit` file or a WIT directory (with `deps/`); every interface of its root package is a stub activity interface. */
  readonly wit: string;
}

export interface WorkflowConfig {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly exec?: Partial<ExecConfig> | undefined;
  /** `await` (default): a waiting workflow stays loaded; `interrupt`: it is unloaded at once and replayed later. */
  readonly blockingStrategy?: 'await' | 'interrupt' | undefined;
  /** How long a loaded workflow waits for a response before it is unloaded (default 10 s). */
  readonly awaitTimeoutMs?: number | undefined;
  /** Backoff before a workflow whose run timed out is retried (default 100 ms; workflows retry timeouts forever). */
  readonly retryExpBackoffMs?: number | undefined;
  /** Test switch: unload after every step so that every step replays the whole history. */
  readonly alwaysReplay?: boolean | undefined;
}

export const WORKFLOW_DEFAULTS = { awaitTimeoutMs: 10_000, retryExpBackoffMs: 100 } as const;

/** A webhook endpoint: a component exporting `wasi:http/incoming-handler`, run once per HTTP request. */
export interface WebhookEndpointConfig {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** A request running longer is answered 504 and its execution fails as timed out (default 60 s). */
  readonly maxDurationMs?: number | undefined;
  /** Environment of every request (route parameters are added, and win over these). */
  readonly envVars?: Readonly<Record<string, string>> | undefined;
  /** Outgoing HTTP allowlist; empty (default) denies all. */
  readonly allowedHosts?: readonly AllowedHost[] | undefined;
  /** Store guest stdout/stderr as execution logs (default true). */
  readonly storeOutput?: boolean | undefined;
  /** Also write guest stdout/stderr to the server log (default false). */
  readonly forwardOutput?: boolean | undefined;
}

export const WEBHOOK_DEFAULTS = { maxDurationMs: 60_000 } as const;
