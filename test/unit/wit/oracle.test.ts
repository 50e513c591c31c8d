import { describe, expect, test } from 'vitest';
import { corpusEntries } from './corpus.js';
import { embedWit, oracleSource } from './oracle.js';
import { escapeIdentifier } from '../../../src/wit/keywords.js';
import { printResolve } from '../../../src/wit/print.js';

describe('printed corpus WIT is accepted by wasm-tools (componentEmbed)', () => {
  test.each(corpusEntries().map((e) => [e.name, e] as const))('%s', async (_name, entry) => {
    const source = oracleSource(entry.load());
    await expect(embedWit(source, 'all')).resolves.toBeGreaterThan(0);
  });
});

describe('`wit print` output (root package first) is accepted by wasm-tools', () => {
  const withWorld = corpusEntries().filter((e) => {
    const r = e.load();
    return (r.packages[r.packages.length - 1]?.worlds.size ?? 0) > 0;
  });
  test.each(withWorld.map((e) => [e.name, e] as const))('%s', async (_name, entry) => {
    const resolve = entry.load();
    const root = resolve.packages.length - 1;
    const world = [...(resolve.packages[root]?.worlds.keys() ?? [])][0] ?? '';
    await expect(embedWit(printResolve(resolve, { root }), escapeIdentifier(world))).resolves.toBeGreaterThan(0);
  });
});
