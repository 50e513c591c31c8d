/**
 * Webhook routes: `"/orders/:id"`, `"POST /hooks/github"`, `"/static/*"`. Parsing (with the reason
 * a route is invalid), matching a request against a server's routes (the most specific route
 * wins), and the conflicts `server verify` reports: two routes of one HTTP server that match the
 * same requests with the same specificity.
 */

export type RouteSegment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'rest' };

export interface Route {
  /** The route as written. */
  readonly text: string;
  /** Upper-case method, `null`: any method. */
  readonly method: string | null;
  readonly segments: readonly RouteSegment[];
}

const METHOD = /^[A-Z]+$/;
const PARAM = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses a route; a string is the reason it is invalid. */
export function parseRoute(text: string): Route | string {
  const parts = text.trim().split(/\s+/);
  const [first, second, ...extra] = parts;
  if (first === undefined || extra.length > 0) {
    return 'expected "/path" or "METHOD /path"';
  }
  const method = second === undefined ? null : first;
  const path = second ?? first;
  if (method !== null && !METHOD.test(method)) {
    return `the method ${JSON.stringify(method)} is not an upper-case HTTP method such as GET or POST`;
  }
  if (!path.startsWith('/')) {
    return 'the path must start with "/"';
  }
  const raw = path === '/' ? [] : path.slice(1).split('/');
  const segments: RouteSegment[] = [];
  for (const [index, segment] of raw.entries()) {
    if (segment === '*') {
      if (index !== raw.length - 1) {
        return '"*" may only be the last segment';
      }
      segments.push({ kind: 'rest' });
    } else if (segment.startsWith(':')) {
      const name = segment.slice(1);
      if (!PARAM.test(name)) {
        return `the parameter ${JSON.stringify(segment)} needs a name of letters, digits and "_"`;
      }
      if (segments.some((s) => s.kind === 'param' && s.name === name)) {
        return `the parameter ":${name}" appears twice`;
      }
      segments.push({ kind: 'param', name });
    } else if (segment === '') {
      return 'empty path segment ("//" or a trailing "/")';
    } else {
      segments.push({ kind: 'literal', value: segment });
    }
  }
  return { text, method, segments };
}

export interface RouteMatch<T> {
  readonly route: Route;
  readonly target: T;
  /** Route parameters by name; the part matched by `*` is under `*`. */
  readonly params: Readonly<Record<string, string>>;
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Matches `path` (without the query) against one route's segments. */
function matchSegments(route: Route, path: string): Record<string, string> | null {
  const parts = path === '/' || path === '' ? [] : path.replace(/^\//, '').split('/');
  const params: Record<string, string> = {};
  for (const [index, segment] of route.segments.entries()) {
    if (segment.kind === 'rest') {
      params['*'] = parts.slice(index).join('/');
      return params;
    }
    const part = parts[index];
    const decoded = part === undefined || part === '' ? null : decode(part);
    if (decoded === null) {
      return null;
    }
    if (segment.kind === 'literal' ? decoded !== segment.value : false) {
      return null;
    }
    if (segment.kind === 'param') {
      params[segment.name] = decoded;
    }
  }
  return parts.length === route.segments.length ? params : null;
}

/** Specificity per segment (literal 2, param 1, rest 0), then a method over any method. */
function rank(route: Route): number[] {
  const weights = route.segments.map((s) => (s.kind === 'literal' ? 2 : s.kind === 'param' ? 1 : 0));
  return [...weights, route.method === null ? 0 : 1];
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? -1) - (a[i] ?? -1);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/** The most specific route matching `method` and `pathWithQuery`, or `null` (a 404). */
export function matchRoute<T>(
  routes: readonly { readonly route: Route; readonly target: T }[],
  method: string,
  pathWithQuery: string,
): RouteMatch<T> | null {
  const path = pathWithQuery.split('?')[0] ?? '/';
  const found: RouteMatch<T>[] = [];
  for (const { route, target } of routes) {
    if (route.method !== null && route.method !== method.toUpperCase()) {
      continue;
    }
    const params = matchSegments(route, path);
    if (params !== null) {
      found.push({ route, target, params });
    }
  }
  found.sort((a, b) => compareRank(rank(a.route), rank(b.route)));
  return found[0] ?? null;
}

/** The shape two routes share when they match the same requests equally specifically. */
function shape(route: Route): string {
  const path = route.segments.map((s) => (s.kind === 'literal' ? `=${s.value}` : s.kind === 'param' ? ':' : '*'));
  return `${route.method ?? '*'} /${path.join('/')}`;
}

/** Pairs of routes (with their owners) that conflict: same method scope, same shape. */
export function routeConflicts<T>(
  routes: readonly { readonly route: Route; readonly target: T }[],
): { readonly first: { route: Route; target: T }; readonly second: { route: Route; target: T } }[] {
  const seen = new Map<string, { route: Route; target: T }>();
  const conflicts: { first: { route: Route; target: T }; second: { route: Route; target: T } }[] = [];
  for (const entry of routes) {
    const key = shape(entry.route);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, entry);
    } else {
      conflicts.push({ first, second: entry });
    }
  }
  return conflicts;
}
