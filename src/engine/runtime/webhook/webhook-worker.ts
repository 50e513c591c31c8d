/**
 * Entry of a webhook worker thread: serves one endpoint component with preview2-shim's
 * `HTTPServer` on an internal port of 127.0.0.1. The main thread forwards each routed request
 * there after announcing it (`request` message: execution ID, environment, allowed hosts); the
 * request is refused unless announced. Every request runs in a fresh instance with sandboxed
 * WASI (as an activity attempt does), and ends with a `done` message: the status the guest
 * answered, or why it failed. A guest that traps, sets an error or returns without a response
 * is answered 500 here, so the client always gets a response.
 */
import { parentPort } from 'node:worker_threads';
import { monotonicClock } from '@bytecodealliance/preview2-shim/clocks';
import * as shimHttp from '@bytecodealliance/preview2-shim/http';
import { createAttemptImports } from '../attempt-imports.js';
import { setBeforeBlock } from '../blocking-hook.js';
import { findInterfaceExport } from '../export-names.js';
import { classifyThrown } from '../outcome.js';
import { OutputSink } from '../output-sink.js';
import type { ComponentPayload } from '../protocol.js';
import { importGlue, instantiateComponent, type Instantiate } from '../glue.js';
import { joinSetImports } from '../workflow/host/join-set.js';
import { SyncCaller } from '../workflow/sync-channel.js';
import { webhookImports, type HostCaller } from './host-imports.js';
import { webhookSupportImports } from './webhook-support.js';
import {
  EXECUTION_ID_HEADER,
  type FromWebhookWorker,
  type ToWebhookWorker,
  type WebhookLinks,
  type WebhookOutcome,
  type WebhookRequestContext,
} from './protocol.js';

/** The parts of preview2-shim's `wasi:http/types` classes used here. */
interface Fields {
  get(name: string): Uint8Array[];
}
interface IncomingRequest {
  headers(): Fields;
}
interface OutputStream {
  blockingWriteAndFlush(bytes: Uint8Array): void;
  [Symbol.dispose]?: () => void;
}
interface OutgoingBody {
  write(): OutputStream;
}
interface OutgoingResponse {
  statusCode(): number;
  setStatusCode(status: number): void;
  body(): OutgoingBody;
}
type ResponseResult = { tag: 'ok'; val: OutgoingResponse } | { tag: 'err'; val: unknown };
interface HttpTypes {
  Fields: new () => Fields;
  OutgoingResponse: new (headers: Fields) => OutgoingResponse;
  OutgoingBody: { finish(body: OutgoingBody, trailers: undefined): void };
  ResponseOutparam: { set(param: object, response: ResponseResult): void };
}
interface HttpServer {
  listen(port: number, host: string): void;
  address(): { port: number };
}

/** Where the response of one request stands. */
interface InFlight {
  readonly context: WebhookRequestContext;
  status: number | null;
  guestError: string | null;
}

const port = parentPort;
if (port === null) {
  throw new Error('webhook-worker.js must run in a worker thread');
}
const types = shimHttp.types as unknown as HttpTypes;
const ANNOUNCE_WAIT_MS = 10_000;

let component: ComponentPayload | null = null;
let links: WebhookLinks | null = null;
let caller: HostCaller | null = null;
let glue: Promise<Instantiate> | null = null;
const announced = new Map<string, WebhookRequestContext>();
const waiting = new Map<string, (context: WebhookRequestContext) => void>();
const inFlight = new WeakMap<object, InFlight>();

function post(message: FromWebhookWorker): void {
  port?.postMessage(message);
}

// The guest sets its response through this static method: note the status (or the error the
// guest set instead, which is answered 500 here rather than by the shim, which would end the thread).
const setResponse = types.ResponseOutparam.set.bind(types.ResponseOutparam);
types.ResponseOutparam.set = (param, response) => {
  const request = inFlight.get(param);
  if (request === undefined || response.tag === 'ok') {
    if (request !== undefined && response.tag === 'ok') {
      request.status = response.val.statusCode();
    }
    setResponse(param, response);
    return;
  }
  request.guestError = `the endpoint set an error instead of a response: ${describe(response.val)}`;
  respondWith(param, request, 500, 'internal server error\n');
};

function describe(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

function respondWith(param: object, request: InFlight | null, status: number, text: string): void {
  const response = new types.OutgoingResponse(new types.Fields());
  response.setStatusCode(status);
  const body = response.body();
  setResponse(param, { tag: 'ok', val: response });
  if (request !== null) {
    request.status = status;
  }
  const stream = body.write();
  stream.blockingWriteAndFlush(new TextEncoder().encode(text));
  stream[Symbol.dispose]?.();
  types.OutgoingBody.finish(body, undefined);
}

function announcedContext(executionId: string): Promise<WebhookRequestContext | null> {
  const context = announced.get(executionId);
  if (context !== undefined) {
    announced.delete(executionId);
    return Promise.resolve(context);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(executionId);
      resolve(null);
    }, ANNOUNCE_WAIT_MS);
    waiting.set(executionId, (found) => {
      clearTimeout(timer);
      resolve(found);
    });
  });
}

async function instantiate(imports: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (component === null) {
    throw new Error('no component was sent to this webhook worker');
  }
  glue ??= importGlue(component);
  // (Each request's instance may serve its response body after the handler returned: its
  // memories are never given back.)
  return instantiateComponent(await glue, component, imports, []);
}

function executionIdOf(request: IncomingRequest): string | null {
  const values = request.headers().get(EXECUTION_ID_HEADER);
  const first = values[0];
  return values.length === 1 && first !== undefined ? new TextDecoder().decode(first) : null;
}

/** Runs the guest on one request in a fresh instance; resolves with how it went. */
async function serve(request: IncomingRequest, param: object, context: WebhookRequestContext): Promise<WebhookOutcome> {
  const { executionId } = context;
  const state: InFlight = { context, status: null, guestError: null };
  inFlight.set(param, state);
  const sink = new OutputSink({ emit: (stream, chunk) => post({ type: 'output', executionId, stream, chunk }) });
  setBeforeBlock(() => sink.flush());
  let trap: string | null = null;
  try {
    const imports = createAttemptImports({
      env: context.env,
      allowedHosts: context.allowedHosts,
      sink,
      onHttpDenied: (message) => post({ type: 'log', executionId, level: 'warn', message }),
    });
    if (caller !== null && links !== null) {
      // Extension interfaces use obelisk:types/join-set; an endpoint never gets one.
      Object.assign(
        imports,
        joinSetImports(),
        webhookImports(links, caller, executionId),
        webhookSupportImports(caller, executionId),
      );
    }
    const instance = await instantiate(imports);
    const handle = findInterfaceExport(instance, 'wasi:http/incoming-handler')?.['handle'];
    if (typeof handle !== 'function') {
      trap = 'the component does not export wasi:http/incoming-handler';
    } else {
      (handle as (request: IncomingRequest, param: object) => void)(request, param);
    }
  } catch (thrown) {
    const outcome = classifyThrown(thrown);
    trap = outcome.kind === 'trap' ? outcome.message : 'the endpoint failed';
  } finally {
    setBeforeBlock(undefined);
    sink.end();
  }
  trap ??= state.guestError ?? (state.status === null ? 'the endpoint returned without setting a response' : null);
  if (state.status === null) {
    try {
      respondWith(param, state, 500, 'internal server error\n');
    } catch {
      // The response was set after all (e.g. before a trap); the client has it.
    }
  }
  return trap === null
    ? { kind: 'ok', status: state.status ?? 500 }
    : { kind: 'trap', message: trap, status: state.status };
}

async function onRequest(request: IncomingRequest, param: object): Promise<void> {
  const executionId = executionIdOf(request);
  const context = executionId === null ? null : await announcedContext(executionId);
  if (context === null) {
    respondWith(param, null, 403, 'forbidden\n');
    return;
  }
  const outcome = await serve(request, param, context);
  post({ type: 'done', executionId: context.executionId, outcome });
}

function start(message: Extract<ToWebhookWorker, { type: 'start' }>): void {
  try {
    component = message.component;
    links = message.links;
    caller = new SyncCaller(message.hostPort, message.hostSignal);
    const server = new (shimHttp as unknown as { HTTPServer: new (handler: object) => HttpServer }).HTTPServer({
      handle: (request: IncomingRequest, param: object) => {
        void onRequest(request, param).catch((error: unknown) =>
          post({ type: 'log', executionId: '', level: 'warn', message: `webhook request failed: ${String(error)}` }),
        );
      },
    });
    server.listen(0, '127.0.0.1');
    post({ type: 'listening', port: server.address().port });
  } catch (error) {
    post({ type: 'start-failed', message: error instanceof Error ? error.message : String(error) });
  }
}

port.on('message', (message: ToWebhookWorker) => {
  if (message.type === 'start') {
    start(message);
    return;
  }
  const { context } = message;
  const resolve = waiting.get(context.executionId);
  if (resolve === undefined) {
    announced.set(context.executionId, context);
    // A request announced but never forwarded (the connection failed) is forgotten.
    setTimeout(() => announced.delete(context.executionId), ANNOUNCE_WAIT_MS).unref();
  } else {
    waiting.delete(context.executionId);
    resolve(context);
  }
});

// Start preview2-shim's I/O thread now (the first call waits for it), not in the first request.
monotonicClock.subscribeDuration(0n);
