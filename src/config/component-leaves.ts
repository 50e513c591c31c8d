/** Validators of component values: `location`, `env_vars`, `allowed_hosts`, names and digests. */
import type * as z from 'zod';
import { parseHostPattern } from '../engine/index.js';
import { resolvePath } from './dirs.js';
import { isTable } from './expand.js';
import { fail, leaf, matching, pass, reported, show, type Check, type LeafContext, type SubIssue } from './leaves.js';

/** Where a component's binary (or a stub's WIT) comes from. */
export type ComponentLocation =
  { readonly kind: 'path'; readonly path: string } | { readonly kind: 'oci'; readonly reference: string };

/** One entry of `allowed_hosts`. */
export interface AllowedHostConfig {
  /** `*` or `[scheme://]host[:port]`, e.g. `https://*.example.com`. */
  readonly pattern: string;
  /** Upper-case HTTP methods, or `*` for every method. */
  readonly methods: readonly string[] | '*';
}

export const NAME_PATTERN = /^[a-z0-9_-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OCI_REFERENCE =
  /^(?:oci:\/\/)?[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9._-]+)+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;
const METHOD = /^[A-Za-z]+$/;

/** A component name: lower-case letters, digits, `_` and `-`. */
export function componentName(): z.ZodType<string> {
  return matching('a name made of a-z, 0-9, _ and - (e.g. "fibo-activity")', NAME_PATTERN);
}

/** `sha256:<64 hex digits>`. */
export function contentDigest(): z.ZodType<string> {
  return matching('a content digest "sha256:<64 lower-case hex digits>"', /^sha256:[0-9a-f]{64}$/);
}

/** `location = { path = "..." }` or (unless `pathOnly`) `{ oci = "registry/repo:tag[@sha256:...]" }`. */
export function location(ctx: LeafContext, pathOnly: string | null): z.ZodType<ComponentLocation> {
  const what =
    pathOnly === null
      ? 'a table { path = "file.wasm" } or { oci = "docker.io/repo/image:tag" }'
      : 'a table { path = "..." }';
  return leaf<ComponentLocation>(what, (value, _raw, sub) => {
    if (!isTable(value)) {
      return fail();
    }
    unknownKeys(value, ['path', 'oci'], [], sub);
    const { path, oci } = value;
    if (path !== undefined && oci !== undefined) {
      return fail(pathOnly ?? 'expected exactly one of path or oci, got both');
    }
    if (oci !== undefined) {
      if (pathOnly !== null) {
        return fail(pathOnly);
      }
      if (typeof oci !== 'string' || !OCI_REFERENCE.test(oci)) {
        sub.push({
          path: ['oci'],
          message: `expected an OCI reference "registry/repository:tag" optionally pinned with @sha256:<digest>, e.g. "docker.io/getobelisk/fibo:1.0.0", got ${show(oci)}`,
        });
        return reported();
      }
      return pass({ kind: 'oci', reference: oci });
    }
    if (path === undefined) {
      return fail(`expected ${what}, got a table without ${pathOnly === null ? 'path or oci' : 'path'}`);
    }
    if (typeof path !== 'string' || path === '') {
      sub.push({
        path: ['path'],
        message: `expected a path (relative to the config file, ~ allowed), got ${show(path)}`,
      });
      return reported();
    }
    return pass({ kind: 'path', path: resolvePath(ctx.dir, path, ctx.env) });
  });
}

/** Reports every key of `table` outside `allowed`, below `at`. */
function unknownKeys(
  table: Record<string, unknown>,
  allowed: readonly string[],
  at: readonly (string | number)[],
  sub: SubIssue[],
): void {
  for (const key of Object.keys(table)) {
    if (!allowed.includes(key)) {
      sub.push({ path: [...at, key], message: `unknown key; expected one of: ${allowed.join(', ')}` });
    }
  }
}

const ENV_ENTRY = 'expected "NAME" (copied from the host), "NAME=value" or { key = "NAME", value = "..." }';

/** `env_vars = ["NAME", "NAME=value", { key = "NAME", value = "..." }]`, resolved against the host env. */
export function envVars(ctx: LeafContext): z.ZodType<Readonly<Record<string, string>>> {
  return leaf('an array of "NAME", "NAME=value" or { key = "NAME", value = "..." }', (value, _raw, sub) => {
    if (!Array.isArray(value)) {
      return fail();
    }
    const vars: Record<string, string> = {};
    const seen = new Map<string, number>();
    value.forEach((item: unknown, index) => {
      const entry = envEntry(item, ctx.env, index, sub);
      if (entry === null) {
        return;
      }
      const previous = seen.get(entry.name);
      if (previous !== undefined) {
        sub.push({ path: [index], message: `${entry.name} is set twice (also by env_vars[${previous}])` });
        return;
      }
      seen.set(entry.name, index);
      vars[entry.name] = entry.value;
    });
    return pass(vars);
  });
}

function envEntry(
  item: unknown,
  env: NodeJS.ProcessEnv,
  index: number,
  sub: SubIssue[],
): { name: string; value: string } | null {
  const bad = (message: string, at: readonly (string | number)[] = []): null => {
    sub.push({ path: [index, ...at], message });
    return null;
  };
  if (typeof item === 'string') {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    if (!ENV_NAME.test(name)) {
      return bad(`${ENV_ENTRY}, got ${show(item)} (a name is made of letters, digits and _)`);
    }
    if (eq >= 0) {
      return { name, value: item.slice(eq + 1) };
    }
    const hostValue = env[name];
    return hostValue === undefined
      ? bad(`environment variable ${name} is not set on this host; set it, or give the value: "${name}=value"`)
      : { name, value: hostValue };
  }
  if (!isTable(item)) {
    return bad(`${ENV_ENTRY}, got ${show(item)}`);
  }
  unknownKeys(item, ['key', 'value'], [index], sub);
  const { key, value } = item;
  if (typeof key !== 'string' || !ENV_NAME.test(key)) {
    return bad(`expected a variable name (letters, digits and _), got ${show(key)}`, ['key']);
  }
  if (typeof value !== 'string') {
    return bad(`expected a string, got ${show(value)}`, ['value']);
  }
  return { name: key, value };
}

const HOST_WHAT =
  '"*" or "[scheme://]host[:port]", e.g. "api.example.com", "https://*.example.com" or "http://127.0.0.1:*"';

/** `allowed_hosts = ["pattern", { pattern = "...", methods = ["GET"] | "*" }]`. */
export function allowedHosts(): z.ZodType<readonly AllowedHostConfig[]> {
  return leaf('an array of "pattern" or { pattern = "...", methods = ["GET", ...] }', (value, _raw, sub) => {
    if (!Array.isArray(value)) {
      return fail();
    }
    const hosts: AllowedHostConfig[] = [];
    value.forEach((item: unknown, index) => {
      const host = allowedHost(item, index, sub);
      if (host.ok) {
        hosts.push(host.value);
      }
    });
    return pass(hosts);
  });
}

function allowedHost(item: unknown, index: number, sub: SubIssue[]): Check<AllowedHostConfig> {
  const bad = (message: string, at: readonly (string | number)[] = []): Check<never> => {
    sub.push({ path: [index, ...at], message });
    return reported();
  };
  if (typeof item === 'string') {
    return validPattern(item) ? pass({ pattern: item, methods: '*' }) : bad(`expected ${HOST_WHAT}, got ${show(item)}`);
  }
  if (!isTable(item)) {
    return bad(`expected "pattern" or { pattern = "...", methods = ["GET", ...] }, got ${show(item)}`);
  }
  unknownKeys(item, ['pattern', 'methods'], [index], sub);
  const { pattern, methods = '*' } = item;
  if (typeof pattern !== 'string' || !validPattern(pattern)) {
    return bad(`expected ${HOST_WHAT}, got ${show(pattern)}`, ['pattern']);
  }
  if (methods === '*') {
    return pass({ pattern, methods });
  }
  if (
    !Array.isArray(methods) ||
    methods.length === 0 ||
    !methods.every((m: unknown) => typeof m === 'string' && METHOD.test(m))
  ) {
    return bad(`expected "*" or a non-empty array of HTTP methods like ["GET", "POST"], got ${show(methods)}`, [
      'methods',
    ]);
  }
  return pass({ pattern, methods: (methods as string[]).map((m) => m.toUpperCase()) });
}

/** Whether the engine's allowlist accepts `pattern` (one grammar, owned by the engine). */
function validPattern(pattern: string): boolean {
  try {
    parseHostPattern(pattern);
    return true;
  } catch {
    return false;
  }
}
