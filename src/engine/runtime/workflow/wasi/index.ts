/** All deterministic WASI interfaces a workflow may import, keyed as jco's glue asks for them. */
import { cliImports } from './cli.js';
import { clocksImports } from './clocks.js';
import type { WasiContext } from './context.js';
import { filesystemImports } from './filesystem.js';
import { ioImports } from './io.js';
import { randomImports } from './random.js';

export type { WasiContext } from './context.js';

export function wasiImports(ctx: WasiContext): Record<string, Record<string, unknown>> {
  return { ...ioImports(), ...cliImports(ctx), ...clocksImports(ctx), ...randomImports(ctx), ...filesystemImports() };
}

/** The WASI interfaces (unversioned) a workflow may import. Anything else is refused at load. */
export const WORKFLOW_WASI_INTERFACES: ReadonlySet<string> = new Set(
  Object.keys(
    wasiImports({
      now: () => 0,
      random: { bytes: () => new Uint8Array(), nextU64: () => 0n } as never,
      write: () => undefined,
    }),
  ),
);
