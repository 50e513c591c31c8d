/**
 * Engines for the workflow tests: WAT activities and workflows on an in-memory libSQL store,
 * with the blocking strategy and the "replay after every step" switch as parameters, so the
 * whole suite runs in each mode.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import {
  createEngine,
  openLibsqlStore,
  type Clock,
  type Engine,
  type FinishedResult,
  type Store,
  type WorkflowConfig,
} from '../../../src/engine/index.js';
import { buildWatActivity, type WatActivityName } from '../../fixtures/wat/activities.js';
import { buildWatWorkflow, type WatWorkflowName } from '../../fixtures/wat/workflows.js';
import { TEST_CODEGEN_DIR } from '../../helpers/components.js';
import { makeTempDir } from '../../helpers/tmp.js';

export interface Mode {
  readonly name: string;
  readonly blockingStrategy: 'await' | 'interrupt';
  readonly alwaysReplay: boolean;
}

export const MODES: readonly Mode[] = [
  { name: 'await', blockingStrategy: 'await', alwaysReplay: false },
  { name: 'interrupt', blockingStrategy: 'interrupt', alwaysReplay: false },
  { name: 'replay after every step', blockingStrategy: 'await', alwaysReplay: true },
];

export const APPROVAL_STUB_WIT = `package testing:stubs@1.0.0;
interface approval { approve: func(id: u32) -> result<string>; }
`;

/** A component given by its bytes (e.g. a ComponentizeJS fixture). */
export interface ComponentBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface WorkflowEngineSpec {
  readonly mode: Mode;
  readonly activities?: readonly (WatActivityName | ComponentBytes)[];
  readonly workflows: readonly (WatWorkflowName | ComponentBytes)[];
  readonly stubs?: boolean;
  readonly clock?: Clock;
  readonly maxWorkflowThreads?: number;
  readonly maxWorkers?: number;
  readonly workflowOverrides?: Partial<WorkflowConfig>;
  /** Wraps the store the engine uses (e.g. to inject faults); the harness still closes the original. */
  readonly wrapStore?: (store: Store) => Store;
}

export interface WorkflowHarness {
  readonly engine: Engine;
  readonly store: Store;
  /** Submits and waits (real time) for the result. */
  run(ffqn: string, params: unknown[]): Promise<{ executionId: string; result: FinishedResult | null }>;
}

const open: WorkflowHarness[] = [];

/** Opens the store of one engine; default a private in-memory libSQL database. */
export type StoreOpener = (clock: Clock | undefined) => Promise<Store>;
let openStore: StoreOpener = (clock) =>
  openLibsqlStore({ path: ':memory:', ...(clock === undefined ? {} : { clock }) });

/** Runs the suites that import this harness on another backend (e.g. PostgreSQL). */
export function setWorkflowStore(opener: StoreOpener): void {
  openStore = opener;
}

afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.engine.stop(0);
    await h.store.close();
  }
});

export async function workflowEngine(spec: WorkflowEngineSpec): Promise<WorkflowHarness> {
  const store = await openStore(spec.clock);
  const dir = makeTempDir('obelisk-wf-');
  const exec = { tickSleepMs: 10 };
  const activities = await Promise.all(
    (spec.activities ?? ['ok']).map(async (a) => ({
      ...(typeof a === 'string' ? { name: a, bytes: await buildWatActivity(a) } : a),
      exec,
      retryExpBackoffMs: 10,
    })),
  );
  const workflows = await Promise.all(
    spec.workflows.map(async (w) => ({
      ...(typeof w === 'string' ? { name: w, bytes: await buildWatWorkflow(w) } : w),
      exec,
      blockingStrategy: spec.mode.blockingStrategy,
      alwaysReplay: spec.mode.alwaysReplay,
      ...spec.workflowOverrides,
    })),
  );
  let stubs: { name: string; wit: string }[] = [];
  if (spec.stubs === true) {
    const wit = join(dir, 'approval.wit');
    writeFileSync(wit, APPROVAL_STUB_WIT);
    stubs = [{ name: 'approval', wit }];
  }
  const engine = await createEngine({
    store: spec.wrapStore?.(store) ?? store,
    clock: spec.clock,
    codegenCacheDir: TEST_CODEGEN_DIR,
    maxWorkers: spec.maxWorkers ?? 2,
    maxWorkflowThreads: spec.maxWorkflowThreads ?? 4,
    activities,
    workflows,
    stubs,
    watcher: { tickSleepMs: 10, leewayMs: 0 },
    logger:
      process.env['WF_DEBUG'] === undefined
        ? undefined
        : { debug: console.log, info: console.log, warn: console.log, error: console.log },
  });
  const harness: WorkflowHarness = {
    engine,
    store,
    async run(ffqn, params) {
      const { executionId } = await engine.submit(ffqn, params);
      return { executionId, result: await engine.awaitResult(executionId, { timeoutMs: 30_000 }) };
    },
  };
  open.push(harness);
  return harness;
}

export { eventually } from '../../helpers/eventually.js';

/** The history event types of an execution, e.g. `join-set-create`, `join-next`. */
export async function historyTypes(engine: Engine, executionId: string): Promise<string[]> {
  return (await engine.getEvents(executionId)).flatMap((record) =>
    record.event.type === 'history' ? [record.event.event.type] : [],
  );
}
