// The webhook endpoint: every request obelisk routes here runs in a fresh instance and is
// recorded as an execution (its ID is in the `obelisk-execution-id` header of the request and of
// the response). Its routes are in obelisk.toml:
// - POST /start/:n   schedules `countdown(n)` and answers 202 with the new execution's ID at once;
// - GET /status/:id  answers with where execution `id` stands, and its result once finished.
import { countdownSchedule } from '{{namespace}}:{{pkg}}-workflow-obelisk-schedule/countdown';
import { getStatus, tryGet } from 'obelisk:webhook/webhook-support@1.0.0';
import { getEnvironment } from 'wasi:cli/environment@0.2.10';

addEventListener('fetch', (event) => event.respondWith(handle(event.request)));

function json(value, status = 200) {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
}

function handle(request) {
  // Route parameters are environment variables named after them.
  const env = Object.fromEntries(getEnvironment());
  const { pathname } = new URL(request.url);
  if (pathname.startsWith('/start/')) {
    const n = Number(env.n);
    if (!Number.isInteger(n) || n < 0) {
      return json({ error: `expected a whole number of steps, got ${env.n}` }, 400);
    }
    // A new top-level execution, due now (`{ tag: 'in', val: { tag: 'seconds', val: 5n } }`: later).
    const { id } = countdownSchedule({ tag: 'now' }, n);
    return json({ id }, 202);
  }
  return status(env.id);
}

// A WIT `result` import returns its `ok` value and throws its `err` value, in `payload`.
function status(id) {
  let state;
  try {
    state = getStatus({ id });
  } catch (error) {
    const reason = error.payload;
    if (reason?.tag === 'not-found') {
      return json({ error: `no execution ${id}` }, 404);
    }
    return json({ error: reason?.tag === 'invalid-execution-id' ? reason.val : String(error) }, 400);
  }
  if (state.tag !== 'finished') {
    return json({ id, status: state.tag });
  }
  try {
    // The workflow's return value as JSON, e.g. {"ok":"counted down from 3"}.
    return json({ id, status: 'finished', result: JSON.parse(tryGet({ id })) });
  } catch (error) {
    return json({ id, status: 'finished', failure: error.payload?.val?.kind ?? String(error) });
  }
}
