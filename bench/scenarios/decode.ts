/**
 * `decode`: the component binary decoder on a 12 MB ComponentizeJS component (the fibo
 * activity fixture), decoded N times in a row from bytes already in memory. `median_ms`
 * (and `p50_ms`) is the median time of one decode, `p99_ms` the 99th percentile across
 * the decodes; every decoded model is checked.
 */
import { readFileSync } from 'node:fs';
import { decodeComponent } from '../../src/wit/decoder/index.js';
import { interfaceFullName, type Resolve } from '../../src/wit/model.js';
import { funcSignature } from '../../src/wit/print-writer.js';
import { ensureJsFixture } from '../../test/helpers/global-setup.js';
import { check, type BenchContext } from '../lib/context.js';
import type { Rep } from '../lib/result.js';
import { percentile } from '../lib/stats.js';

export const DECODE_FIXTURE = 'fibo-activity';

let bytes: Uint8Array | undefined;

/** The fixture's bytes, read once per process (built first when it is not cached yet). */
async function fixtureBytes(): Promise<Uint8Array> {
  bytes ??= readFileSync(await ensureJsFixture(DECODE_FIXTURE));
  return bytes;
}

export async function decodeRep(_ctx: BenchContext, count: number): Promise<Rep> {
  const input = await fixtureBytes();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const resolve = decodeComponent(input);
    times.push(performance.now() - started);
    checkFibo(resolve);
  }
  const median = percentile(times, 0.5);
  return { wallMs: median, p50Ms: median, p99Ms: percentile(times, 0.99) };
}

/** The world must export `testing:fibo/fibo` with `fibo: func(n: u8) -> result<u64>`. */
function checkFibo(resolve: Resolve): void {
  const root = resolve.worlds[0];
  const item = root?.exports.get('testing:fibo/fibo');
  check(
    item?.tag === 'interface' && interfaceFullName(resolve, item.id) === 'testing:fibo/fibo',
    `exports are ${[...(root?.exports.keys() ?? [])].join(', ')}`,
  );
  const fibo = resolve.interfaces[item.id]?.functions.get('fibo');
  const signature = fibo === undefined ? 'missing' : funcSignature(resolve, fibo);
  check(signature === 'func(n: u8) -> result<u64>', `fibo is ${signature}`);
}
