/**
 * Entry of an activity worker thread. It keeps the components it was sent (glue module and
 * compiled core modules, by digest) and runs one attempt at a time: a fresh instance with fresh
 * sandboxed WASI imports, one export call, then a `done` message with the outcome. Guest output
 * and HTTP denials are sent as they happen. A runaway attempt is stopped from outside by
 * terminating this thread.
 */
// First: it loads preview2-shim so that the shim's I/O thread starts only when an attempt needs it.
import './lazy-io-thread.js';
import { parentPort } from 'node:worker_threads';
import { createAttemptImports } from './attempt-imports.js';
import { setBeforeBlock } from './blocking-hook.js';
import { exportFunctionName, findInterfaceExport } from './export-names.js';
import { importGlue, instantiateComponent, type Instantiate } from './glue.js';
import { memoryPool, type LentMemory } from './memory-pool.js';
import { classifyThrown, type FinishedOutcome } from './outcome.js';
import { OutputSink } from './output-sink.js';
import {
  READY_MESSAGE,
  type AttemptRequest,
  type ComponentPayload,
  type FromWorker,
  type ToWorker,
} from './protocol.js';

interface LoadedComponent {
  readonly payload: ComponentPayload;
  glue?: Promise<Instantiate>;
}

const components = new Map<string, LoadedComponent>();
const port = parentPort;
if (port === null) {
  throw new Error('activity-worker.js must run in a worker thread');
}

function post(message: FromWorker): void {
  port?.postMessage(message);
}

async function instantiate(
  request: AttemptRequest,
  imports: Record<string, unknown>,
  lent: LentMemory[],
): Promise<Record<string, unknown>> {
  const component = components.get(request.digest);
  if (component === undefined) {
    throw new Error(`component ${request.digest} was not sent to this worker`);
  }
  component.glue ??= importGlue(component.payload);
  component.glue.catch(() => (component.glue = undefined));
  return instantiateComponent(await component.glue, component.payload, imports, lent);
}

async function callExport(request: AttemptRequest, instance: Record<string, unknown>): Promise<FinishedOutcome> {
  const target = findInterfaceExport(instance, request.interfaceName);
  const fn = target?.[exportFunctionName(request.functionName)];
  if (typeof fn !== 'function') {
    const message = `component ${request.digest} does not export function ${request.interfaceName}.${request.functionName}`;
    return { kind: 'trap', message };
  }
  try {
    const value: unknown = await (fn as (...args: unknown[]) => unknown)(...request.params);
    return { kind: 'ok', value };
  } catch (thrown) {
    return classifyThrown(thrown);
  }
}

async function runAttempt(attemptId: number, request: AttemptRequest, lent: LentMemory[]): Promise<FinishedOutcome> {
  const sink = new OutputSink({ emit: (stream, chunk) => post({ type: 'output', attemptId, stream, chunk }) });
  setBeforeBlock(() => sink.flush());
  try {
    const imports = createAttemptImports({
      env: request.env,
      allowedHosts: request.allowedHosts,
      sink,
      onHttpDenied: (message) => post({ type: 'log', attemptId, level: 'warn', message }),
    });
    return await callExport(request, await instantiate(request, imports, lent));
  } catch (thrown) {
    return classifyThrown(thrown);
  } finally {
    setBeforeBlock(undefined);
    sink.end();
  }
}

function postDone(attemptId: number, outcome: FinishedOutcome): void {
  try {
    post({ type: 'done', attemptId, outcome });
  } catch (error) {
    // The returned value cannot cross threads (e.g. a function or a resource handle).
    post({
      type: 'done',
      attemptId,
      outcome: { kind: 'trap', message: `the activity returned a value that cannot be transferred: ${String(error)}` },
    });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.component !== undefined && !components.has(message.component.digest)) {
    components.set(message.component.digest, { payload: message.component });
  }
  const lent: LentMemory[] = [];
  void runAttempt(message.attemptId, message.request, lent).then((outcome) => {
    postDone(message.attemptId, outcome);
    // The instance returned: its memories can serve the next attempt (zeroed, while the main
    // thread records this one). After a trap the instance is left alone.
    if (outcome.kind === 'ok' || outcome.kind === 'err') {
      memoryPool.giveBack(lent);
    }
  });
});

post(READY_MESSAGE);
