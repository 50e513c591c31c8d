/**
 * The host WIT packages obelisk provides to workflows and webhook endpoints (`wit/` of this
 * package: `obelisk:types@1.0.0`, `obelisk:workflow@1.0.0`, `obelisk:webhook@1.0.0`,
 * `wasi:logging@0.1.0-draft`), loaded once, so that a component's imports of them can be
 * checked against the real definitions.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWitPackages } from '../../../wit/load.js';
import type { Resolve } from '../../../wit/model.js';

/** The nearest folder above this module with a `package.json`: obelisk's own package root. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) {
    dir = dirname(dir);
  }
  return dir;
}

export const HOST_WIT_FOLDERS = [
  'obelisk_types@1.0.0',
  'obelisk_workflow@1.0.0',
  'obelisk_webhook@1.0.0',
  'wasi_logging@0.1.0-draft',
] as const;

let cached: Resolve | null = null;

export function hostWit(): Resolve {
  const root = join(packageRoot(), 'wit');
  cached ??= loadWitPackages(HOST_WIT_FOLDERS.map((folder) => join(root, folder)));
  return cached;
}
