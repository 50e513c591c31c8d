/**
 * The engine's set of components, by name: loading them, and reloading them while the engine
 * runs (`obelisk dev`). A component whose bytes did not change is kept; a changed one is
 * loaded as a new version (new submissions use it, running executions keep their version);
 * one that fails to load is reported and, when isolating failures, does not stop the others.
 * A replaced or removed version is retired: it stays loaded until none of its executions is
 * unfinished, then {@link ComponentSet.sweep} unloads it from the registry and the runtimes.
 */
import { ComponentDigest, type ExecutionId } from '../concepts/index.js';
import { ComponentLoadError, type LoadedComponent } from '../components/registry.js';
import type { ChildClaim, Executor } from '../executor/index.js';
import type { NewChild } from '../storage/index.js';
import { contentDigest } from '../runtime/index.js';
import type { ActivityConfig, StubActivityConfig, WorkflowConfig } from './config.js';
import { cancelExecution, type CancelOutcome } from './cancel.js';
import { describeStub, describeWorkflow, loadActivity, prepareWorkflow, type LoadContext } from './load.js';

export interface ComponentsSpec {
  readonly activities?: readonly ActivityConfig[] | undefined;
  readonly stubs?: readonly StubActivityConfig[] | undefined;
  readonly workflows?: readonly WorkflowConfig[] | undefined;
}

export interface ReloadReport {
  /** Components loaded (new, or a new version). */
  readonly loaded: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
  readonly failed: readonly { readonly name: string; readonly error: Error }[];
}

interface Entry {
  readonly digest: string;
  readonly executor: Executor | null;
}

/** How often a started set looks for retired versions it can unload. */
const SWEEP_INTERVAL_MS = 1_000;

export class ComponentSet {
  readonly #ctx: LoadContext;
  readonly #entries = new Map<string, Entry>();
  /** Versions replaced or removed whose executions may still be running. */
  readonly #retired = new Set<ComponentDigest>();
  #sweeping: Promise<void> | null = null;
  #turn: Promise<unknown> = Promise.resolve();
  #timer: ReturnType<typeof setInterval> | null = null;
  #started = false;

  /**
   * `deps` is everything a component needs to load; the set adds cancellation itself, because
   * cancelling needs the executors it owns (workflows cancel their children through it).
   */
  constructor(deps: Omit<LoadContext, 'cancelExecution' | 'claimChild'>) {
    this.#ctx = {
      ...deps,
      cancelExecution: async (id) => void (await this.cancel(id)),
      claimChild: (child) => this.#claimChild(child),
    };
  }

  /** Room for a new child in the executor of its component version, when that version is current here. */
  #claimChild(child: NewChild): ChildClaim | null {
    for (const entry of this.#entries.values()) {
      if (entry.digest === child.componentDigest && entry.executor !== null) {
        return entry.executor.claimChild(child);
      }
    }
    return null;
  }

  /** Cancels an execution: see {@link cancelExecution}; an attempt running here is stopped. */
  cancel(id: ExecutionId): Promise<CancelOutcome> {
    const { store, clock, registry } = this.#ctx;
    return cancelExecution({ store, clock, registry, executors: this.executors() }, id);
  }

  executors(): Executor[] {
    return [...this.#entries.values()].flatMap((entry) => (entry.executor === null ? [] : [entry.executor]));
  }

  start(): void {
    this.#started = true;
    this.executors().forEach((executor) => executor.start());
    this.#timer = setInterval(() => {
      if (this.#retired.size > 0) {
        this.sweep().catch((error: unknown) =>
          this.#ctx.logger.warn('could not unload retired component versions', { error: String(error) }),
        );
      }
    }, SWEEP_INTERVAL_MS);
    this.#timer.unref();
  }

  async stop(graceMs: number): Promise<void> {
    this.#started = false;
    if (this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
    await Promise.all(this.executors().map((executor) => executor.stop(graceMs)));
    await this.#turn;
  }

  /** How many retired versions are still loaded. */
  get retiredCount(): number {
    return this.#retired.size;
  }

  /** Unloads every retired version none of whose executions is unfinished. */
  sweep(): Promise<void> {
    this.#sweeping ??= this.#exclusive(() => this.#sweep()).finally(() => {
      this.#sweeping = null;
    });
    return this.#sweeping;
  }

  /** Runs `work` after every earlier apply or sweep settled, so that none sees the other half done. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#turn.then(work, work);
    this.#turn = run.catch(() => undefined);
    return run;
  }

  async #sweep(): Promise<void> {
    const current = new Set([...this.#entries.values()].map((entry) => entry.digest));
    for (const digest of [...this.#retired]) {
      if (current.has(digest)) {
        this.#retired.delete(digest); // Loaded again as the current version.
        continue;
      }
      if (await this.#ctx.store.hasUnfinishedExecutions(digest)) {
        continue;
      }
      this.#retired.delete(digest);
      this.#ctx.registry.forget(digest);
      this.#ctx.activityRuntime.unload(digest);
      this.#ctx.workflowRuntime.unload(digest);
      this.#ctx.logger.debug(`unloaded component version ${digest}: none of its executions is unfinished`, { digest });
    }
  }

  /** Brings the set to `spec`. Without `isolate`, any failure throws (after trying every component). */
  apply(spec: ComponentsSpec, isolate: boolean): Promise<ReloadReport> {
    return this.#exclusive(() => this.#apply(spec, isolate));
  }

  async #apply(spec: ComponentsSpec, isolate: boolean): Promise<ReloadReport> {
    const report = {
      loaded: [] as string[],
      unchanged: [] as string[],
      removed: [] as string[],
      failed: [] as { name: string; error: Error }[],
    };
    const attempt = async (name: string, digest: string, load: () => Promise<Executor | null>): Promise<void> => {
      if (this.#entries.get(name)?.digest === digest) {
        report.unchanged.push(name);
        return;
      }
      try {
        this.#replace(name, digest, await load());
        report.loaded.push(name);
      } catch (error: unknown) {
        report.failed.push({ name, error: error instanceof Error ? error : new Error(String(error)) });
      }
    };
    for (const activity of spec.activities ?? []) {
      await attempt(activity.name, contentDigest(activity.bytes), () => loadActivity(activity, this.#ctx));
    }
    for (const stub of spec.stubs ?? []) {
      let component: LoadedComponent;
      try {
        component = describeStub(stub);
      } catch (error: unknown) {
        report.failed.push({ name: stub.name, error: error instanceof Error ? error : new Error(String(error)) });
        continue;
      }
      await attempt(stub.name, component.digest, () => {
        this.#ctx.registry.add(component);
        return Promise.resolve(null);
      });
    }
    await this.#applyWorkflows(spec.workflows ?? [], attempt, report.failed);
    this.#removeMissing(spec, report.removed);
    if (!isolate && report.failed.length > 0) {
      throw combine(report.failed);
    }
    return report;
  }

  async #applyWorkflows(
    workflows: readonly WorkflowConfig[],
    attempt: (name: string, digest: string, load: () => Promise<Executor | null>) => Promise<void>,
    failed: { name: string; error: Error }[],
  ): Promise<void> {
    const changed: { config: WorkflowConfig; component: LoadedComponent; previous: LoadedComponent | undefined }[] = [];
    for (const config of workflows) {
      if (this.#entries.get(config.name)?.digest === contentDigest(config.bytes)) {
        await attempt(config.name, contentDigest(config.bytes), () => Promise.resolve(null));
        continue;
      }
      try {
        const component = describeWorkflow(config);
        const previous = this.#ctx.registry.named(config.name);
        this.#ctx.registry.add(component);
        changed.push({ config, component, previous });
      } catch (error: unknown) {
        failed.push({ name: config.name, error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
    for (const { config, component, previous } of changed) {
      const before = failed.length;
      await attempt(config.name, component.digest, () => prepareWorkflow(config, component, this.#ctx));
      if (failed.length > before) {
        // Keep offering the previous version (if any) rather than a component that cannot run.
        this.#ctx.registry.remove(config.name);
        if (previous !== undefined) {
          this.#ctx.registry.add(previous);
        }
      }
    }
  }

  #replace(name: string, digest: string, executor: Executor | null): void {
    const previous = this.#entries.get(name);
    this.#entries.set(name, { digest, executor });
    if (previous !== undefined && previous.digest !== digest) {
      this.#retired.add(ComponentDigest.parse(previous.digest));
    }
    if (this.#started) {
      executor?.start();
    }
    void previous?.executor?.stop();
  }

  #removeMissing(spec: ComponentsSpec, removed: string[]): void {
    const wanted = new Set(
      [...(spec.activities ?? []), ...(spec.stubs ?? []), ...(spec.workflows ?? [])].map((c) => c.name),
    );
    for (const [name, entry] of this.#entries) {
      if (!wanted.has(name)) {
        this.#entries.delete(name);
        this.#ctx.registry.remove(name);
        this.#retired.add(ComponentDigest.parse(entry.digest));
        void entry.executor?.stop();
        removed.push(name);
      }
    }
  }
}

function combine(failed: readonly { name: string; error: Error }[]): Error {
  if (failed.length === 1 && failed[0] !== undefined) {
    return failed[0].error;
  }
  const problems = failed.flatMap(({ name, error }) =>
    error instanceof ComponentLoadError ? error.problems.map((p) => `${name}: ${p}`) : [`${name}: ${error.message}`],
  );
  return new ComponentLoadError(`${failed.length} components`, problems);
}
