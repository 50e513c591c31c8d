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

interface Scenario {
  readonly name: string;
  readonly summary: (options: BenchOptions) => Summary;
  readonly rep: (ctx: BenchContext) => Promise<Rep>;
}

const activityCount = (o: BenchOptions): number => (o.quick ? 100 : 1000);
const decodeCount = (o: BenchOptions): number => (o.quick ? 10 : 50);

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'activities',
    summary: (o) => ({ workload: 'activities', params: { executions: activityCount(o) }, sync: o.sync, component: 'wat' }),
    rep: (ctx) => activitiesRep(ctx, activityCount(ctx.options)),
  },
  {
    name: 'decode',
    summary: (o) => ({ workload: 'decode', params: { decodes: decodeCount(o), fixture: DECODE_FIXTURE }, sync: null, component: 'js' }),
    rep: (ctx) => decodeRep(ctx, decodeCount(ctx.options)),
  },
];

async function runScenario(scenario: Scenario, options: BenchOptions): Promise<void> {
  const ctx = new BenchContext(options);
  try {
    const measured = options.quick ? 1 : 3;
    if (!options.quick) {
      await scenario.rep(ctx); // warm-up
    }
    const reps: Rep[] = [];
    for (let i = 0; i < measured; i++) {
      reps.push(await scenario.rep(ctx));
    }
    process.stdout.write(`${JSON.stringify(summarize(scenario.summary(options), reps))}\n`);
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
    process.stderr.write(`running ${scenario.name} (sync ${sync}${values.quick ? ', quick' : ''})...\n`);
    await runScenario(scenario, { quick: values.quick, sync: sync });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
