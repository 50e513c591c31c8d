/**
 * A token service for a registry with token auth: `node:http` issuing ES256 JWTs signed with a key
 * and certificate made by openssl. Users and what they may do are given; every request is recorded.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { TokenAuthSettings } from './registry.js';

export interface TokenUser {
  readonly password: string;
  /** Actions granted on every repository, e.g. ['pull', 'push']. */
  readonly actions: readonly string[];
}

export interface TokenRequest {
  readonly user: string | null;
  readonly scope: string | null;
  readonly status: number;
}

export interface TokenServer {
  readonly settings: TokenAuthSettings;
  readonly requests: TokenRequest[];
  stop(): Promise<void>;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function makeKey(dir: string): { key: string; certDer: Buffer; certFile: string } {
  const keyFile = join(dir, 'token.key');
  const certFile = join(dir, 'token.crt');
  execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile]);
  execFileSync('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    keyFile,
    '-out',
    certFile,
    '-days',
    '2',
    '-subj',
    '/CN=obelisk-test-token',
  ]);
  const pem = readFileSync(certFile, 'utf8');
  const certDer = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return { key: readFileSync(keyFile, 'utf8'), certDer, certFile };
}

function jwt(key: string, certDer: Buffer, claims: object): string {
  const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', x5c: [certDer.toString('base64')] }));
  const payload = b64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' });
  return `${header}.${payload}.${b64url(signature)}`;
}

function basicUser(header: string | undefined): { user: string; password: string } | null {
  if (header?.startsWith('Basic ') !== true) {
    return null;
  }
  const text = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? null : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Starts the token service; `dir` receives the key and certificate. */
export async function startTokenServer(dir: string, users: Readonly<Record<string, TokenUser>>): Promise<TokenServer> {
  const { key, certDer, certFile } = makeKey(dir);
  const service = 'obelisk-test-registry';
  const issuer = 'obelisk-test-issuer';
  const requests: TokenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const scope = url.searchParams.get('scope');
    const given = basicUser(req.headers.authorization);
    const account = given === null ? undefined : users[given.user];
    if (given !== null && account?.password !== given.password) {
      requests.push({ user: given.user, scope, status: 401 });
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"invalid credentials"}');
      return;
    }
    const granted = account?.actions ?? [];
    const access = [];
    if (scope !== null) {
      const [type, name, actions] = scope.split(':');
      access.push({ type, name, actions: (actions ?? '').split(',').filter((a) => granted.includes(a)) });
    }
    const now = Math.floor(Date.now() / 1000);
    const token = jwt(key, certDer, {
      iss: issuer,
      sub: given?.user ?? '',
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    });
    requests.push({ user: given?.user ?? null, scope, status: 200 });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    settings: { realm: `http://127.0.0.1:${port}/token`, service, issuer, rootCertBundle: certFile },
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
