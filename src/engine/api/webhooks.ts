/**
 * Webhook endpoints: each request a server routes to an endpoint runs as one execution of it,
 * recorded like any other (created, locked, finished): its parameters are the method, the path
 * and the route parameters, its result the status it answered. The request is forwarded to the
 * endpoint's worker thread (`runtime/webhook/`), which runs a fresh instance for it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Conflict,
  ExecutionId,
  ExecutorId,
  FailureKind,
  Ffqn,
  FinishedResult,
  RunId,
  type Clock,
  type ComponentDigest,
} from '../concepts/index.js';
import { ComponentLoadError, rootWorld, type ComponentRegistry } from '../components/registry.js';
import type { EngineLogger } from '../executor/index.js';
import { loadComponent } from '../runtime/component-loader.js';
import { GuestOutput } from '../runtime/log-lines.js';
import { validateAllowedHosts } from '../runtime/allowed-hosts.js';
import type { ComponentPayload } from '../runtime/protocol.js';
import { linkWebhook } from '../runtime/webhook/link.js';
import type { HostCallReply, HostCallRequest, WebhookLinks } from '../runtime/webhook/protocol.js';
import { WebhookWorkerHandle, type ForwardOutcome } from '../runtime/webhook/webhook-worker-handle.js';
import { decodeComponent } from '../../wit/decoder/index.js';
import type { Store } from '../storage/index.js';
import { WEBHOOK_DEFAULTS, type WebhookEndpointConfig } from './config.js';
import { WebhookCalls, type ExecutionReads } from './webhook-calls.js';
import {
  IDEMPOTENCY_KEY_HEADER,
  answerKeyReused,
  answerRetry,
  idempotencyKey,
  idempotentExecutionId,
} from './webhook-idempotency.js';

/** The interface an endpoint exports (any 0.2 version). */
const INCOMING_HANDLER = 'wasi:http/incoming-handler@0.2.';
/** Slack on top of `max_duration` before a webhook execution's lock expires. */
const LOCK_SLACK_MS = 30_000;

/** What a server matched: the request line and the route parameters. */
export interface WebhookRequest {
  readonly method: string;
  /** Path with query, as requested. */
  readonly path: string;
  /** Route parameters by name (`*`: what the rest segment matched). */
  readonly params: Readonly<Record<string, string>>;
}

export interface WebhookEndpointsReport {
  readonly loaded: readonly string[];
  readonly removed: readonly string[];
  readonly failed: readonly { readonly name: string; readonly error: Error }[];
}

/** The FFQN that webhook executions of endpoint `name` are recorded under. */
export function webhookFfqn(name: string): Ffqn {
  const kebab = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-(\d)/g, '$1');
  try {
    return Ffqn.parse(`${WEBHOOK_NAMESPACE}${kebab}/endpoint.request`);
  } catch {
    return Ffqn.parse(`${WEBHOOK_NAMESPACE}endpoint/endpoint.request`);
  }
}

/** The namespace of {@link webhookFfqn}. */
const WEBHOOK_NAMESPACE = 'obelisk-webhook:';

/**
 * The result of a webhook request whose process stopped (its lock expired): nothing else can run
 * a request, so it fails. `null` for an execution that is not a webhook request.
 */
export function orphanedWebhookResult(ffqn: Ffqn): FinishedResult | null {
  return ffqn.startsWith(WEBHOOK_NAMESPACE)
    ? FinishedResult.failure(
        FailureKind.uncategorized,
        'the process serving this request stopped before the request finished; the client got no answer from it',
      )
    : null;
}

class Endpoint {
  #worker: Promise<WebhookWorkerHandle> | null = null;

  constructor(
    readonly config: WebhookEndpointConfig,
    readonly digest: ComponentDigest,
    readonly payload: ComponentPayload,
    readonly links: WebhookLinks,
    private readonly hostCall: (request: HostCallRequest) => Promise<HostCallReply>,
  ) {}

  /** The endpoint's worker, started (again, after a timeout or a crash) when needed. */
  worker(): Promise<WebhookWorkerHandle> {
    const current = this.#worker;
    if (current === null) {
      return this.#start();
    }
    return current.then((handle) => {
      if (!handle.exited) {
        return handle;
      }
      return this.#worker === current ? this.#start() : this.worker();
    });
  }

  #start(): Promise<WebhookWorkerHandle> {
    const started = WebhookWorkerHandle.start(this.payload, this.links, this.hostCall);
    this.#worker = started;
    started.catch(() => {
      if (this.#worker === started) {
        this.#worker = null;
      }
    });
    return started;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    await worker?.then((handle) => handle.close()).catch(() => undefined);
  }
}

export interface WebhookEndpointsOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: EngineLogger;
  readonly cacheDir: string;
  /** The loaded functions, which endpoints' imports are linked to. */
  readonly registry: ComponentRegistry;
  /** How `obelisk:webhook/webhook-support` reads executions. */
  readonly reads: ExecutionReads;
}

export class WebhookEndpoints {
  readonly #options: WebhookEndpointsOptions;
  readonly #endpoints = new Map<string, Endpoint>();
  readonly #executorId: ExecutorId;
  readonly #calls: WebhookCalls;

  constructor(options: WebhookEndpointsOptions) {
    this.#options = options;
    this.#executorId = ExecutorId.generate(options.clock);
    this.#calls = new WebhookCalls(options.store, options.clock, options.reads);
  }

  /** Brings the endpoints to `configs`: new or changed ones are (re)loaded, missing ones closed. */
  async apply(configs: readonly WebhookEndpointConfig[]): Promise<WebhookEndpointsReport> {
    const loaded: string[] = [];
    const failed: { name: string; error: Error }[] = [];
    const keep = new Set(configs.map((c) => c.name));
    const removed = [...this.#endpoints.keys()].filter((name) => !keep.has(name));
    for (const name of removed) {
      await this.#endpoints.get(name)?.close();
      this.#endpoints.delete(name);
    }
    for (const config of configs) {
      try {
        const endpoint = await this.#load(config);
        const previous = this.#endpoints.get(config.name);
        if (previous !== undefined && sameEndpoint(previous, endpoint)) {
          continue;
        }
        await previous?.close();
        this.#endpoints.set(config.name, endpoint);
        loaded.push(config.name);
      } catch (error: unknown) {
        failed.push({ name: config.name, error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
    return { loaded, removed, failed };
  }

  /** True while a request of this process runs as `executionId`. */
  serving(executionId: ExecutionId): boolean {
    return this.#calls.running(executionId);
  }

  /** The names of the loaded endpoints. */
  names(): readonly string[] {
    return [...this.#endpoints.keys()];
  }

  /**
   * Runs `request` on endpoint `name` as a new execution and answers `res`. Resolves with the
   * execution's ID once it is recorded as finished.
   */
  async serve(name: string, request: WebhookRequest, req: IncomingMessage, res: ServerResponse): Promise<ExecutionId> {
    const endpoint = this.#endpoints.get(name);
    if (endpoint === undefined) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('the webhook endpoint is not loaded\n');
      throw new ComponentLoadError(name, ['the webhook endpoint is not loaded']);
    }
    const { store, clock } = this.#options;
    const maxDurationMs = endpoint.config.maxDurationMs ?? WEBHOOK_DEFAULTS.maxDurationMs;
    const key = idempotencyKey(req.headers[IDEMPOTENCY_KEY_HEADER]);
    const executionId = key === null ? ExecutionId.generate(clock) : idempotentExecutionId(name, key);
    const runId = RunId.generate(clock);
    const now = clock.now();
    try {
      const created = await store.createExecution({
        executionId,
        ffqn: webhookFfqn(name),
        params: [{ method: request.method, path: request.path, params: { ...request.params } }],
        componentDigest: endpoint.digest,
        scheduledAt: now,
        now,
      });
      if (!created.created) {
        const first = await store.getExecution(executionId);
        await store.settled();
        answerRetry(res, first);
        return executionId;
      }
    } catch (error: unknown) {
      if (error instanceof Conflict && key !== null) {
        answerKeyReused(res, executionId);
        return executionId;
      }
      throw error;
    }
    const version = await store.appendEvent(
      executionId,
      0,
      {
        type: 'locked',
        executorId: this.#executorId,
        runId,
        lockExpiresAt: now + maxDurationMs + LOCK_SLACK_MS,
        retry: null,
      },
      now,
    );
    res.setHeader('obelisk-execution-id', executionId);
    const { logger } = this.#options;
    const forwarding = { log: endpoint.config.forwardOutput === true, store: endpoint.config.storeOutput ?? true };
    const output = new GuestOutput({ executionId, runId, output: forwarding, store, logger, clock });
    this.#calls.begin(executionId, { version, joinSets: 0, cursor: 0, deadline: now + maxDurationMs });
    let outcome: ForwardOutcome;
    try {
      outcome = await this.#forward(endpoint, executionId, request, req, res, maxDurationMs, output);
    } finally {
      await output.flush();
    }
    const log = this.#calls.end(executionId);
    await store.finish(executionId, log?.version ?? version, resultOf(outcome), clock.now());
    return executionId;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#endpoints.values()].map((endpoint) => endpoint.close()));
    this.#endpoints.clear();
  }

  async #forward(
    endpoint: Endpoint,
    executionId: ExecutionId,
    request: WebhookRequest,
    req: IncomingMessage,
    res: ServerResponse,
    maxDurationMs: number,
    output: GuestOutput,
  ): Promise<ForwardOutcome> {
    const { logger } = this.#options;
    let worker: WebhookWorkerHandle;
    try {
      worker = await endpoint.worker();
    } catch (error: unknown) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('the webhook endpoint is unavailable\n');
      return { kind: 'unavailable', message: error instanceof Error ? error.message : String(error) };
    }
    const env = { ...endpoint.config.envVars, ...withoutRest(request.params) };
    return worker.forward({
      context: { executionId, env, allowedHosts: endpoint.config.allowedHosts ?? [] },
      req,
      res,
      maxDurationMs,
      onOutput: (stream, chunk) => output.push(stream, chunk),
      onLog: (level, message) => logger[level](message, { executionId, endpoint: endpoint.config.name }),
    });
  }

  async #load(config: WebhookEndpointConfig): Promise<Endpoint> {
    validateAllowedHosts(config.allowedHosts ?? []);
    const component = await loadComponent(config.bytes, this.#options.cacheDir);
    const problems: string[] = [];
    if (!component.codegen.exports.some((e) => e.name.startsWith(INCOMING_HANDLER))) {
      problems.push('a webhook endpoint must export wasi:http/incoming-handler@0.2.x; this component does not');
    }
    const resolve = decodeComponent(config.bytes);
    const linked = linkWebhook(resolve, rootWorld(resolve), this.#options.registry);
    if (!linked.ok) {
      problems.push(...linked.problems);
    }
    if (problems.length > 0 || !linked.ok) {
      throw new ComponentLoadError(config.name, problems);
    }
    const links = { resolve, functions: linked.plan.functions };
    return new Endpoint(config, component.digest as ComponentDigest, component.payload, links, (call) =>
      this.#calls.handle(call),
    );
  }
}

/** Route parameters as environment variables: `*` (the rest of the path) is not a variable name. */
function withoutRest(params: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([key]) => key !== '*'));
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  const { bytes: _a, ...restA } = a.config;
  const { bytes: _b, ...restB } = b.config;
  return (
    a.digest === b.digest &&
    JSON.stringify(restA) === JSON.stringify(restB) &&
    JSON.stringify(a.links.functions) === JSON.stringify(b.links.functions)
  );
}

function resultOf(outcome: ForwardOutcome): FinishedResult {
  switch (outcome.kind) {
    case 'ok':
      return FinishedResult.ok({ status: outcome.status });
    case 'trap':
      return FinishedResult.failure(FailureKind.uncategorized, outcome.message);
    case 'timeout':
      return FinishedResult.failure(FailureKind.timedOut, 'the request ran longer than max_duration');
    case 'unavailable':
      return FinishedResult.failure(FailureKind.uncategorized, outcome.message);
  }
}
