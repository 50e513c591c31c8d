/** A small HTTP proxy in front of a test registry that can rewrite or fail chosen responses. */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface ProxyRule {
  /** Which requests the rule applies to. */
  readonly match: (method: string, path: string) => boolean;
  /** Answer with this status instead of forwarding, this many times. */
  readonly failWith?: { readonly status: number; readonly times: number };
  /** Answer with a 307 to this URL (e.g. blob storage elsewhere) instead of forwarding. */
  readonly redirectTo?: (path: string) => string;
  /** Rewrite the body the registry returned. */
  readonly rewrite?: (body: Buffer) => Buffer;
}

export interface Proxy {
  readonly host: string;
  /** Requests seen, as `METHOD path`. */
  readonly seen: string[];
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startProxy(target: string, rules: readonly ProxyRule[]): Promise<Proxy> {
  const seen: string[] = [];
  const failures = new Map<ProxyRule, number>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      seen.push(`${method} ${path}`);
      const rule = rules.find((r) => r.match(method, path));
      const failed = rule === undefined ? 0 : (failures.get(rule) ?? 0);
      if (rule?.failWith !== undefined && failed < rule.failWith.times) {
        failures.set(rule, failed + 1);
        res.writeHead(rule.failWith.status).end();
        return;
      }
      if (rule?.redirectTo !== undefined) {
        res.writeHead(307, { location: rule.redirectTo(path) }).end();
        return;
      }
      const body = await readBody(req);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length'),
      ) as Record<string, string>;
      const upstream = await fetch(`http://${target}${path}`, {
        method,
        headers,
        body: body.length > 0 ? body : undefined,
        redirect: 'manual',
      });
      let out: Buffer = Buffer.from(await upstream.arrayBuffer());
      if (rule?.rewrite !== undefined) {
        out = rule.rewrite(out);
      }
      const outHeaders: Record<string, string> = {};
      upstream.headers.forEach((value, key) => {
        if (key !== 'content-length' && key !== 'transfer-encoding' && key !== 'content-encoding') {
          outHeaders[key] = value;
        }
      });
      res.writeHead(upstream.status, { ...outHeaders, 'content-length': String(out.length) }).end(out);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    host: `127.0.0.1:${port}`,
    seen,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
