/**
 * `cli-startup`: how long the built CLI takes from spawn to exit for commands a developer types
 * all day: `obelisk --help`, and `obelisk execution list` against a running server. Each
 * repetition spawns the command `RUNS` times (`QUICK_RUNS` with --quick) and reports the median.
 */
import { spawnSync } from 'node:child_process';
import { BIN } from '../../test/helpers/bin.js';
import { check, type BenchContext } from '../lib/context.js';
import type { Rep } from '../lib/result.js';
import { startServer } from '../lib/server.js';
import { median, percentile } from '../lib/stats.js';

export type CliCommand = 'help' | 'execution-list';

const RUNS = 20;
const QUICK_RUNS = 3;

function timeRuns(args: readonly string[], runs: number, env: NodeJS.ProcessEnv): Rep {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
    times.push(performance.now() - started);
    check(result.status === 0, `obelisk ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return { wallMs: median(times), p50Ms: median(times), p99Ms: percentile(times, 0.99) };
}

export async function cliStartupRep(ctx: BenchContext, command: CliCommand): Promise<Rep> {
  const runs = ctx.options.quick ? QUICK_RUNS : RUNS;
  const env = { ...process.env, NO_COLOR: '1' };
  if (command === 'help') {
    return timeRuns(['--help'], runs, env);
  }
  const server = await ctx.once(
    'cli-server',
    () => startServer(ctx, { components: [], codegenDir: ctx.codegenDir }),
    (s) => s.stop(),
  );
  return timeRuns(['execution', 'list', '--api-url', server.url], runs, env);
}
