/**
 * Entry of a workflow worker thread. For each run it builds a fresh instance whose imports
 * are the deterministic host (workflow-support, join sets, logging, linked functions,
 * deterministic WASI) over a {@link WorkflowState}, calls the exported function, closes the
 * join sets left open, and reports the outcome. Host calls that need the store block this
 * thread until the main thread answers (see `sync-channel.ts`).
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { ExecutionId, type LogLine, type LogLevel } from '../../concepts/index.js';
import { compileFunctionCodec, type FunctionCodec } from '../../../wit/codec/index.js';
import { interfaceFullName, type Resolve } from '../../../wit/model.js';
import { exportFunctionName, findInterfaceExport } from '../export-names.js';
import { LineSplitter } from '../log-lines.js';
import { classifyThrown } from '../outcome.js';
import { importGlue, instantiateComponent, type Instantiate } from '../glue.js';
import { memoryPool, type LentMemory } from '../memory-pool.js';
import { NondeterminismDetected, WorkflowSuspended } from './errors.js';
import { linkedImports } from './host/functions.js';
import { joinSetImports } from './host/join-set.js';
import { loggingImports } from './host/logging.js';
import { workflowSupportImports } from './host/workflow-support.js';
import type {
  FromWorkflowWorker,
  HostReply,
  HostRequest,
  RunOutcome,
  ToWorkflowWorker,
  WorkflowComponentPayload,
  WorkflowRunRequest,
} from './protocol.js';
import { SyncCaller } from './sync-channel.js';
import { wasiImports } from './wasi/index.js';
import { WorkflowState, type HostBackend } from './workflow-state.js';

interface Loaded {
  readonly payload: WorkflowComponentPayload;
  glue?: Promise<Instantiate>;
  readonly codecs: Map<string, FunctionCodec>;
}

const components = new Map<string, Loaded>();
let caller: SyncCaller<HostRequest, HostReply> | null = null;

const port = parentPort;
if (port === null) {
  throw new Error('workflow-worker.js must run in a worker thread');
}

function post(message: FromWorkflowWorker): void {
  port?.postMessage(message);
}

function call(request: HostRequest): HostReply {
  if (caller === null) {
    throw new Error('the workflow worker was not initialised');
  }
  const reply = caller.call(request);
  if (reply.type === 'suspend') {
    throw new WorkflowSuspended(reply.reason);
  }
  if (reply.type === 'error') {
    throw new Error(reply.message);
  }
  return reply;
}

const backend: HostBackend = {
  sync(request) {
    const reply = call({ type: 'sync', ...request });
    return reply.type === 'sync' ? reply.reply : unexpected(reply);
  },
  cancel(executions, delays) {
    call({ type: 'cancel', executions, delays });
  },
  resolveFunction(ffqn, paramsJson) {
    const reply = call({ type: 'resolve-function', ffqn, paramsJson });
    return reply.type === 'resolved' ? reply.resolved : unexpected(reply);
  },
  checkStub(executionId, resultJson) {
    const reply = call({ type: 'check-stub', executionId, resultJson });
    return reply.type === 'checked' ? reply.checked : unexpected(reply);
  },
};

function unexpected(reply: HostReply): never {
  throw new Error(`unexpected answer ${reply.type} from the main thread`);
}

function glueOf(loaded: Loaded): Promise<Instantiate> {
  loaded.glue ??= importGlue(loaded.payload);
  return loaded.glue;
}

/** The exported function's codec and jco names. */
function exportOf(loaded: Loaded, ffqn: string): { codec: FunctionCodec; interfaceName: string; functionName: string } {
  const resolve: Resolve = loaded.payload.resolve;
  for (const [id, iface] of resolve.interfaces.entries()) {
    if (iface.name === null || iface.package === null) {
      continue;
    }
    const interfaceName = interfaceFullName(resolve, id);
    if (!ffqn.startsWith(`${interfaceName}.`)) {
      continue;
    }
    const functionName = ffqn.slice(interfaceName.length + 1);
    const func = iface.functions.get(functionName);
    if (func !== undefined) {
      let codec = loaded.codecs.get(ffqn);
      if (codec === undefined) {
        codec = compileFunctionCodec(resolve, func);
        loaded.codecs.set(ffqn, codec);
      }
      return { codec, interfaceName, functionName };
    }
  }
  throw new Error(`the workflow component does not export ${ffqn}`);
}

/** Guest output and logging records of one run, kept only once the run is past its replay. */
class LogCapture {
  readonly #splitter = new LineSplitter();
  readonly #decoder = new TextDecoder();
  #lines: LogLine[] = [];

  constructor(
    private readonly runId: number,
    private readonly state: () => WorkflowState | null,
  ) {}

  write(stream: 'stdout' | 'stderr', bytes: Uint8Array): void {
    for (const message of this.#splitter.push(stream, this.#decoder.decode(bytes, { stream: true }))) {
      this.#add({ type: 'stream', stream, message });
    }
  }

  log(level: LogLevel, context: string, message: string): void {
    this.#add({ type: 'log', level, context, message });
  }

  flush(): void {
    for (const { stream, line } of this.#splitter.flush()) {
      this.#add({ type: 'stream', stream, message: line });
    }
    if (this.#lines.length > 0) {
      post({ type: 'logs', runId: this.runId, lines: this.#lines });
      this.#lines = [];
    }
  }

  #add(line: LogLine): void {
    if (this.state()?.replaying !== true) {
      this.#lines.push(line);
    }
  }
}

async function run(runId: number, request: WorkflowRunRequest, lent: LentMemory[]): Promise<RunOutcome> {
  const loaded = components.get(request.digest);
  if (loaded === undefined) {
    return { kind: 'trap', message: `component ${request.digest} was not sent to this worker` };
  }
  let state: WorkflowState | null = null;
  const logs = new LogCapture(runId, () => state);
  try {
    const current = new WorkflowState({
      executionId: ExecutionId.parse(request.executionId),
      seed: request.seed,
      createdAt: request.createdAt,
      events: request.events,
      responses: request.responses,
      backend,
    });
    state = current;
    const target = exportOf(loaded, request.ffqn);
    const ctx = {
      state: current,
      resolve: loaded.payload.resolve,
      log: (level: LogLevel, context: string, message: string) => logs.log(level, context, message),
    };
    const imports = {
      ...wasiImports({
        now: () => current.time,
        random: current.random,
        write: (stream, bytes) => logs.write(stream, bytes),
      }),
      ...joinSetImports(),
      ...workflowSupportImports(ctx),
      ...loggingImports(ctx),
      ...linkedImports(ctx, loaded.payload.plan.functions),
    };
    const instance = await instantiate(loaded, imports, lent);
    post({ type: 'instantiated', runId });
    const fn = findInterfaceExport(instance, target.interfaceName)?.[exportFunctionName(target.functionName)];
    if (typeof fn !== 'function') {
      return { kind: 'trap', message: `the instance does not export ${request.ffqn}` };
    }
    const args = target.codec.paramsToJs(target.codec.paramsFromJson(request.params));
    const returned = await callGuest(fn as (...args: unknown[]) => unknown, args);
    if (returned.kind === 'trap') {
      return returned;
    }
    const resultJson = target.codec.resultToJson(
      target.codec.resultFromJs({ tag: returned.kind, val: returned.value }),
    ) as Record<string, unknown>;
    current.closeAll();
    current.assertHistoryConsumed();
    const value = (returned.kind === 'ok' ? resultJson['ok'] : resultJson['err']) ?? null;
    return { kind: 'finished', events: current.takePending(), result: { kind: returned.kind, value: value as never } };
  } catch (thrown: unknown) {
    return outcomeOfThrown(thrown);
  } finally {
    logs.flush();
  }
}

async function instantiate(
  loaded: Loaded,
  imports: Record<string, unknown>,
  lent: LentMemory[],
): Promise<Record<string, unknown>> {
  return instantiateComponent(await glueOf(loaded), loaded.payload, imports, lent);
}

type GuestReturn = { kind: 'ok' | 'err'; value: unknown } | (RunOutcome & { kind: 'trap' });

/** Calls the export; host-owned errors (suspension, nondeterminism) are rethrown, guest `err`s and traps returned. */
async function callGuest(fn: (...args: unknown[]) => unknown, args: readonly unknown[]): Promise<GuestReturn> {
  try {
    return { kind: 'ok', value: await fn(...args) };
  } catch (thrown: unknown) {
    if (thrown instanceof WorkflowSuspended || thrown instanceof NondeterminismDetected) {
      throw thrown;
    }
    const classified = classifyThrown(thrown);
    return classified.kind === 'err'
      ? { kind: 'err', value: classified.value }
      : { kind: 'trap', message: classified.message, stack: classified.stack };
  }
}

function outcomeOfThrown(thrown: unknown): RunOutcome {
  if (thrown instanceof WorkflowSuspended) {
    return { kind: 'suspended', reason: thrown.reason };
  }
  if (thrown instanceof NondeterminismDetected) {
    return { kind: 'nondeterminism', report: thrown.report };
  }
  const message = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  return { kind: 'trap', message, stack: thrown instanceof Error ? thrown.stack : undefined };
}

function init(signalPort: MessagePort, signal: SharedArrayBuffer): void {
  caller = new SyncCaller<HostRequest, HostReply>(signalPort, signal);
}

port.on('message', (message: ToWorkflowWorker) => {
  if (message.type === 'init') {
    init(message.port, message.signal);
    return;
  }
  if (message.component !== undefined && !components.has(message.component.digest)) {
    components.set(message.component.digest, { payload: message.component, codecs: new Map() });
  }
  const lent: LentMemory[] = [];
  void run(message.runId, message.request, lent).then((outcome) => {
    post({ type: 'done', runId: message.runId, outcome });
    // The guest returned or was unwound by a suspension: its memories can serve the next run.
    if (outcome.kind === 'finished' || outcome.kind === 'suspended') {
      memoryPool.giveBack(lent);
    }
  });
});

post({ type: 'ready' });
