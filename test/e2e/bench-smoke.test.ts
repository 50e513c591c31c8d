/**
 * `npm run bench -- --quick` runs every scenario once, small, and prints one JSON line each.
 * Only the shape is checked here (never a timing): benchmarks are not tests.
 */
import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../helpers/bin.js';

const WORKLOADS = [
  'activities',
  'chain',
  'fanout',
  'fanout-children',
  'throughput',
  'replay',
  'cold-start',
  'cli-startup',
  'decode',
  'large-db',
];

function runBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'bench', '--', '--quick'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const nullableNumber = (value: unknown): boolean =>
  value === null || (typeof value === 'number' && Number.isFinite(value));

describe('the benchmark runner', () => {
  test('--quick prints a valid JSON line for every workload', { tags: ['slow'], timeout: 600_000 }, async () => {
    const { code, stdout, stderr } = await runBench();
    expect(code, stderr).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect([...new Set(lines.map((line) => line['workload']))].sort()).toEqual([...WORKLOADS].sort());
    for (const line of lines) {
      const operations = line['workload'] === 'large-db' ? ['operations'] : [];
      expect(Object.keys(line).sort()).toEqual(
        [
          'component',
          'engine',
          'median_ms',
          'node',
          'p50_ms',
          'p99_ms',
          'params',
          'per_step_ms',
          'reps',
          'sync',
          'throughput_per_s',
          'workload',
          ...operations,
        ].sort(),
      );
      if (line['operations'] !== undefined) {
        const byName = line['operations'] as Record<string, Record<string, unknown>>;
        expect(Object.keys(byName).sort()).toEqual(['list', 'list-pending', 'lock', 'submit']);
        for (const [name, latency] of Object.entries(byName)) {
          expect(nullableNumber(latency['p50_ms']) && nullableNumber(latency['p99_ms']), name).toBe(true);
          expect(typeof latency['p50_ms'], name).toBe('number');
        }
      }
      expect(line['engine']).toBe('obelisk');
      expect(line['reps']).toBe(1);
      expect(typeof line['params']).toBe('object');
      expect(line['node']).toBe(process.version);
      expect(['wat', 'js', null]).toContain(line['component']);
      expect(['full', 'normal', null]).toContain(line['sync']);
      for (const key of ['median_ms', 'throughput_per_s', 'p50_ms', 'p99_ms', 'per_step_ms']) {
        expect(nullableNumber(line[key]), `${String(line['workload'])}.${key}`).toBe(true);
      }
      expect(typeof line['median_ms']).toBe('number');
    }
  });
});
