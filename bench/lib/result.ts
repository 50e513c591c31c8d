/** The one-line JSON result every scenario prints. */
import { median, percentile, round } from './stats.js';

export type SyncMode = 'full' | 'normal';

export interface BenchResult {
  readonly engine: 'obelisk';
  readonly workload: string;
  readonly params: Record<string, unknown>;
  readonly reps: number;
  readonly median_ms: number | null;
  readonly throughput_per_s: number | null;
  readonly p50_ms: number | null;
  readonly p99_ms: number | null;
  readonly per_step_ms: number | null;
  /** Scenarios timing several operations (`large-db`): p50 / p99 of each over all repetitions. */
  readonly operations?: Record<string, { readonly p50_ms: number | null; readonly p99_ms: number | null }>;
  readonly sync: SyncMode | null;
  readonly component: 'wat' | 'js' | null;
  readonly node: string;
}

/** One repetition's measurements. */
export interface Rep {
  readonly wallMs: number;
  readonly throughputPerS?: number | undefined;
  readonly p50Ms?: number | undefined;
  readonly p99Ms?: number | undefined;
  readonly perStepMs?: number | undefined;
  /** Latency samples (ms) of named operations. */
  readonly operations?: Readonly<Record<string, readonly number[]>> | undefined;
}

export interface Summary {
  readonly workload: string;
  readonly params: Record<string, unknown>;
  readonly sync: SyncMode | null;
  readonly component: 'wat' | 'js' | null;
}

function operationsOf(reps: readonly Rep[]): Pick<BenchResult, 'operations'> {
  const samples = new Map<string, number[]>();
  for (const rep of reps) {
    for (const [name, values] of Object.entries(rep.operations ?? {})) {
      samples.set(name, [...(samples.get(name) ?? []), ...values]);
    }
  }
  if (samples.size === 0) {
    return {};
  }
  const entries = [...samples].map(([name, values]) => [
    name,
    { p50_ms: round(percentile(values, 0.5)), p99_ms: round(percentile(values, 0.99)) },
  ]);
  return { operations: Object.fromEntries(entries) as BenchResult['operations'] };
}

/** The median of each measurement over the repetitions. */
export function summarize(summary: Summary, reps: readonly Rep[]): BenchResult {
  const pick = (f: (rep: Rep) => number | undefined): number | null => {
    const values = reps.map(f).filter((v): v is number => v !== undefined);
    return values.length === 0 ? null : round(median(values));
  };
  return {
    engine: 'obelisk',
    workload: summary.workload,
    params: summary.params,
    reps: reps.length,
    median_ms: pick((r) => r.wallMs),
    throughput_per_s: pick((r) => r.throughputPerS),
    p50_ms: pick((r) => r.p50Ms),
    p99_ms: pick((r) => r.p99Ms),
    per_step_ms: pick((r) => r.perStepMs),
    ...operationsOf(reps),
    sync: summary.sync,
    component: summary.component,
    node: process.version,
  };
}
