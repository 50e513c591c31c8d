import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { blankConfigTemplate, EXAMPLES_DIR, exampleConfigTemplate } from '../../../src/config/template.js';
import { unsupportedFeatures } from '../../../src/config/unsupported.js';

const ENV = { HOME: '/home/user', OBELISK_API_TOKEN: 'secret' };
const load = (toml: string, dir = '/project'): ReturnType<typeof parseConfig> =>
  parseConfig(toml, { name: 'obelisk.toml', dir, env: ENV });

/** Uncomments every commented-out TOML line (`# [table]`, `# [[array]]`, `# key = value`), keeping prose comments. */
function uncomment(template: string): string {
  return template.replace(/^# (?=\[|[a-z_.]+ = )/gm, '');
}

describe('the blank template', () => {
  test('loads as the defaults, since every key is commented out', () => {
    expect(load(blankConfigTemplate())).toEqual(load(''));
  });

  test('with every key uncommented it still loads, and the values it shows are the defaults', () => {
    const uncommented = uncomment(blankConfigTemplate());
    expect(uncommented).not.toBe(blankConfigTemplate());
    const config = load(uncommented);
    const defaults = load('');
    expect(config.database).toEqual(defaults.database);
    expect(config.codegenCache).toEqual(defaults.codegenCache);
    expect(config.timersWatcher).toEqual(defaults.timersWatcher);
    expect(config.log).toEqual(defaults.log);
    expect(config.wasm.cacheDirectory).toBe(defaults.wasm.cacheDirectory);
    expect(config.api).toEqual({ ...defaults.api, token: 'secret' });
    expect(config.activities[0]).toMatchObject({
      name: 'my-activity',
      exec: { batchSize: 64, lockExpiryMs: 1000, tickSleepMs: 200, queue: undefined },
      maxRetries: 5,
      maxDurationMs: 60_000,
    });
    expect(config.activities[0]?.envVars).toEqual({ HOME: '/home/user', LANG: 'C', GREETING: 'hello' });
    expect(config.workflows[0]).toMatchObject({
      name: 'my-workflow',
      blockingStrategy: 'await',
      awaitTimeoutMs: 10_000,
      retryExpBackoffMs: 100,
    });
    expect(config.stubs.map((s) => s.name)).toEqual(['approval']);
    expect(config.webhookEndpoints[0]).toMatchObject({
      name: 'my-webhook',
      httpServer: 'external',
      maxDurationMs: 60_000,
    });
    expect(unsupportedFeatures(config)).toEqual([
      '[otlp]: exporting traces over OTLP is not supported yet; remove the section or set enabled = false',
    ]);
  });
});

describe('example templates', () => {
  test('the fibo config names the example components and points at their builds relative to where it is written', () => {
    const manifest = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'fibo', 'example.json'), 'utf8')) as {
      components: { name: string; type: string }[];
    };
    for (const outDir of ['/tmp/somewhere/deep', EXAMPLES_DIR]) {
      const config = load(exampleConfigTemplate('fibo', outDir), outDir);
      const components = [
        ...config.activities.map((c) => ({ ...c, type: 'activity_wasm' })),
        ...config.workflows.map((c) => ({ ...c, type: 'workflow' })),
      ];
      expect(components.map((c) => [c.name, c.type, c.location])).toEqual(
        manifest.components.map((c) => [
          c.name,
          c.type,
          { kind: 'path', path: join(EXAMPLES_DIR, 'fibo', 'dist', `${c.name}.wasm`) },
        ]),
      );
      expect(unsupportedFeatures(config)).toEqual([]);
    }
  });
});
