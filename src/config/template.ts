/**
 * Commented `obelisk.toml` files for `obelisk generate config`: `blank` documents every
 * section with its defaults commented out; an example's configures a bundled example
 * (`examples/<name>/`) from its `example.json`, pointing at the built `dist/<component>.wasm`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The obelisk package's root folder (two levels above this file, in `src/` and in `dist/`). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const BLANK = `# obelisk.toml: the configuration of an obelisk project (docs/configuration.md describes every key).
# Every key is optional: the values commented out below are the defaults.
#
# Strings may use \${VAR} and \${VAR:-default}. Every key outside the [[...]] arrays can be set from
# the environment: OBELISK__<SECTION>__<KEY>, e.g. OBELISK__API__LISTENING_ADDR=0.0.0.0:5005.
# Durations are tables with exactly one unit: { milliseconds = N }, seconds, minutes, hours or days.
# Relative paths are relative to this file; ~ is the home folder.

# The HTTP API (JSON; used by the CLI and the TUI).
# [api]
# listening_addr = "127.0.0.1:5005"
# Clients must send "Authorization: Bearer <token>"; without a token the API is open.
# token = "\${OBELISK_API_TOKEN}"
# Without a token, a listening_addr other than loopback is refused unless this is true.
# allow_unauthenticated_non_loopback = false

# The database: one libSQL file ([database.libsql] is another name for this table).
# [database.sqlite]
# file = "\${XDG_DATA_HOME:-~/.local/share}/obelisk/obelisk.sqlite"
# "full" survives power loss; "normal" is faster and may lose the last transactions.
# synchronous = "full"

# [wasm]
# cache_directory = "\${XDG_CACHE_HOME:-~/.cache}/obelisk/oci"
# Worker threads running activity attempts, started on demand. Default: 8 per CPU (16 to 64).
# max_workers = 16
# Worker threads for workflows (how many can wait loaded at once). Default: 8 per CPU (16 to 64).
# max_workflow_threads = 16

# Transpiled components, by content digest (when disabled, a temporary folder is used per process).
# [codegen_cache]
# enabled = true
# directory = "\${XDG_CACHE_HOME:-~/.cache}/obelisk/codegen"

# Expires the locks of dead executors and fires durable sleeps.
# [timers_watcher]
# tick_sleep = { milliseconds = 100 }
# leeway = { milliseconds = 500 }

# The server's own log.
# [log]
# level = "info"
# format = "plain"

# An activity: a WebAssembly component whose functions do the side effects; retried on traps,
# errors and timeouts. Names are unique across all components: a-z, 0-9, _ and -.
# Pin the binary with content_digest = "sha256:<64 hex digits>"; serve a queue with exec.queue.
# [[activity_wasm]]
# name = "my-activity"
# location.path = "activity/dist/activity.wasm"
# Or from an OCI registry (pinned in obelisk.lock): location.oci = "docker.io/me/activity:1.0.0"
# exec = { batch_size = 64, lock_expiry = { seconds = 1 }, tick_sleep = { milliseconds = 200 } }
# max_retries = 5
# retry_exp_backoff = { milliseconds = 100 }
# max_duration = { seconds = 60 }
# "NAME" copies the variable from the host (an error if it is unset), "NAME=value" sets it.
# env_vars = ["HOME", "LANG=C", { key = "GREETING", value = "\${GREETING:-hello}" }]
# Outgoing HTTP is denied unless a pattern allows it: "*", "host", "*.domain", "scheme://host:port".
# allowed_hosts = ["https://api.example.com", { pattern = "http://localhost:*", methods = ["GET", "POST"] }]
# Guest stdout and stderr: "none", "log" (the server log), "db" (the execution's logs) or "both".
# forward_stdout = "db"
# forward_stderr = "db"

# A stub activity: functions declared in WIT whose results are written from outside.
# [[activity_stub]]
# name = "approval"
# location.path = "approval/wit"

# A workflow: a deterministic component that calls activities and other workflows.
# [[workflow]]
# name = "my-workflow"
# location.path = "workflow/dist/workflow.wasm"
# exec = { batch_size = 64, lock_expiry = { seconds = 1 }, tick_sleep = { milliseconds = 200 } }
# retry_exp_backoff = { milliseconds = 100 }
# "await" keeps a waiting workflow loaded (up to await_timeout); "interrupt" unloads it at once.
# blocking_strategy = "await"
# await_timeout = { seconds = 10 }

# A function started on a schedule: a cron expression in a time zone, or every = { minutes = 15 }.
# catch_up: what happens to firings missed while obelisk was down ("none", "latest" or "all",
# at most max_catch_up of them).
# [[cron]]
# name = "nightly"
# ffqn = "testing:fibo-workflow/workflow.fiboa"
# params = [10, 1]
# schedule = "0 3 * * *"
# timezone = "UTC"
# catch_up = "latest"
# max_catch_up = 10

# Finished executions deleted once old enough (with their children, events and logs); absent: kept forever.
# [retention]
# finished_older_than = { days = 30 }
# failure_older_than = { days = 90 }
# interval = { hours = 1 }
# batch_size = 500

# An HTTP server for webhook endpoints, and an endpoint (a component exporting
# wasi:http/incoming-handler): each request it serves runs as one execution; route parameters
# (:id) reach it as environment variables.
# [[http_server]]
# name = "external"
# listening_addr = "127.0.0.1:9090"
# [[webhook_endpoint]]
# name = "my-webhook"
# location.path = "webhook/dist/webhook.wasm"
# http_server = "external"
# routes = ["/", "/orders/:id", "POST /hooks/github"]
# max_duration = { seconds = 60 }
# env_vars = ["GREETING=hello"]
# allowed_hosts = ["https://api.example.com"]

# Not supported yet: parsed and validated, and reported by \`obelisk server verify\`.
# [otlp]
# enabled = true
# endpoint = "http://localhost:4317"
# service_name = "obelisk"
# level = "info"
`;

/** Every section and key, with the defaults commented out. */
export function blankConfigTemplate(): string {
  return BLANK;
}

interface ExampleManifest {
  readonly description: string;
  readonly components: readonly { readonly name: string; readonly type: string; readonly exports: readonly string[] }[];
}

/** The bundled examples' folder. */
export const EXAMPLES_DIR = join(PACKAGE_ROOT, 'examples');

/** The bundled examples: folders of `examples/` with an `example.json`, sorted. */
export function exampleNames(): string[] {
  try {
    return readdirSync(EXAMPLES_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(EXAMPLES_DIR, entry.name, 'example.json')))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/**
 * A config running the bundled example `name`, for a file written in `outDir`: each component's
 * `location.path` is relative to `outDir` and points at `examples/<name>/dist/<component>.wasm`.
 */
export function exampleConfigTemplate(name: string, outDir: string): string {
  const dir = join(EXAMPLES_DIR, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'example.json'), 'utf8')) as ExampleManifest;
  const lines = [
    `# obelisk.toml for the bundled example "${name}": ${manifest.description}`,
    `# The components are the example's builds in ${join(dir, 'dist')}.`,
    '# Check it with `obelisk server verify -c <this file>`. docs/configuration.md describes every key.',
  ];
  for (const component of manifest.components) {
    const wasm = relative(outDir, join(dir, 'dist', `${component.name}.wasm`))
      .split(sep)
      .join('/');
    lines.push(
      '',
      `# Exports ${component.exports.join(', ')}.`,
      `[[${component.type}]]`,
      `name = "${component.name}"`,
      `location.path = ${JSON.stringify(wasm)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
