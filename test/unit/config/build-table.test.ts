import { describe, expect, test } from 'vitest';
import { ConfigError, formatProblem } from '../../../src/config/errors.js';
import { parseConfig } from '../../../src/config/load.js';

const parse = (toml: string) => parseConfig(toml, { name: 'obelisk.toml', dir: '/project', env: { HOME: '/home/u' } });

function problems(toml: string): string[] {
  try {
    parse(toml);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems.map(formatProblem);
    }
    throw error;
  }
  return [];
}

describe('the build table of a component', () => {
  test('js and ts entries resolve their paths against the config folder', () => {
    const config = parse(
      [
        '[[activity_wasm]]',
        'name = "activity"',
        'location.path = "dist/activity.wasm"',
        'build = { js = "src/activity.js", world = "activity" }',
        '[[workflow]]',
        'name = "workflow"',
        'location.path = "dist/workflow.wasm"',
        'build = { ts = "workflow/src/workflow.ts", wit = "workflow/wit", world = "workflow" }',
      ].join('\n'),
    );
    expect(config.activities[0]?.build).toEqual({
      language: 'js',
      source: '/project/src/activity.js',
      wit: '/project/wit',
      world: 'activity',
    });
    expect(config.workflows[0]?.build).toEqual({
      language: 'ts',
      source: '/project/workflow/src/workflow.ts',
      wit: '/project/workflow/wit',
      world: 'workflow',
    });
  });

  test('a component without one is prebuilt', () => {
    const config = parse('[[activity_wasm]]\nname = "a"\nlocation.path = "a.wasm"\n');
    expect(config.activities[0]?.build).toBeUndefined();
  });

  test('mistakes are reported at their line', () => {
    const head = '[[activity_wasm]]\nname = "a"\nlocation.path = "a.wasm"\n';
    expect(problems(`${head}build = { js = "a.js", ts = "a.ts", world = "w" }\n`)).toEqual([
      'obelisk.toml:4: activity_wasm[0].build: expected exactly one of js or ts (the entry module), got both',
    ]);
    expect(problems(`${head}build = { js = "a.js", world = "Bad World" }\n`)).toEqual([
      'obelisk.toml:4: activity_wasm[0].build.world: expected the name of a world in the WIT folder, e.g. "activity", got "Bad World"',
    ]);
    expect(problems(`${head}build = { js = "a.js", world = "w", lang = "x" }\n`)).toEqual([
      'obelisk.toml:4: activity_wasm[0].build.lang: unknown key; expected one of: js, ts, wit, world',
    ]);
  });
});
