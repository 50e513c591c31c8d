/**
 * The benchmark runner: `npm run bench -- [--scenario NAME]... [--quick] [--sync full|normal]`.
 * Prints one JSON line per scenario (see bench/README.md). Each scenario runs one warm-up
 * and then 3 measured repetitions (1 with --quick) and reports the medians; every
 * scenario checks its results and fails loudly if they are wrong.
 */
import { parseArgs } from 'node:util';
import { BenchContext, type BenchOptions } from './lib/context.js';
import { summarize, type Rep, type Summary } from './lib/result.js';
import { activitiesRep } from './scenarios/activities.js';
import { DECODE_FIXTURE, decodeRep } from './scenarios/decode.js';
import { chainRep, fanoutChildrenRep, fanoutRep, replayRep, type Strategy } from './scenarios/workflows.js';

/** One measured configuration: one JSON line. */
interface Variant {
  readonly summary: Summary;
  readonly rep: (ctx: BenchContext) => Promise<Rep>;
}

interface Scenario {
  readonly name: string;
  readonly variants: (options: BenchOptions) => readonly Variant[];
}

const STRATEGIES: readonly Strategy[] = ['await', 'interrupt'];

/** One variant per blocking strategy for each size. */
function perStrategy(workload: string, sizes: readonly number[], param: string, rep: (ctx: BenchContext, size: number, strategy: Strategy) => Promise<Rep>) {
  return (o: BenchOptions): Variant[] =>
    sizes.flatMap((size) =>
      STRATEGIES.map((strategy) => ({
        summary: { workload, params: { [param]: size, blocking_strategy: strategy }, sync: o.sync, component: 'wat' as const },
        rep: (ctx: BenchContext) => rep(ctx, size, strategy),
      })),
    );
}

const activityCount = (o: BenchOptions): number => (o.quick ? 100 : 1000);
const decodeCount = (o: BenchOptions): number => (o.quick ? 10 : 50);

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'activities',
    variants: (o) => [
      {
        summary: { workload: 'activities', params: { executions: activityCount(o) }, sync: o.sync, component: 'wat' },
        rep: (ctx) => activitiesRep(ctx, activityCount(ctx.options)),
      },
    ],
  },
  { name: 'chain', variants: (o) => perStrategy('chain', o.quick ? [20] : [100, 1000], 'k', chainRep)(o) },
  { name: 'fanout', variants: (o) => perStrategy('fanout', o.quick ? [20] : [200], 'n', fanoutRep)(o) },
  { name: 'fanout-children', variants: (o) => perStrategy('fanout-children', o.quick ? [10] : [200], 'n', fanoutChildrenRep)(o) },
  { name: 'replay', variants: (o) => perStrategy('replay', o.quick ? [300] : [1000, 10_000], 'events', replayRep)(o) },
  {
    name: 'decode',
    variants: (o) => [
      {
        summary: { workload: 'decode', params: { decodes: decodeCount(o), fixture: DECODE_FIXTURE }, sync: null, component: 'js' },
        rep: (ctx) => decodeRep(ctx, decodeCount(ctx.options)),
      },
    ],
  },
];

async function runVariant(variant: Variant, options: BenchOptions): Promise<void> {
  const ctx = new BenchContext(options);
  try {
    const measured = options.quick ? 1 : 3;
    if (!options.quick) {
      await variant.rep(ctx); // warm-up
    }
    const reps: Rep[] = [];
    for (let i = 0; i < measured; i++) {
      reps.push(await variant.rep(ctx));
    }
    process.stdout.write(`${JSON.stringify(summarize(variant.summary, reps))}\n`);
  } finally {
    ctx.cleanup();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      sync: { type: 'string', default: 'full' },
    },
  });
  const sync = values.sync;
  if (sync !== 'full' && sync !== 'normal') {
    throw new Error(`--sync must be full or normal, got ${sync}`);
  }
  const names = values.scenario ?? SCENARIOS.map((s) => s.name);
  const unknown = names.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  for (const scenario of SCENARIOS.filter((s) => names.includes(s.name))) {
    const options: BenchOptions = { quick: values.quick, sync };
    for (const variant of scenario.variants(options)) {
      process.stderr.write(`running ${scenario.name} ${JSON.stringify(variant.summary.params)}${values.quick ? ' (quick)' : ''}...\n`);
      await runVariant(variant, options);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
