/**
 * Turns benchmark JSON lines (from `npm run bench`) into the Markdown table of
 * bench/README.md: `node .cache/bench-dist/bench/table.js results.jsonl [more.jsonl]...`.
 * Lines that are not JSON results (npm's banner) are skipped.
 */
import { readFileSync } from 'node:fs';
import type { BenchResult } from './lib/result.js';

function isResult(value: unknown): value is BenchResult {
  return typeof value === 'object' && value !== null && (value as { engine?: unknown }).engine === 'obelisk';
}

function parseLines(text: string): BenchResult[] {
  const results: BenchResult[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) {
      continue;
    }
    const value: unknown = JSON.parse(line);
    if (isResult(value)) {
      results.push(value);
    }
  }
  return results;
}

const cell = (value: number | null, digits = 1): string => (value === null ? '' : value.toFixed(digits));

function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([key]) => key !== 'fixture')
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}

/** A result with `operations` becomes one row per operation (its p50 / p99), named in the params. */
function withOperations(result: BenchResult): BenchResult[] {
  if (result.operations === undefined) {
    return [result];
  }
  return Object.entries(result.operations).map(([operation, latency]) => ({
    ...result,
    params: { ...result.params, operation },
    median_ms: null,
    p50_ms: latency.p50_ms,
    p99_ms: latency.p99_ms,
  }));
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node .cache/bench-dist/bench/table.js RESULTS.jsonl [MORE.jsonl]...\n');
  process.exitCode = 2;
} else {
  const rows = files.flatMap((file) => parseLines(readFileSync(file, 'utf8')));
  const out = [
    '| workload | params | component | sync | median ms | per s | p50 ms | p99 ms | ms/step |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows
      .flatMap(withOperations)
      .map((r) =>
        [
          r.workload,
          paramsText(r.params),
          r.component ?? '',
          r.sync ?? '',
          cell(r.median_ms),
          cell(r.throughput_per_s),
          cell(r.p50_ms),
          cell(r.p99_ms),
          cell(r.per_step_ms, 2),
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
