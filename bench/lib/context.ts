/** What every scenario receives: the options of the run and a place for temporary files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncMode } from './result.js';

export interface BenchOptions {
  readonly quick: boolean;
  readonly sync: SyncMode;
  /** Set (`--db postgres`): engines and servers use this PostgreSQL server, a fresh schema each. */
  readonly postgresUrl?: string | undefined;
}

let schemas = 0;

/** A schema name not used before in this run. */
export function freshSchema(): string {
  return `bench_${process.pid}_${schemas++}`;
}

export class BenchContext {
  readonly #dirs: string[] = [];
  readonly #disposers: (() => Promise<void>)[] = [];
  readonly #memo = new Map<string, Promise<unknown>>();

  constructor(readonly options: BenchOptions) {}

  /** A fresh temporary directory, removed by {@link cleanup}. */
  tempDir(prefix = 'obelisk-bench-'): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.#dirs.push(dir);
    return dir;
  }

  /** A codegen cache shared by all scenarios of the run (transpiling is not what we measure). */
  get codegenDir(): string {
    return join(tmpdir(), 'obelisk-bench-codegen');
  }

  /**
   * Computes `make()` once per context (one variant: its warm-up and every repetition), for
   * set-up that is not what a scenario measures; `dispose` runs at {@link cleanup}.
   */
  async once<T>(key: string, make: () => Promise<T>, dispose: (value: T) => Promise<void>): Promise<T> {
    let value = this.#memo.get(key) as Promise<T> | undefined;
    if (value === undefined) {
      value = make();
      this.#memo.set(key, value);
      const made = await value;
      this.#disposers.push(() => dispose(made));
    }
    return value;
  }

  async cleanup(): Promise<void> {
    this.#memo.clear();
    for (const dispose of this.#disposers.splice(0).reverse()) {
      await dispose();
    }
    for (const dir of this.#dirs.splice(0)) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Fails the scenario when a result is not what the workload must produce. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new Error(`benchmark result check failed: ${message}`);
  }
}
