/**
 * The third-party test corpus vendored under `test/fixtures/corpus/` (real WIT packages and
 * prebuilt components, with their licences and provenance in its README). Tests that use it
 * never skip: a missing corpus is an error.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './bin.js';

export const CORPUS_ROOT = join(REPO_ROOT, 'test', 'fixtures', 'corpus');
export const CORPUS_WIT_DIR = join(CORPUS_ROOT, 'wit');
export const CORPUS_COMPONENTS_DIR = join(CORPUS_ROOT, 'components');

if (!existsSync(CORPUS_WIT_DIR) || !existsSync(CORPUS_COMPONENTS_DIR)) {
  throw new Error(`the test corpus is missing at ${CORPUS_ROOT}`);
}
