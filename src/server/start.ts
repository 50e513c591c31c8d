/** Starting and stopping the HTTP API server (`node:http`, no framework). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CodedError } from '../engine/concepts/coded-error.js';
import type { Engine, EngineLogger } from '../engine/index.js';
import { bearerCheck } from './auth.js';
import { refuseMalformed } from './client-error.js';
import { ConnectionTracker } from './connections.js';
import { dispatch } from './dispatch.js';
import type { ServerInfo } from './route.js';
import { ROUTES } from './routes/index.js';

export interface ApiServerOptions {
  /** The engine to serve, read on every request (`obelisk dev` swaps it when components change). */
  readonly engine: Engine;
  /** The address to bind, exactly as given (`127.0.0.1`, `::1`, `0.0.0.0`, ...). */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** When set, every route but `/healthz` and `/openapi.json` requires `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  readonly logger?: EngineLogger | undefined;
  /** The obelisk version, shown by `/healthz` and `/openapi.json`. */
  readonly version: string;
}

export interface ApiServer {
  /** `http://<host>:<port>` (IPv6 hosts in brackets). */
  readonly url: string;
  /** The bound port (the chosen one when `port` was 0). */
  readonly port: number;
  /** Stops accepting connections, ends open event streams and waits for the server to close. */
  close(): Promise<void>;
}

/** Stable codes of {@link ApiServerListenError}. */
export const ListenErrorCode = {
  addressInUse: 'address-in-use',
  addressNotAvailable: 'address-not-available',
  permissionDenied: 'permission-denied',
  listenFailed: 'listen-failed',
} as const;
export type ListenErrorCode = (typeof ListenErrorCode)[keyof typeof ListenErrorCode];

/**
 * The server could not bind `host:port`; `code` says why. A {@link CodedError}: the address is
 * the user's to change, so the CLI shows the message and its hint, never "a bug in obelisk".
 */
export class ApiServerListenError extends CodedError {
  override name = 'ApiServerListenError';
  readonly code: ListenErrorCode;

  constructor(
    code: ListenErrorCode,
    readonly host: string,
    readonly port: number,
    cause: unknown,
  ) {
    super(`cannot listen on ${hostPort(host, port)}: ${describeListenError(code, cause)}`, {
      cause,
      hint: LISTEN_HINTS[code],
    });
    this.code = code;
  }
}

const LISTEN_HINTS: Readonly<Record<ListenErrorCode, string>> = {
  'address-in-use': 'stop the other server that listens there, or choose another port',
  'address-not-available': 'choose an address of this machine, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (all)',
  'permission-denied': 'ports below 1024 need extra privileges: choose a port of 1024 or more',
  'listen-failed': 'check the host and port to listen on',
};

function describeListenError(code: ListenErrorCode, cause: unknown): string {
  switch (code) {
    case ListenErrorCode.addressInUse:
      return 'the address is already in use';
    case ListenErrorCode.addressNotAvailable:
      return 'the address is not available on this machine';
    case ListenErrorCode.permissionDenied:
      return 'permission denied';
    case ListenErrorCode.listenFailed:
      return cause instanceof Error ? cause.message : String(cause);
  }
}

function listenCode(error: unknown): ListenErrorCode {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return ListenErrorCode.addressInUse;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return ListenErrorCode.addressNotAvailable;
    case 'EACCES':
      return ListenErrorCode.permissionDenied;
    default:
      return ListenErrorCode.listenFailed;
  }
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** How long `close()` lets busy connections finish before cutting them. */
const CLOSE_GRACE_MS = 1000;

const silent: EngineLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Starts the API server; resolves once it listens, rejects with {@link ApiServerListenError}. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const logger = options.logger ?? silent;
  const server: ServerInfo = { version: options.version, logger, routes: ROUTES };
  const requests = new RequestSignals();
  const dispatchOptions = { routes: ROUTES, engine: options.engine, checkAuth: bearerCheck(options.token), server };
  const http = createServer((request: IncomingMessage, response: ServerResponse) => {
    const signal = requests.open(response);
    const started = performance.now();
    response.once('finish', () =>
      logger.debug(`API ${request.method ?? '?'} ${request.url ?? '?'} ${response.statusCode}`, {
        ms: Math.round(performance.now() - started),
      }),
    );
    void dispatch(dispatchOptions, request, response, signal);
  });
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => refuseMalformed(error, socket));
  const connections = new ConnectionTracker(http);
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error) =>
      reject(new ApiServerListenError(listenCode(error), options.host, options.port, error)),
    );
    http.listen({ host: options.host, port: options.port, exclusive: true }, resolve);
  });
  http.on('error', (error) => logger.error('API server error', { error: error.message }));
  const port = (http.address() as AddressInfo).port;
  logger.info(`API listening on ${hostPort(options.host, port)}`);
  return {
    url: `http://${hostPort(options.host, port)}`,
    port,
    async close() {
      requests.abortAll();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      connections.closeIdle();
      // Requests still in flight get a moment to finish (streams end at once on `closing`).
      const force = setTimeout(() => http.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(force);
    },
  };
}

/**
 * One abort signal per request, aborted when its response closes early (the client went away)
 * or the server closes. The server keeps the open ones in a set rather than adding a listener
 * per request to one shared signal (which would pile up listeners under concurrent requests).
 */
class RequestSignals {
  readonly #open = new Set<AbortController>();
  #closed = false;

  open(response: ServerResponse): AbortSignal {
    const controller = new AbortController();
    if (this.#closed) {
      controller.abort();
      return controller.signal;
    }
    this.#open.add(controller);
    response.once('close', () => {
      this.#open.delete(controller);
      controller.abort();
    });
    return controller.signal;
  }

  abortAll(): void {
    this.#closed = true;
    for (const controller of this.#open) {
      controller.abort();
    }
    this.#open.clear();
  }
}
