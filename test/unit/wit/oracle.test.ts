import { describe, expect, test } from 'vitest';
import { corpusEntries, HAVE_CORPUS } from './corpus.js';
import { embedWit, oracleSource } from './oracle.js';

describe.skipIf(!HAVE_CORPUS)('printed corpus WIT is accepted by wasm-tools (componentEmbed)', () => {
  test.each(corpusEntries().map((e) => [e.name, e] as const))('%s', async (_name, entry) => {
    const source = oracleSource(entry.load());
    await expect(embedWit(source, 'all')).resolves.toBeGreaterThan(0);
  });
});
