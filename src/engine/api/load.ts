/**
 * Loading components into an engine: decoding their types into the registry, preparing
 * them in a runtime, and building one executor per runnable component. Workflows are
 * linked after every component is registered, since they may call each other.
 */
import { ComponentDigest, type Clock, type ExecutionId, type ExecutorId, type Ffqn } from '../concepts/index.js';
import {
  ComponentKind,
  ComponentLoadError,
  type ComponentRegistry,
  describeComponent,
  loadComponentTypes,
  type LoadedComponent,
} from '../components/registry.js';
import { Executor, type ChildClaim, type EngineLogger, type StorageFaults, type Worker } from '../executor/index.js';
import { ActivityExecutorWorker } from '../runtime/activity-executor-worker.js';
import { contentDigest, type ActivityRuntime } from '../runtime/index.js';
import { linkWorkflow } from '../runtime/workflow/link.js';
import { WorkflowExecutorWorker } from '../runtime/workflow/workflow-executor-worker.js';
import type { WorkflowRuntime } from '../runtime/workflow/workflow-runtime.js';
import type { NewChild, PendingFilter, Store } from '../storage/index.js';
import { loadWit } from '../../wit/load.js';
import { printResolve } from '../../wit/print.js';
import { interfaceFullName, type World } from '../../wit/model.js';
import {
  ACTIVITY_DEFAULTS,
  DEFAULT_EXEC,
  WORKFLOW_DEFAULTS,
  type ActivityConfig,
  type ExecConfig,
  type StubActivityConfig,
  type WorkflowConfig,
} from './config.js';

export interface LoadContext {
  readonly registry: ComponentRegistry;
  readonly activityRuntime: ActivityRuntime;
  readonly workflowRuntime: WorkflowRuntime;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: EngineLogger;
  /** Shared by every executor and the watcher, so a storage outage is logged once. */
  readonly faults: StorageFaults;
  readonly executorId: ExecutorId;
  /** No other process uses the store: executions are locked whatever version they ran (see `EngineOptions.exclusiveStore`). */
  readonly exclusiveStore: boolean;
  readonly cancelExecution: (executionId: ExecutionId) => Promise<void>;
  /** Room for a child a workflow step creates, in the executor of its component version here (see `Executor.claimChild`). */
  readonly claimChild: (child: NewChild) => ChildClaim | null;
}

export async function loadActivity(config: ActivityConfig, ctx: LoadContext): Promise<Executor> {
  const digest = ComponentDigest.parse(contentDigest(config.bytes));
  const component = loadComponentTypes(config.name, ComponentKind.activityWasm, digest, config.bytes);
  await ctx.activityRuntime.load(config.bytes);
  ctx.registry.add(component);
  const maxDurationMs = config.maxDurationMs ?? ACTIVITY_DEFAULTS.maxDurationMs;
  const worker = new ActivityExecutorWorker({
    runtime: ctx.activityRuntime,
    store: ctx.store,
    clock: ctx.clock,
    logger: ctx.logger,
    lookup: (digest, ffqn) => ctx.registry.functionOf(digest as never, ffqn as never),
    env: config.envVars ?? {},
    allowedHosts: config.allowedHosts ?? [],
    // The executor stops attempts at max_duration; the runtime's own limit is a backstop.
    maxDurationMs: maxDurationMs * 2 + 1000,
    output: { store: config.storeOutput ?? true, log: config.forwardOutput ?? false },
  });
  return new Executor({
    ...executorBase(config.name, config.exec, [...component.exports.keys()], worker, ctx),
    maxDurationMs,
    policy: {
      retry: {
        maxRetries: config.maxRetries ?? ACTIVITY_DEFAULTS.maxRetries,
        backoffMs: config.retryExpBackoffMs ?? ACTIVITY_DEFAULTS.retryExpBackoffMs,
        jitter: config.retryJitter,
      },
      retryTraps: true,
      retryErrs: true,
    },
    // Activity attempts may run again after a crash anyway, so they start while their locks are committed.
    startBeforeDurable: true,
    adoptsChildren: true,
    logger: ctx.logger,
  });
}

/** Describes a stub activity (WIT only, its executions are finished from outside); the caller registers it. */
export function describeStub(config: StubActivityConfig): LoadedComponent {
  const resolve = loadWit(config.wit);
  const root = resolve.packages.length - 1;
  const pkg = resolve.packages[root];
  if (pkg === undefined) {
    throw new ComponentLoadError(config.name, [`${config.wit} defines no package`]);
  }
  const exports: World['exports'] = new Map();
  for (const id of pkg.interfaces.values()) {
    exports.set(interfaceFullName(resolve, id), { tag: 'interface', id, named: false, stability: { tag: 'unknown' } });
  }
  const world: World = {
    name: 'stub',
    package: root,
    docs: {},
    stability: { tag: 'unknown' },
    imports: new Map(),
    exports,
    includes: [],
  };
  const digest = ComponentDigest.parse(contentDigest(new TextEncoder().encode(printResolve(resolve))));
  return describeComponent(config.name, ComponentKind.activityStub, digest, resolve, world);
}

/** Decodes a workflow's types; the caller registers it before linking, since workflows may call each other. */
export function describeWorkflow(config: WorkflowConfig): LoadedComponent {
  const digest = ComponentDigest.parse(contentDigest(config.bytes));
  return loadComponentTypes(config.name, ComponentKind.workflow, digest, config.bytes);
}

/** Links a registered workflow, prepares it in the runtime and builds its executor; reports all problems at once. */
export async function prepareWorkflow(
  config: WorkflowConfig,
  component: LoadedComponent,
  ctx: LoadContext,
): Promise<Executor> {
  const linked = linkWorkflow(component, ctx.registry);
  if (!linked.ok) {
    throw new ComponentLoadError(config.name, linked.problems);
  }
  await ctx.workflowRuntime.load(config.bytes, component.resolve, linked.plan);
  return workflowExecutor(config, [...component.exports.keys()], ctx);
}

function workflowExecutor(config: WorkflowConfig, ffqns: readonly string[], ctx: LoadContext): Executor {
  const worker = new WorkflowExecutorWorker({
    runtime: ctx.workflowRuntime,
    store: ctx.store,
    clock: ctx.clock,
    registry: ctx.registry,
    logger: ctx.logger,
    strategy: config.blockingStrategy ?? 'await',
    awaitTimeoutMs: config.awaitTimeoutMs ?? WORKFLOW_DEFAULTS.awaitTimeoutMs,
    alwaysReplay: config.alwaysReplay ?? false,
    cancelExecution: ctx.cancelExecution,
    claimChild: ctx.claimChild,
  });
  return new Executor({
    ...executorBase(config.name, config.exec, ffqns, worker, ctx),
    maxDurationMs: null,
    policy: {
      retry: { maxRetries: null, backoffMs: config.retryExpBackoffMs ?? WORKFLOW_DEFAULTS.retryExpBackoffMs },
      retryTraps: false,
      retryErrs: false,
    },
    withHistory: true,
    // A child workflow created locked is started without its history; the worker reads it.
    adoptsChildren: true,
    logger: ctx.logger,
  });
}

/** The executor options every component kind shares: identity, what it serves, and its tick settings. */
function executorBase(
  name: string,
  execConfig: Partial<ExecConfig> | undefined,
  ffqns: readonly string[],
  worker: Worker,
  ctx: LoadContext,
) {
  const exec = { ...DEFAULT_EXEC, ...execConfig };
  const filter: PendingFilter = exec.queue === undefined ? { ffqns: ffqns as readonly Ffqn[] } : { queue: exec.queue };
  return {
    name,
    store: ctx.store,
    clock: ctx.clock,
    worker,
    executorId: ctx.executorId,
    filter,
    batchSize: exec.batchSize,
    lockExpiryMs: exec.lockExpiryMs,
    tickSleepMs: exec.tickSleepMs,
    faults: ctx.faults,
    servedDigests: ctx.exclusiveStore ? undefined : () => ctx.registry.digests(),
  };
}
