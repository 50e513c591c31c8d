import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ComponentLoadError, createEngine, openLibsqlStore } from '../../../src/engine/index.js';
import { dummyComponent } from '../../helpers/components.js';
import { makeTempDir } from '../../helpers/tmp.js';

const WIT = `package testing:shapes@1.0.0;
interface shapes {
  variant app-error { not-found, execution-failed }
  variant no-failed-case { not-found }
  ok-plain: func() -> result;
  ok-value: func() -> result<u32>;
  ok-string-err: func() -> result<_, string>;
  ok-variant-err: func() -> result<u32, app-error>;
  bad-plain: func() -> u32;
  bad-nothing: func();
  bad-err-type: func() -> result<u32, u32>;
  bad-variant: func() -> result<u32, no-failed-case>;
}
world shapes-world { export shapes; }`;

async function load(bytes: Uint8Array): Promise<unknown> {
  const store = await openLibsqlStore({ path: ':memory:' });
  try {
    const engine = await createEngine({
      store,
      codegenCacheDir: join(makeTempDir(), 'codegen'),
      maxWorkers: 1,
      activities: [{ name: 'shapes', bytes }],
    });
    await engine.stop(0);
    return engine;
  } finally {
    await store.close();
  }
}

describe('loading an activity', () => {
  test('rejects every function whose return type the engine cannot run, naming each', async () => {
    const bytes = await dummyComponent(WIT, 'shapes-world');
    const error = await load(bytes).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ComponentLoadError);
    const problems = (error as ComponentLoadError).problems;
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'testing:shapes/shapes@1.0.0.bad-plain',
      'testing:shapes/shapes@1.0.0.bad-nothing',
      'testing:shapes/shapes@1.0.0.bad-err-type',
      'testing:shapes/shapes@1.0.0.bad-variant',
    ]);
    expect(problems[0]).toBe(
      'testing:shapes/shapes@1.0.0.bad-plain returns u32: not a result; it must return result, result<T>, result<_, string>, result<T, string>, or result<T, E> where E is a variant with an execution-failed case',
    );
    expect(problems[3]).toContain('the error variant no-failed-case has no execution-failed case');
    expect((error as Error).message).toMatch(/^component shapes cannot be loaded:/);
  });
});
