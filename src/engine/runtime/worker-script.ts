/**
 * Where the worker-thread entry scripts are. Node 20 cannot start a worker from a `.ts` file,
 * so code running from `src/` (under vitest) uses the BUILT script in `dist/`, and code running
 * from `dist/` uses its sibling.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ActivityRuntimeError, RuntimeErrorCode } from './errors.js';

/**
 * URL of the built worker script `name` (e.g. `activity-worker`) next to the module at
 * `fromUrl` (pass `import.meta.url` of a module in `engine/runtime/`). Throws
 * `runtime-worker-script-missing` when the built file does not exist.
 */
export function resolveWorkerScript(name: string, fromUrl: string): URL {
  const fromSource = fromUrl.endsWith('.ts') && fromUrl.includes('/src/engine/runtime/');
  const url = fromSource
    ? new URL(`../../../dist/engine/runtime/${name}.js`, fromUrl)
    : new URL(`./${name}.js`, fromUrl);
  if (!existsSync(fileURLToPath(url))) {
    throw new ActivityRuntimeError(
      RuntimeErrorCode.workerScriptMissing,
      `the worker script ${fileURLToPath(url)} does not exist`,
      {
        hint: 'run npm run build (worker threads run the compiled JavaScript in dist/)',
      },
    );
  }
  return url;
}
