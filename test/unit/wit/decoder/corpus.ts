/**
 * The component corpus (vendored under `test/fixtures/corpus/components/`)
 * shared by the decoder and codec tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_COMPONENTS_DIR } from '../../../helpers/corpus.js';

/** File names of every corpus component, sorted. */
export function corpusNames(): string[] {
  return readdirSync(CORPUS_COMPONENTS_DIR)
    .filter((name) => name.endsWith('.wasm'))
    .sort();
}

export function corpusBytes(name: string): Uint8Array {
  return readFileSync(join(CORPUS_COMPONENTS_DIR, name));
}
