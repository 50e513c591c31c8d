/**
 * The third-party WIT corpus (`test/fixtures/corpus/wit/`): every package set in it,
 * ready to load with the WIT library.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadWit, loadWitPackages } from '../../../src/wit/load.js';
import type { Resolve } from '../../../src/wit/model.js';
import { CORPUS_WIT_DIR } from '../../helpers/corpus.js';

export const CORPUS = CORPUS_WIT_DIR;

export interface CorpusEntry {
  /** Path relative to the corpus root. */
  readonly name: string;
  /** Loads the entry with every `@unstable` feature enabled unless told otherwise. */
  readonly load: (options?: { allFeatures?: boolean; features?: string[] }) => Resolve;
}

/** Package sets laid out one folder per package (deps-style without a `deps/` folder): dependencies first. */
const SETS: Record<string, readonly string[]> = {
  'wasi-0.2': ['io', 'clocks', 'random', 'cli', 'filesystem', 'sockets', 'http'],
  'wasi-0.3': ['clocks', 'random', 'cli', 'filesystem', 'sockets', 'http'],
  obelisk: ['obelisk_types@5.0.0', 'obelisk_log@1.0.0', 'obelisk_workflow@6.0.0', 'obelisk_webhook@6.0.0'],
};

/** Every loadable unit of the corpus: single files, `wit/` directories with `deps/`, and the package sets. */
export function corpusEntries(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  const codegen = join(CORPUS, 'wit-bindgen-codegen');
  for (const name of readdirSync(codegen).sort()) {
    const path = join(codegen, name);
    if (name.endsWith('.wit')) {
      entries.push({ name: `wit-bindgen-codegen/${name}`, load: (o = { allFeatures: true }) => loadWit(path, o) });
    } else if (existsSync(join(path, 'wit'))) {
      entries.push({
        name: `wit-bindgen-codegen/${name}/wit`,
        load: (o = { allFeatures: true }) => loadWit(join(path, 'wit'), o),
      });
    }
  }
  for (const [set, dirs] of Object.entries(SETS)) {
    entries.push({
      name: set,
      load: (o = { allFeatures: true }) =>
        loadWitPackages(
          dirs.map((d) => join(CORPUS, set, d)),
          o,
        ),
    });
  }
  return entries;
}
