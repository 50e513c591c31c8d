import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveWorkerScript } from '../../../src/engine/runtime/worker-script.js';
import { REPO_ROOT } from '../../helpers/bin.js';

const sourceModule = pathToFileURL(join(REPO_ROOT, 'src', 'engine', 'runtime', 'activity-runtime.ts')).href;
const builtModule = pathToFileURL(join(REPO_ROOT, 'dist', 'engine', 'runtime', 'activity-runtime.js')).href;

describe('the worker script location', () => {
  test('code running from src/ uses the built script in dist/', () => {
    expect(resolveWorkerScript('activity-worker', sourceModule).href).toBe(
      pathToFileURL(join(REPO_ROOT, 'dist', 'engine', 'runtime', 'activity-worker.js')).href,
    );
  });

  test('code running from dist/ uses its sibling', () => {
    expect(resolveWorkerScript('activity-worker', builtModule).href).toBe(
      new URL('./activity-worker.js', builtModule).href,
    );
  });

  test('a missing built script is a clear error that says to run the build', () => {
    expect(() => resolveWorkerScript('no-such-worker', sourceModule)).toThrow(
      expect.objectContaining({
        code: 'runtime-worker-script-missing',
        hint: expect.stringContaining('npm run build'),
      }),
    );
  });
});
