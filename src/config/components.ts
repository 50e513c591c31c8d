/**
 * The schemas of the component sections: `[[activity_wasm]]`, `[[activity_stub]]`, `[[workflow]]`,
 * `[[webhook_endpoint]]`. Their loaded types are derived from these schemas (see `types.ts`).
 */
import type * as z from 'zod';
import {
  allowedHosts,
  componentName,
  contentDigest,
  envVars,
  location,
  type ComponentLocation,
} from './component-leaves.js';
import { buildTable } from './build.js';
import { duration, fail, forbidden, int, leaf, matching, oneOf, pass, type LeafContext } from './leaves.js';
import { hidden, table } from './tables.js';
import { parseRoute } from './webhook-routes.js';

/** Where guest output goes: nowhere, the server log, the database (execution logs), or both. */
export const OUTPUT_FORWARDING = ['none', 'log', 'db', 'both'] as const;

/** `exec`: how an executor locks work. Defaults: up to 64 per tick (never more than its free threads), 1 s lock expiry, 200 ms tick sleep. */
function exec() {
  return table({
    batch_size: int(1).default(64),
    lock_expiry: duration({ positive: true }).default(1000),
    tick_sleep: duration({ positive: true }).default(200),
    queue: matching('a queue name made of letters, digits, _, -, . and :', /^[A-Za-z0-9_.:-]+$/).optional(),
  })
    .prefault({})
    .transform((t) => ({
      batchSize: t.batch_size,
      lockExpiryMs: t.lock_expiry,
      tickSleepMs: t.tick_sleep,
      /** Serve this queue instead of the component's functions. */
      queue: t.queue,
    }));
}

const forward = (): z.ZodType<(typeof OUTPUT_FORWARDING)[number]> => oneOf(OUTPUT_FORWARDING).default('db');

const NOT_FOR_WORKFLOWS = {
  max_retries:
    'not a workflow key: a workflow is retried without limit when a run times out and never after a trap; max_retries applies to activities',
  max_duration:
    'not a workflow key: a workflow run has no time limit (await_timeout sets how long a waiting workflow stays loaded); max_duration applies to activities',
  env_vars:
    'not a workflow key: workflows are deterministic and see no environment variables; set env_vars on the activities they call',
  allowed_hosts: 'not a workflow key: workflows make no HTTP requests; call an activity that has allowed_hosts',
  forward_stdout:
    'not a workflow key: workflow output (stdout, stderr, console.log) is always stored with the execution logs, once, and not repeated on replay',
  forward_stderr:
    'not a workflow key: workflow output (stdout, stderr, console.log) is always stored with the execution logs, once, and not repeated on replay',
} as const;

/** `[[activity_wasm]]`. */
export function activitySchema(ctx: LeafContext) {
  return table({
    name: componentName(),
    location: location(ctx, null),
    content_digest: contentDigest().optional(),
    exec: exec(),
    max_retries: int(0).default(5),
    retry_exp_backoff: duration().default(100),
    max_duration: duration({ positive: true }).default(60_000),
    env_vars: envVars(ctx).default({}),
    allowed_hosts: allowedHosts().default([]),
    forward_stdout: forward(),
    forward_stderr: forward(),
    build: buildTable(ctx).optional(),
  }).transform((t) => ({
    ...common(t),
    /** How `obelisk build` makes the component from JavaScript or TypeScript; `undefined`: it is prebuilt. */
    build: t.build,
    exec: t.exec,
    maxRetries: t.max_retries,
    retryExpBackoffMs: t.retry_exp_backoff,
    maxDurationMs: t.max_duration,
    /** Resolved values (`"NAME"` entries copied from the host env at load time). */
    envVars: t.env_vars,
    allowedHosts: t.allowed_hosts,
    forwardStdout: t.forward_stdout,
    forwardStderr: t.forward_stderr,
  }));
}

/** `[[workflow]]`. */
export function workflowSchema(ctx: LeafContext) {
  const notForWorkflows = Object.fromEntries(
    Object.entries(NOT_FOR_WORKFLOWS).map(([key, reason]) => [key, hidden(forbidden(reason))]),
  );
  return table({
    name: componentName(),
    location: location(ctx, null),
    content_digest: contentDigest().optional(),
    exec: exec(),
    retry_exp_backoff: duration().default(100),
    blocking_strategy: oneOf(['await', 'interrupt']).default('await'),
    await_timeout: duration().default(10_000),
    build: buildTable(ctx).optional(),
    ...notForWorkflows,
  }).transform((t) => ({
    ...common(t),
    /** How `obelisk build` makes the component from JavaScript or TypeScript; `undefined`: it is prebuilt. */
    build: t.build,
    exec: t.exec,
    retryExpBackoffMs: t.retry_exp_backoff,
    blockingStrategy: t.blocking_strategy,
    awaitTimeoutMs: t.await_timeout,
  }));
}

/** The keys every loadable component has. */
function common(t: { name: string; location: ComponentLocation; content_digest?: string | undefined }) {
  return {
    name: t.name,
    location: t.location,
    /** Expected `sha256:<hex>` of the binary; loading fails when it differs. */
    contentDigest: t.content_digest,
  };
}

const STUB_LOCATION =
  'stub activities are WIT only: expected location = { path = "..." } pointing at a .wit file, a WIT folder or a binary WIT package .wasm';

/** `[[activity_stub]]`: a name and the WIT that declares its functions. */
export function stubSchema(ctx: LeafContext) {
  return table({ name: componentName(), location: location(ctx, STUB_LOCATION) }).transform((t) => ({
    name: t.name,
    /** A `.wit` file or a WIT folder (absolute). */
    location: pathLocation(t.location),
  }));
}

function pathLocation(value: ComponentLocation): { readonly kind: 'path'; readonly path: string } {
  if (value.kind !== 'path') {
    throw new Error('a stub location is always a path'); // location(ctx, STUB_LOCATION) rejects oci
  }
  return value;
}

/** `routes = ["/path", "/users/:id", "POST /hooks/github", "/static/*"]`. */
function routes(): z.ZodType<readonly string[]> {
  return leaf('an array of routes such as ["/", "/users/:id", "POST /hooks/github", "/static/*"]', (value) => {
    if (!Array.isArray(value) || !value.every((route: unknown) => typeof route === 'string')) {
      return fail();
    }
    for (const route of value) {
      const parsed = parseRoute(route);
      if (typeof parsed === 'string') {
        return fail(`invalid route ${JSON.stringify(route)}: ${parsed}`);
      }
    }
    return pass(value);
  });
}

/** `[[webhook_endpoint]]`: a component exporting `wasi:http/incoming-handler`, served on routes of an `[[http_server]]`. */
export function webhookSchema(ctx: LeafContext) {
  return table({
    name: componentName(),
    location: location(ctx, null),
    content_digest: contentDigest().optional(),
    http_server: componentName(),
    routes: routes().default([]),
    max_duration: duration({ positive: true }).default(60_000),
    env_vars: envVars(ctx).default({}),
    allowed_hosts: allowedHosts().default([]),
    forward_stdout: forward(),
    forward_stderr: forward(),
    build: buildTable(ctx).optional(),
  }).transform((t) => ({
    ...common(t),
    /** How `obelisk build` makes the component from JavaScript or TypeScript; `undefined`: it is prebuilt. */
    build: t.build,
    /** Name of the `[[http_server]]` it is served by. */
    httpServer: t.http_server,
    routes: t.routes,
    /** A request running longer is answered 504 and its execution fails as timed out. */
    maxDurationMs: t.max_duration,
    /** Resolved values (`"NAME"` entries copied from the host env at load time). */
    envVars: t.env_vars,
    allowedHosts: t.allowed_hosts,
    forwardStdout: t.forward_stdout,
    forwardStderr: t.forward_stderr,
  }));
}
