/**
 * The executor's {@link Worker} for activities: decodes the JSON parameters with the
 * function's codec, runs one attempt in the {@link ActivityRuntime}, captures the guest's
 * output, and turns the outcome back into JSON (telling permanent `err`s apart).
 */
import type { Clock } from '../concepts/index.js';
import type { ExportedFunction } from '../components/registry.js';
import type { AttemptContext, AttemptOutcome, EngineLogger, Worker } from '../executor/index.js';
import type { WorkerStore } from '../storage/index.js';
import { ValueError, type WitValue } from '../../wit/codec/index.js';
import type { ActivityRuntime } from './activity-runtime.js';
import type { AllowedHost } from './allowed-hosts.js';
import type { ContentDigest } from './digest.js';
import { GuestOutput, type OutputForwarding } from './log-lines.js';

/** Where guest stdout / stderr lines go. */
export interface ActivityWorkerOptions {
  readonly runtime: ActivityRuntime;
  readonly store: WorkerStore;
  readonly clock: Clock;
  readonly logger: EngineLogger;
  /** Finds the function of an execution: its FFQN in the component version it runs on. */
  readonly lookup: (digest: string, ffqn: string) => ExportedFunction | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly allowedHosts: readonly AllowedHost[];
  /** A backstop for the runtime; the executor enforces `max_duration` itself. */
  readonly maxDurationMs: number;
  readonly output: OutputForwarding;
}

export class ActivityExecutorWorker implements Worker {
  readonly #options: ActivityWorkerOptions;

  constructor(options: ActivityWorkerOptions) {
    this.#options = options;
  }

  capacity(): number {
    const stats = this.#options.runtime.stats();
    return Math.max(0, stats.size - stats.busy - stats.queued);
  }

  async run(ctx: AttemptContext): Promise<AttemptOutcome> {
    const { execution } = ctx;
    const fn = this.#options.lookup(execution.componentDigest, execution.ffqn);
    if (fn === undefined) {
      return { kind: 'trap', reason: `no loaded component exports ${execution.ffqn}` };
    }
    let params: unknown[];
    try {
      params = fn.codec.paramsToJs(fn.codec.paramsFromJson(execution.params));
    } catch (error: unknown) {
      return { kind: 'trap', reason: 'stored parameters do not match the function signature', detail: String(error) };
    }
    const { store, logger, clock, output } = this.#options;
    const capture = new GuestOutput({
      executionId: execution.executionId,
      runId: execution.runId,
      output,
      store,
      logger,
      clock,
    });
    const outcome = await this.#options.runtime.runAttempt({
      // The version that exports it here: the execution's own, or the current one when that is not loaded.
      digest: fn.component.digest as ContentDigest,
      interfaceName: fn.interfaceName,
      functionName: fn.functionName,
      params,
      env: this.#options.env,
      allowedHosts: this.#options.allowedHosts,
      maxDurationMs: this.#options.maxDurationMs,
      signal: ctx.signal,
      onOutput: (stream, chunk) => capture.push(stream, chunk),
    });
    await capture.flush();
    switch (outcome.kind) {
      case 'ok':
        return convertResult(fn, { tag: 'ok', val: outcome.value });
      case 'err':
        return convertResult(fn, { tag: 'err', val: outcome.value });
      case 'trap':
        return { kind: 'trap', reason: outcome.message, detail: outcome.stack };
      case 'timeout':
        return { kind: 'trap', reason: 'the attempt exceeded its maximum duration' };
      case 'cancelled':
        return { kind: 'trap', reason: 'the attempt was cancelled' };
    }
  }
}

/** Converts the JS result of a `result`-returning export to an outcome with JSON payloads. */
function convertResult(fn: ExportedFunction, js: { tag: 'ok' | 'err'; val: unknown }): AttemptOutcome {
  let value: WitValue | undefined;
  try {
    value = fn.codec.resultFromJs(js);
  } catch (error: unknown) {
    const detail = error instanceof ValueError ? error.message : String(error);
    return { kind: 'trap', reason: 'the activity returned a value that does not match its return type', detail };
  }
  const json = fn.codec.resultToJson(value);
  const payload =
    json !== null && typeof json === 'object' && !Array.isArray(json)
      ? js.tag === 'ok'
        ? json['ok']
        : json['err']
      : null;
  if (js.tag === 'ok') {
    return { kind: 'ok', value: payload ?? null };
  }
  return { kind: 'err', value: payload ?? null, permanent: isPermanent(value) };
}

/** An `err` whose variant case name contains `permanent` must not be retried. */
function isPermanent(value: WitValue | undefined): boolean {
  if (value === null || typeof value !== 'object' || !('err' in value)) {
    return false;
  }
  const err = value.err;
  return (
    err !== null &&
    typeof err === 'object' &&
    'case' in err &&
    typeof err.case === 'string' &&
    err.case.includes('permanent')
  );
}
