/** `wasi:random/*` for workflows: drawn from the execution's seeded generator, the same on every replay. */
import type { WasiContext } from './context.js';

export function randomImports(ctx: WasiContext): Record<string, Record<string, unknown>> {
  const bytes = (len: bigint): Uint8Array => ctx.random.bytes(Number(len));
  const u64 = (): bigint => ctx.random.nextU64();
  return {
    'wasi:random/random': { getRandomBytes: bytes, getRandomU64: u64 },
    'wasi:random/insecure': { getInsecureRandomBytes: bytes, getInsecureRandomU64: u64 },
    'wasi:random/insecure-seed': { insecureSeed: (): [bigint, bigint] => [u64(), u64()] },
  };
}
