/**
 * The third-party component corpus shared by the decoder tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../helpers/bin.js';

export const CORPUS_DIR = join(REPO_ROOT, '..', 'shared', 'corpus', 'components');

/** File names of every corpus component, sorted. */
export function corpusNames(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.wasm'))
    .sort();
}

export function corpusBytes(name: string): Uint8Array {
  return readFileSync(join(CORPUS_DIR, name));
}
