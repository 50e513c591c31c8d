/**
 * The benchmark runner: `npm run bench -- [--scenario NAME]... [--component wat|js] [--quick] [--sync full|normal]
 * [--db libsql|postgres]`. With `--db postgres` a throwaway PostgreSQL server holds every store, and
 * the default scenarios are chain, fanout, fanout-children and throughput (also with 2 servers).
 * Prints one JSON line per scenario (see bench/README.md). Each scenario runs one warm-up
 * and then 3 measured repetitions (1 with --quick) and reports the medians; every
 * scenario checks its results and fails loudly if they are wrong.
 */
import { parseArgs } from 'node:util';
import { startPostgres } from '../test/helpers/postgres-server.js';
import { BenchContext, type BenchOptions } from './lib/context.js';
import { summarize, type Rep, type Summary } from './lib/result.js';
import { activitiesRep } from './scenarios/activities.js';
import { cliStartupRep, type CliCommand } from './scenarios/cli.js';
import { DECODE_FIXTURE, decodeRep } from './scenarios/decode.js';
import { largeDbRep } from './scenarios/large-db.js';
import { coldStartRep, throughputRep } from './scenarios/server.js';
import {
  chainRep,
  fanoutChildrenRep,
  fanoutRep,
  replayRep,
  type Flavour,
  type Strategy,
} from './scenarios/workflows.js';

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
const FLAVOURS: readonly Flavour[] = ['wat', 'js'];

type Sized = (ctx: BenchContext, size: number, strategy: Strategy, flavour: Flavour) => Promise<Rep>;

/** One variant per size, component flavour and blocking strategy. */
function variants(
  workload: string,
  param: string,
  sizes: (o: BenchOptions, flavour: Flavour) => readonly number[],
  flavours: readonly Flavour[],
  rep: Sized,
) {
  return (o: BenchOptions): Variant[] =>
    flavours.flatMap((flavour) =>
      sizes(o, flavour).flatMap((size) =>
        STRATEGIES.map((strategy) => ({
          summary: {
            workload,
            params: { [param]: size, blocking_strategy: strategy },
            sync: o.sync,
            component: flavour,
          },
          rep: (ctx: BenchContext) => rep(ctx, size, strategy, flavour),
        })),
      ),
    );
}

const activityCount = (o: BenchOptions): number => (o.quick ? 100 : 1000);
const decodeCount = (o: BenchOptions): number => (o.quick ? 10 : 50);
const throughputCount = (o: BenchOptions): number => (o.quick ? 50 : 1000);

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
  {
    name: 'chain',
    variants: variants(
      'chain',
      'k',
      (o, f) => (o.quick ? [10] : f === 'wat' ? [100, 1000] : [100]),
      FLAVOURS,
      chainRep,
    ),
  },
  { name: 'fanout', variants: variants('fanout', 'n', (o) => (o.quick ? [10] : [200]), FLAVOURS, fanoutRep) },
  {
    name: 'fanout-children',
    variants: variants('fanout-children', 'n', (o) => (o.quick ? [5] : [200]), FLAVOURS, fanoutChildrenRep),
  },
  {
    name: 'throughput',
    variants: (o) =>
      FLAVOURS.map((flavour) => ({
        summary: {
          workload: 'throughput',
          params: { workflows: throughputCount(o), steps: 3, in_flight: 50, blocking_strategy: 'await' },
          sync: o.sync,
          component: flavour,
        },
        rep: (ctx: BenchContext) => throughputRep(ctx, throughputCount(ctx.options), flavour),
      })),
  },
  {
    name: 'throughput-2-servers',
    variants: (o) =>
      o.postgresUrl === undefined
        ? []
        : FLAVOURS.map((flavour) => ({
            summary: {
              workload: 'throughput',
              params: {
                workflows: throughputCount(o),
                steps: 3,
                in_flight: 50,
                blocking_strategy: 'await',
                servers: 2,
              },
              sync: o.sync,
              component: flavour,
            },
            rep: (ctx: BenchContext) => throughputRep(ctx, throughputCount(ctx.options), flavour, 2),
          })),
  },
  {
    name: 'replay',
    variants: variants(
      'replay',
      'events',
      (o) => (o.quick ? [300] : [1000, 10_000]),
      ['wat'],
      (ctx, size, strategy) => replayRep(ctx, size, strategy),
    ),
  },
  {
    name: 'growth',
    variants: (o) =>
      [
        ...variants('chain', 'k', (q) => (q.quick ? [10, 30] : [1000, 10_000]), ['wat'], chainRep)(o),
        ...variants('fanout', 'n', (q) => (q.quick ? [10, 30] : [200, 2000]), ['wat'], fanoutRep)(o),
      ].filter((v) => v.summary.params['blocking_strategy'] === 'await'),
  },
  {
    name: 'large-db',
    variants: (o) =>
      (o.quick ? [0, 1000] : [0, 1_000_000]).map((finished) => ({
        summary: { workload: 'large-db', params: { finished }, sync: o.sync, component: 'wat' },
        rep: (ctx: BenchContext) => largeDbRep(ctx, finished),
      })),
  },
  {
    name: 'cold-start',
    variants: (o) =>
      (['cold', 'warm'] as const).map((cache) => ({
        summary: {
          workload: 'cold-start',
          params: { codegen_cache: cache, components: 3 },
          sync: o.sync,
          component: 'js',
        },
        rep: (ctx: BenchContext) => coldStartRep(ctx, cache),
      })),
  },
  {
    name: 'cli-startup',
    variants: (o) =>
      (['help', 'execution-list'] as const satisfies readonly CliCommand[]).map((command) => ({
        summary: { workload: 'cli-startup', params: { command }, sync: o.sync, component: null },
        rep: (ctx: BenchContext) => cliStartupRep(ctx, command),
      })),
  },
  {
    name: 'decode',
    variants: (o) => [
      {
        summary: {
          workload: 'decode',
          params: { decodes: decodeCount(o), fixture: DECODE_FIXTURE },
          sync: null,
          component: 'js',
        },
        rep: (ctx) => decodeRep(ctx, decodeCount(ctx.options)),
      },
    ],
  },
];

/** What `--db postgres` runs unless `--scenario` says otherwise. */
const POSTGRES_SCENARIOS = ['chain', 'fanout', 'fanout-children', 'throughput', 'throughput-2-servers'];

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
    await ctx.cleanup();
  }
}

function usage(): string {
  return [
    'Usage: npm run bench -- [--scenario NAME]... [--component wat|js] [--sync full|normal] [--db libsql|postgres] [--quick]',
    '',
    'Runs the benchmark scenarios (all of them without --scenario) and prints one JSON line per variant.',
    '',
    `Scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`,
    '',
    'Examples:',
    '  npm run bench -- --quick',
    '  npm run bench -- --scenario chain --scenario throughput --component wat',
    '  npm run bench -- --db postgres --scenario large-db',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        scenario: { type: 'string', multiple: true },
        quick: { type: 'boolean', default: false },
        sync: { type: 'string', default: 'full' },
        component: { type: 'string' },
        db: { type: 'string', default: 'libsql' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error: unknown) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(usage());
    return;
  }
  if (values.db !== 'libsql' && values.db !== 'postgres') {
    throw new Error(`--db must be libsql or postgres, got ${values.db}`);
  }
  const postgres = values.db === 'postgres' ? await startPostgres() : null;
  try {
    await runScenarios(values, postgres?.url);
  } finally {
    await postgres?.stop();
  }
}

async function runScenarios(
  values: { scenario?: string[] | undefined; quick: boolean; sync: string; component?: string | undefined },
  postgresUrl: string | undefined,
): Promise<void> {
  const sync = values.sync;
  if (sync !== 'full' && sync !== 'normal') {
    throw new Error(`--sync must be full or normal, got ${sync}`);
  }
  const component = values.component;
  if (component !== undefined && component !== 'wat' && component !== 'js') {
    throw new Error(`--component must be wat or js, got ${component}`);
  }
  const names = values.scenario ?? (postgresUrl === undefined ? SCENARIOS.map((s) => s.name) : POSTGRES_SCENARIOS);
  const unknown = names.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  for (const scenario of SCENARIOS.filter((s) => names.includes(s.name))) {
    const options: BenchOptions = { quick: values.quick, sync, postgresUrl };
    for (const variant of scenario
      .variants(options)
      .filter((v) => component === undefined || v.summary.component === component)) {
      process.stderr.write(
        `running ${scenario.name} ${JSON.stringify(variant.summary.params)}${values.quick ? ' (quick)' : ''}...\n`,
      );
      await runVariant(variant, options);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
