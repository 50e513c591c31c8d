/**
 * The host WIT packages obelisk provides to workflows (`wit/` of this package:
 * `obelisk:types@1.0.0`, `obelisk:workflow@1.0.0`, `wasi:logging@0.1.0-draft`), loaded once,
 * so that a workflow's imports of them can be checked against the real definitions.
 */
import { fileURLToPath } from 'node:url';
import { loadWitPackages } from '../../../wit/load.js';
import type { Resolve } from '../../../wit/model.js';

/** `wit/` at the package root, from `src/engine/runtime/workflow/` or `dist/engine/runtime/workflow/`. */
const WIT_ROOT = new URL('../../../../wit/', import.meta.url);

export const HOST_WIT_FOLDERS = ['obelisk_types@1.0.0', 'obelisk_workflow@1.0.0', 'wasi_logging@0.1.0-draft'] as const;

let cached: Resolve | null = null;

export function hostWit(): Resolve {
  cached ??= loadWitPackages(HOST_WIT_FOLDERS.map((folder) => fileURLToPath(new URL(`${folder}/`, WIT_ROOT))));
  return cached;
}
