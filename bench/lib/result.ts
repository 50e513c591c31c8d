/** The one-line JSON result every scenario prints. */
import { median, round } from './stats.js';

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
}

export interface Summary {
  readonly workload: string;
  readonly params: Record<string, unknown>;
  readonly sync: SyncMode | null;
  readonly component: 'wat' | 'js' | null;
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
    sync: summary.sync,
    component: summary.component,
    node: process.version,
  };
}
