#!/usr/bin/env node
/**
 * A webhook endpoint and a cron entry on the bundled fibo example, end to end with the built CLI:
 * a project in a temp folder with the example's activity and workflow, an HTTP server, a
 * JavaScript webhook endpoint (`POST /fibo/:n` schedules `fiboa(n, 1)` and answers with the new
 * execution's ID; built by `obelisk build`) and a cron entry calling `fiboa(10, 1)` every 2 s
 * with `catch_up = "latest"`. It then
 *   1. POSTs to the endpoint and follows the returned ID to its result;
 *   2. after 10 s, reads `obelisk cron list` (at least 4 firings);
 *   3. stops the server for 10 s and starts it again: of the instants due at the restart, exactly
 *      one fires (the most recent, which may be the one due right then) and the server logs the
 *      others as skipped.
 *
 *   npm run build && node scripts/webhook-cron-demo.mjs
 *
 * Fails (exit code 1) unless every step shows what it should.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/free-port.mjs';

/* global fetch -- Node 20+ has fetch; the scripts config predates it */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OBELISK = join(ROOT, 'bin', 'obelisk.js');
const FIBOA = 'testing:fibo-workflow/workflow.fiboa';
const CRON_EVERY_S = 2;
const dir = mkdtempSync(join(tmpdir(), 'obelisk-webhook-cron-'));
let failed = false;

function step(text) {
  process.stdout.write(`\n== ${text}\n`);
}

function check(ok, text) {
  process.stdout.write(`${ok ? 'ok' : 'FAILED'}: ${text}\n`);
  failed ||= !ok;
}

let apiUrl = '';

function obelisk(...args) {
  const env = { ...process.env, OBELISK_API_URL: apiUrl };
  const result = spawnSync(process.execPath, [OBELISK, ...args], { cwd: dir, encoding: 'utf8', env });
  if (result.status !== 0) {
    throw new Error(`obelisk ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

/** Starts `obelisk server run`; resolves once its API listens. */
function startServer() {
  const child = spawn(process.execPath, [OBELISK, 'server', 'run'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (/obelisk server listening on http:\/\/\S+/.test(stderr)) {
        resolve({ child, stderr: () => stderr });
      }
    });
    child.on('exit', (code) => reject(new Error(`obelisk server run exited ${code}:\n${stderr}`)));
  });
}

async function stopServer(server) {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The time (ms) in an execution ID's ULID: for a cron firing, its scheduled instant. */
function instantOf(executionId) {
  return [...executionId.slice(2, 12)].reduce((ms, c) => ms * 32 + CROCKFORD.indexOf(c), 0);
}

/** The scheduled instants of the cron entry's firings, oldest first. */
function firings() {
  const { executions } = JSON.parse(obelisk('execution', 'list', '--json', '--limit', '1000'));
  return executions
    .filter((e) => e.ffqn === FIBOA && e.execution_id.startsWith('E_') && e.parent_id === null)
    .map((e) => ({ id: e.execution_id, at: instantOf(e.execution_id) }))
    .filter((e) => e.at % (CRON_EVERY_S * 1000) === 0)
    .sort((a, b) => a.at - b.at);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const api = await freePort();
  const hooks = await freePort();
  apiUrl = `http://127.0.0.1:${api}`;
  for (const name of ['activity', 'workflow']) {
    copyFileSync(join(ROOT, 'examples', 'fibo', 'dist', `${name}.wasm`), join(dir, `${name}.wasm`));
  }
  mkdirSync(join(dir, 'webhook', 'src'), { recursive: true });
  mkdirSync(join(dir, 'webhook', 'wit'), { recursive: true });
  writeFileSync(
    join(dir, 'webhook', 'wit', 'webhook.wit'),
    `package demo:webhook;

world webhook {
  import testing:fibo-workflow-obelisk-schedule/workflow;
  import wasi:cli/environment@0.2.10;
  export wasi:http/incoming-handler@0.2.10;
}
`,
  );
  writeFileSync(
    join(dir, 'webhook', 'src', 'webhook.js'),
    `import { fiboaSchedule } from 'testing:fibo-workflow-obelisk-schedule/workflow';
import { getEnvironment } from 'wasi:cli/environment@0.2.10';

addEventListener('fetch', (event) => {
  // The route parameter :n arrives as the environment variable n.
  const n = Number(Object.fromEntries(getEnvironment()).n);
  const { id } = fiboaSchedule({ tag: 'now' }, n, 1);
  event.respondWith(new Response(id, { status: 202 }));
});
`,
  );
  const config = (catchUp) => `[api]
listening_addr = "127.0.0.1:${api}"

[database.sqlite]
file = "data/obelisk.sqlite"

[[activity_wasm]]
name = "fibo"
location.path = "activity.wasm"

[[workflow]]
name = "workflow"
location.path = "workflow.wasm"

[[http_server]]
name = "public"
listening_addr = "127.0.0.1:${hooks}"

[[webhook_endpoint]]
name = "start-fibo"
location.path = "dist/webhook.wasm"
build = { js = "webhook/src/webhook.js", wit = "webhook/wit", world = "webhook" }
http_server = "public"
routes = ["POST /fibo/:n"]

[[cron]]
name = "fibo-every-2s"
ffqn = "${FIBOA}"
params = [10, 1]
every = { seconds = ${CRON_EVERY_S} }
catch_up = "${catchUp}"
`;
  writeFileSync(join(dir, 'obelisk.toml'), config('latest'));
  process.stdout.write(`project: ${dir}\n${config('latest')}`);

  step('obelisk build (generates wit/deps, builds the endpoint with ComponentizeJS)');
  process.stdout.write(obelisk('build'));

  step('obelisk server run; curl -X POST /fibo/10');
  let server = await startServer();
  const response = await fetch(`http://127.0.0.1:${hooks}/fibo/10`, { method: 'POST' });
  const id = (await response.text()).trim();
  process.stdout.write(`HTTP ${response.status}: ${id}\n`);
  const result = obelisk('execution', 'result', id, '--follow').trim();
  process.stdout.write(`obelisk execution result ${id} --follow: ${result}\n`);
  check(
    response.status === 202 && result === '{"ok":55}',
    'the endpoint answered with an ID whose result is fiboa(10) = 55',
  );

  step('10 s later: obelisk cron list');
  await sleep(10_000);
  process.stdout.write(obelisk('cron', 'list'));
  const { crons } = JSON.parse(obelisk('cron', 'list', '--json'));
  check((crons[0]?.firings ?? 0) >= 4, `${crons[0]?.firings} firings in about 10 s (at least 4)`);

  step('stopped for 10 s, then started again (catch_up = "latest")');
  await stopServer(server);
  const stoppedAt = Date.now();
  await sleep(10_000);
  process.stdout.write(`stopped ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s\n`);
  server = await startServer();
  // The first firing after the restart is the catch-up: the most recent instant due when the
  // scheduler started (it may be the one due right then). Wait for the one after it.
  let after = [];
  let lastBefore = 0;
  for (let waited = 0; waited < 20_000 && after.length < 2; waited += 500) {
    await sleep(500);
    const all = firings();
    lastBefore = Math.max(0, ...all.filter((f) => f.at <= stoppedAt).map((f) => f.at));
    after = all.filter((f) => f.at > stoppedAt);
  }
  const [caughtUp] = after;
  const skipped = /cron fibo-every-2s: (\d+) missed firing\(s\) skipped[^\n]*/.exec(server.stderr());
  process.stdout.write(`server log: ${skipped?.[0] ?? '(no skipped firings logged)'}\n`);
  process.stdout.write(
    `last firing before the stop: ${new Date(lastBefore).toISOString()}\n` +
      `firings after the restart: ${after.map((f) => new Date(f.at).toISOString()).join(', ')}\n` +
      `the catch-up: ${caughtUp?.id} at ${caughtUp === undefined ? '?' : new Date(caughtUp.at).toISOString()}\n`,
  );
  // Every instant from the one after the last firing before the stop up to the catch-up's is due
  // at the restart: one of them fires (the catch-up), the others are the skipped ones.
  const dueAtRestart = caughtUp === undefined ? 0 : (caughtUp.at - lastBefore) / (CRON_EVERY_S * 1000);
  check(
    caughtUp !== undefined && after.length >= 2 && Number(skipped?.[1]) === dueAtRestart - 1,
    `exactly one catch-up firing for the ${dueAtRestart} instants due at the restart (${skipped?.[1]} skipped)`,
  );
  process.stdout.write(obelisk('cron', 'list'));
  await stopServer(server);
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) {
  throw new Error('a step did not show what it should (see FAILED above)');
}
process.stdout.write('\nall steps showed what they should\n');
