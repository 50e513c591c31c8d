/** What every scenario receives: the options of the run and a place for temporary files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncMode } from './result.js';

export interface BenchOptions {
  readonly quick: boolean;
  readonly sync: SyncMode;
}

export class BenchContext {
  readonly #dirs: string[] = [];

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

  cleanup(): void {
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
