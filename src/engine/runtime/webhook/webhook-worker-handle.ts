/**
 * The main thread's handle on one webhook worker thread (see `webhook-worker.ts`): starts it,
 * forwards a routed request to its internal port and settles with the request's outcome. A
 * request that runs longer than its limit is answered 504 and the thread is terminated (the
 * endpoint then starts a new one), so a stuck guest never blocks the endpoint for good.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { OutputStreamName } from '../output-sink.js';
import type { ComponentPayload } from '../protocol.js';
import { resolveWorkerScript } from '../worker-script.js';
import { SyncAnswerer } from '../workflow/sync-channel.js';
import {
  EXECUTION_ID_HEADER,
  type FromWebhookWorker,
  type HostCallReply,
  type HostCallRequest,
  type ToWebhookWorker,
  type WebhookLinks,
  type WebhookOutcome,
  type WebhookRequestContext,
} from './protocol.js';

/** How forwarding one request ended. */
export type ForwardOutcome =
  WebhookOutcome | { readonly kind: 'timeout' } | { readonly kind: 'unavailable'; readonly message: string };

export interface ForwardOptions {
  readonly context: WebhookRequestContext;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly maxDurationMs: number;
  readonly onOutput: (stream: OutputStreamName, chunk: string) => void;
  readonly onLog: (level: 'info' | 'warn', message: string) => void;
}

interface Listener {
  readonly onMessage: (message: FromWebhookWorker) => void;
  readonly onExit: () => void;
}

/** resolveWorkerScript resolves names relative to a module of engine/runtime/ itself. */
const runtimeModule = new URL(
  import.meta.url.endsWith('.ts') ? '../activity-runtime.ts' : '../activity-runtime.js',
  import.meta.url,
).href;

export class WebhookWorkerHandle {
  readonly #worker: Worker;
  readonly #listeners = new Map<string, Listener>();
  #exited = false;

  private constructor(
    worker: Worker,
    readonly port: number,
  ) {
    this.#worker = worker;
    worker.on('message', (message: FromWebhookWorker) => {
      if (message.type === 'listening' || message.type === 'start-failed') {
        return;
      }
      this.#listeners.get(message.executionId)?.onMessage(message);
    });
    worker.on('exit', () => {
      this.#exited = true;
      for (const listener of [...this.#listeners.values()]) {
        listener.onExit();
      }
    });
  }

  get exited(): boolean {
    return this.#exited;
  }

  /**
   * Starts a worker serving `component`, whose linked imports are answered by `hostCall`;
   * resolves once it listens.
   */
  static start(
    component: ComponentPayload,
    links: WebhookLinks,
    hostCall: (request: HostCallRequest) => Promise<HostCallReply>,
  ): Promise<WebhookWorkerHandle> {
    const worker = new Worker(resolveWorkerScript('webhook/webhook-worker', runtimeModule));
    const channel = new MessageChannel();
    const hostSignal = new SharedArrayBuffer(4);
    new SyncAnswerer<HostCallRequest, HostCallReply>(channel.port1, hostSignal, hostCall, (error) => ({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    }));
    worker.once('exit', () => channel.port1.close());
    return new Promise((resolve, reject) => {
      const fail = (error: Error): void => {
        void worker.terminate();
        reject(error);
      };
      const onExit = (code: number): void =>
        reject(new Error(`the webhook worker exited while starting (exit code ${code})`));
      worker.once('error', fail);
      worker.once('exit', onExit);
      const onMessage = (message: FromWebhookWorker): void => {
        if (message.type === 'listening') {
          worker.off('message', onMessage);
          worker.off('exit', onExit);
          worker.off('error', fail);
          worker.on('error', () => undefined);
          resolve(new WebhookWorkerHandle(worker, message.port));
        } else if (message.type === 'start-failed') {
          fail(new Error(`the webhook worker could not start its server: ${message.message}`));
        }
      };
      worker.on('message', onMessage);
      const start: ToWebhookWorker = { type: 'start', component, links, hostPort: channel.port2, hostSignal };
      worker.postMessage(start, [channel.port2]);
    });
  }

  /** Forwards one request and its body; resolves with the outcome once the guest is done. */
  forward(options: ForwardOptions): Promise<ForwardOutcome> {
    const { context, req, res } = options;
    const { executionId } = context;
    return new Promise<ForwardOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: ForwardOutcome): void => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          this.#listeners.delete(executionId);
          resolve(outcome);
        }
      };
      const timer = setTimeout(() => {
        answer(res, 504, 'the webhook endpoint did not finish in time\n');
        // Marked first: the next request starts a new worker instead of reaching this one.
        this.#exited = true;
        void this.#worker.terminate();
        settle({ kind: 'timeout' });
      }, options.maxDurationMs);
      this.#listeners.set(executionId, {
        onMessage: (message) => {
          if (message.type === 'output') {
            options.onOutput(message.stream, message.chunk);
          } else if (message.type === 'log') {
            options.onLog(message.level, message.message);
          } else if (message.type === 'done') {
            settle(message.outcome);
          }
        },
        onExit: () => {
          answer(res, 500, 'internal server error\n');
          settle({ kind: 'unavailable', message: 'the webhook worker thread exited' });
        },
      });
      this.#worker.postMessage({ type: 'request', context } satisfies ToWebhookWorker);
      const headers = { ...req.headers, [EXECUTION_ID_HEADER]: executionId };
      const upstream = httpRequest(
        { host: '127.0.0.1', port: this.port, method: req.method, path: req.url, headers },
        (response) => {
          const { connection: _connection, 'keep-alive': _keepAlive, ...passed } = response.headers;
          res.writeHead(response.statusCode ?? 500, passed);
          response.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        answer(res, 502, 'the webhook endpoint is unavailable\n');
        settle({ kind: 'unavailable', message: error.message });
      });
      req.pipe(upstream);
    });
  }

  close(): Promise<number> {
    this.#exited = true;
    return this.#worker.terminate();
  }
}

/** Answers with a plain-text status unless a response is already under way. */
function answer(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}
