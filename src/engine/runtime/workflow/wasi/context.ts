/**
 * Deterministic WASI for workflows: what every stub needs. Time and randomness come from
 * the workflow's state (see `workflow-state.ts`), output goes to the run's log capture.
 * There is no environment, no filesystem, no network and no stdin.
 */
import type { SeededRandom } from '../prng.js';

export interface WasiContext {
  /** The workflow's time in ms since the epoch. */
  now(): number;
  readonly random: SeededRandom;
  /** Guest output to stdout/stderr. */
  write(stream: 'stdout' | 'stderr', bytes: Uint8Array): void;
}

/** A `wasi:io/poll` pollable that is always ready (a workflow never waits on WASI). */
export class Pollable {
  ready(): boolean {
    return true;
  }
  block(): void {}
}

/** Throws a plain value: jco's glue lowers it as the `err` payload of a `result`-returning function. */
export function fail(payload: unknown): never {
  throw payload;
}
