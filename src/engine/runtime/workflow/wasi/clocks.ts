/**
 * `wasi:clocks/*` for workflows: both clocks read the workflow's time, which moves only at
 * host calls (see the clock rule in `workflow-state.ts`), so every replay sees the same values.
 */
import { Pollable, type WasiContext } from './context.js';

export function clocksImports(ctx: WasiContext): Record<string, Record<string, unknown>> {
  return {
    'wasi:clocks/wall-clock': {
      now: () => {
        const ms = ctx.now();
        return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1_000_000 };
      },
      resolution: () => ({ seconds: 0n, nanoseconds: 1_000_000 }),
    },
    'wasi:clocks/monotonic-clock': {
      now: () => BigInt(ctx.now()) * 1_000_000n,
      resolution: () => 1_000_000n,
      subscribeInstant: () => new Pollable(),
      subscribeDuration: () => new Pollable(),
    },
  };
}
