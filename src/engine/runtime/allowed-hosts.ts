/**
 * The outgoing-HTTP allowlist of an activity (`allowed_hosts`). Pure: no I/O.
 *
 * A pattern is `*` (any request at all) or `[scheme://]host[:port]`:
 * - `scheme`: `http`, `https` (or another scheme name), or `*`; omitted = any scheme.
 * - `host`: an exact name or IP (case-insensitive; IPv6 in brackets), `*` (any host), or
 *   `*.example.com` (any subdomain of `example.com`, at any depth, but not `example.com` itself).
 * - `port`: a number, or `*` (any port); omitted = the default port of the request's scheme
 *   (80 for http, 443 for https).
 *
 * `methods` restricts the HTTP methods (case-insensitive); omitted or `"*"` allows every method.
 * Requests are denied unless some pattern allows them.
 */
import { ActivityRuntimeError, RuntimeErrorCode } from './errors.js';

/** One entry of an activity's `allowed_hosts`. */
export interface AllowedHost {
  readonly pattern: string;
  readonly methods?: readonly string[] | '*';
}

/** What the allowlist looks at in an outgoing request. */
export interface RequestTarget {
  /** Upper-case HTTP method, e.g. `GET`. */
  readonly method: string;
  /** Lower-case scheme without `:`, e.g. `https`. */
  readonly scheme: string;
  /** `host[:port]` as sent by the guest; `undefined` when the guest set none. */
  readonly authority: string | undefined;
}

type HostMatcher =
  | { readonly kind: 'any' }
  | { readonly kind: 'suffix'; readonly suffix: string }
  | { readonly kind: 'exact'; readonly name: string };

/** A parsed pattern. `scheme`/`port` `undefined` mean "omitted"; `'*'` means any (see the module doc). */
export interface HostPattern {
  readonly scheme: string | undefined;
  readonly host: HostMatcher;
  readonly port: number | '*' | undefined;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443 };
const PATTERN = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*|\*):\/\/)?(\[[0-9a-fA-F:.]+\]|[^:/[\]]+)(?::(\d{1,5}|\*))?$/;
const HOST_NAME = /^[a-zA-Z0-9_-]+(?:\.[a-zA-Z0-9_-]+)*\.?$/;

function invalid(pattern: string, why: string): ActivityRuntimeError {
  return new ActivityRuntimeError(
    RuntimeErrorCode.invalidHostPattern,
    `invalid allowed_hosts pattern "${pattern}": ${why}`,
    {
      hint: 'use "*", "example.com", "*.example.com", "https://api.example.com:8443" or "http://127.0.0.1:*"',
    },
  );
}

function parseHost(pattern: string, host: string): HostMatcher {
  if (host === '*') {
    return { kind: 'any' };
  }
  if (host.startsWith('*.')) {
    const suffix = host.slice(2).toLowerCase();
    if (!HOST_NAME.test(suffix)) {
      throw invalid(pattern, `"${host}" is not a valid wildcard host`);
    }
    return { kind: 'suffix', suffix };
  }
  if (!host.startsWith('[') && !HOST_NAME.test(host)) {
    throw invalid(pattern, `"${host}" is not a valid host name`);
  }
  return { kind: 'exact', name: host.toLowerCase() };
}

/** Parses one pattern; throws `runtime-invalid-host-pattern` when it is malformed. */
export function parseHostPattern(pattern: string): HostPattern {
  const trimmed = pattern.trim();
  if (trimmed === '*') {
    return { scheme: '*', host: { kind: 'any' }, port: '*' };
  }
  const match = PATTERN.exec(trimmed);
  if (match === null) {
    throw invalid(pattern, 'expected "[scheme://]host[:port]" without a path');
  }
  const [, scheme, host = '', port] = match;
  let parsedPort: number | '*' | undefined;
  if (port === '*' || port === undefined) {
    parsedPort = port;
  } else {
    parsedPort = Number(port);
    if (parsedPort < 1 || parsedPort > 65_535) {
      throw invalid(pattern, `port ${port} is out of range`);
    }
  }
  return {
    scheme: scheme === undefined || scheme === '*' ? scheme : scheme.toLowerCase(),
    host: parseHost(pattern, host),
    port: parsedPort,
  };
}

/** Checks every pattern of `allowed`; throws on the first malformed one. */
export function validateAllowedHosts(allowed: readonly AllowedHost[]): void {
  for (const entry of allowed) {
    parseHostPattern(entry.pattern);
  }
}

/** Splits an authority into a lower-case host and a port (the scheme's default when omitted). */
export function parseAuthority(
  authority: string,
  scheme: string,
): { host: string; port: number | undefined } | undefined {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(authority.replace(/^[^@]*@/, ''));
  if (match === null) {
    return undefined;
  }
  const [, host = '', port] = match;
  return {
    host: host.toLowerCase().replace(/\.$/, ''),
    port: port === undefined ? DEFAULT_PORTS[scheme] : Number(port),
  };
}

function hostMatches(matcher: HostMatcher, host: string): boolean {
  switch (matcher.kind) {
    case 'any':
      return true;
    case 'suffix':
      return host.endsWith(`.${matcher.suffix.replace(/\.$/, '')}`);
    case 'exact':
      return host === matcher.name.replace(/\.$/, '');
  }
}

/** True when `pattern` covers the scheme, host and port of `target` (methods are not checked). */
export function patternMatches(pattern: HostPattern, target: RequestTarget): boolean {
  if (target.authority === undefined) {
    return false;
  }
  const parsed = parseAuthority(target.authority, target.scheme);
  if (parsed === undefined) {
    return false;
  }
  if (pattern.scheme !== undefined && pattern.scheme !== '*' && pattern.scheme !== target.scheme) {
    return false;
  }
  if (!hostMatches(pattern.host, parsed.host)) {
    return false;
  }
  if (pattern.port === '*') {
    return true;
  }
  const expected = pattern.port ?? DEFAULT_PORTS[target.scheme];
  return expected !== undefined && parsed.port === expected;
}

function methodAllowed(methods: AllowedHost['methods'], method: string): boolean {
  return methods === undefined || methods === '*' || methods.some((m) => m.toUpperCase() === method.toUpperCase());
}

/** True when some entry of `allowed` permits `target`. Denied by default (empty list). */
export function isRequestAllowed(allowed: readonly AllowedHost[], target: RequestTarget): boolean {
  return allowed.some(
    (entry) => patternMatches(parseHostPattern(entry.pattern), target) && methodAllowed(entry.methods, target.method),
  );
}

/** The log line for a denied request: names the method, the host and the setting to change. */
export function describeDenial(allowed: readonly AllowedHost[], target: RequestTarget): string {
  const where =
    target.authority === undefined ? `${target.scheme}://<no authority>` : `${target.scheme}://${target.authority}`;
  const hostOnly = allowed.find((entry) => patternMatches(parseHostPattern(entry.pattern), target));
  if (hostOnly !== undefined) {
    return (
      `HTTP request denied: ${target.method} ${where}: method ${target.method} is not in the methods of ` +
      `allowed_hosts pattern "${hostOnly.pattern}"; add it to that entry's methods in allowed_hosts of this activity`
    );
  }
  return (
    `HTTP request denied: ${target.method} ${where} matches no pattern in allowed_hosts of this activity; ` +
    `to permit it, add "${where}" (or a wider pattern such as "${target.scheme}://${hostOf(target)}:*") to allowed_hosts of this activity`
  );
}

function hostOf(target: RequestTarget): string {
  return target.authority === undefined
    ? '<host>'
    : (parseAuthority(target.authority, target.scheme)?.host ?? target.authority);
}
