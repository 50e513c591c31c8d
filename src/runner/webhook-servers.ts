/**
 * The `[[http_server]]`s of a service: each listens on its address and routes requests to the
 * `[[webhook_endpoint]]`s that name it (the most specific route wins, see
 * `config/webhook-routes.ts`). A request no route matches is answered 404 without running
 * anything; a matched one runs as an execution of its endpoint (`engine.serveWebhook`).
 * Applying a new configuration swaps the routes in place and restarts only the servers whose
 * address changed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, UserError } from '../cli/errors.js';
import { matchRoute, parseRoute, type Route } from '../config/index.js';
import type { Engine, EngineLogger } from '../engine/index.js';
import { parseListenAddress } from './address.js';

/** An `[[http_server]]`. */
export interface HttpServerSpec {
  readonly name: string;
  readonly listeningAddr: string;
  /** Requests beyond this many in flight are answered 503 (`undefined`: no limit). */
  readonly maxInflightRequests?: number | undefined;
}

/** The routing part of a `[[webhook_endpoint]]`. */
export interface WebhookRouteSpec {
  readonly name: string;
  readonly httpServer: string;
  readonly routes: readonly string[];
}

/** Where an endpoint can be reached, for banners. */
export interface WebhookUrl {
  readonly endpoint: string;
  readonly route: string;
  readonly url: string;
}

interface Running {
  spec: HttpServerSpec;
  inflight: number;
  readonly server: Server;
  readonly url: string;
  routes: readonly { readonly route: Route; readonly target: string }[];
}

export class WebhookServers {
  readonly #running = new Map<string, Running>();

  constructor(
    private readonly engine: Engine,
    private readonly logger: EngineLogger,
  ) {}

  /** Starts, restarts or stops servers to match `servers`, and routes `endpoints` on them. */
  async apply(servers: readonly HttpServerSpec[], endpoints: readonly WebhookRouteSpec[]): Promise<void> {
    const wanted = new Map(servers.map((spec) => [spec.name, spec]));
    for (const [name, running] of [...this.#running]) {
      if (wanted.get(name)?.listeningAddr !== running.spec.listeningAddr) {
        await close(running.server);
        this.#running.delete(name);
      }
    }
    for (const spec of servers) {
      const routes = endpoints
        .filter((endpoint) => endpoint.httpServer === spec.name)
        .flatMap((endpoint) => endpoint.routes.map((text) => ({ text, target: endpoint.name })))
        .flatMap(({ text, target }) => {
          const route = parseRoute(text);
          return typeof route === 'string' ? [] : [{ route, target }];
        });
      const running = this.#running.get(spec.name) ?? (await this.#start(spec));
      running.spec = spec;
      running.routes = routes;
    }
  }

  /** Every route of every server, as a URL (parameters as written: `/orders/:id`). */
  urls(): readonly WebhookUrl[] {
    return [...this.#running.values()].flatMap((running) =>
      running.routes.map(({ route, target }) => {
        const path = route.text.trim().split(/\s+/).at(-1) ?? '/';
        const method = route.method === null ? '' : `${route.method} `;
        return { endpoint: target, route: route.text, url: `${method}${running.url}${path}` };
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.#running.values()].map((running) => close(running.server)));
    this.#running.clear();
  }

  async #start(spec: HttpServerSpec): Promise<Running> {
    const address = parseListenAddress(spec.listeningAddr);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        const busy = error.code === 'EADDRINUSE';
        reject(
          new UserError(
            ErrorCode.unavailable,
            `http_server ${spec.name}: cannot listen on ${spec.listeningAddr}: ${busy ? 'the address is already in use' : error.message}`,
            { hint: `change listening_addr of [[http_server]] ${spec.name} in obelisk.toml`, cause: error },
          ),
        );
      });
      server.listen(address.port, address.host, resolve);
    });
    const { port } = server.address() as AddressInfo;
    const host = address.host.includes(':') ? `[${address.host}]` : address.host;
    const running: Running = { spec, inflight: 0, server, url: `http://${host}:${port}`, routes: [] };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.#handle(running, req, res));
    this.#running.set(spec.name, running);
    this.logger.info(`http_server ${spec.name} listening on ${running.url}`);
    return running;
  }

  #handle(running: Running, req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const match = matchRoute(running.routes, method, path);
    if (match === null) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const limit = running.spec.maxInflightRequests;
    if (limit !== undefined && running.inflight >= limit) {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' })
        .end('too many requests in flight\n');
      return;
    }
    running.inflight += 1;
    this.engine
      .serveWebhook(match.target, { method, path, params: match.params }, req, res)
      .catch((error: unknown) => {
        this.logger.error(`webhook ${match.target}: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('internal server error\n');
        } else {
          res.end();
        }
      })
      .finally(() => (running.inflight -= 1));
  }
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
