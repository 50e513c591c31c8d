/**
 * Binary WIT packages: every package of the corpus and of `wit/` encodes to
 * a binary package that decodes back to an equal model (types, functions,
 * worlds, docs and feature gates), whose printed WIT parses back to it again.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeComponent, isWitPackage } from '../../../../src/wit/decoder/index.js';
import { encodeWitPackage } from '../../../../src/wit/encoder/index.js';
import { modelDiff } from '../../../../src/wit/equal.js';
import { loadWitPackages, parseWitText } from '../../../../src/wit/load.js';
import { formatPackageName, type Resolve } from '../../../../src/wit/model.js';
import { printResolve } from '../../../../src/wit/print.js';
import { HOST_WIT_FOLDERS } from '../../../../src/engine/runtime/workflow/host-wit.js';
import { REPO_ROOT } from '../../../helpers/bin.js';
import { corpusEntries } from '../corpus.js';

/** Encodes package `id`, decodes it and returns the differences with the original (empty when equal). */
function roundTrip(resolve: Resolve, id: number): { decoded: Resolve; diffs: string[] } {
  const bytes = encodeWitPackage(resolve, id);
  expect(isWitPackage(bytes)).toBe(true);
  const decoded = decodeComponent(bytes);
  const name = formatPackageName((resolve.packages[id] as Resolve['packages'][number]).name);
  expect(formatPackageName((decoded.packages.at(-1) as Resolve['packages'][number]).name)).toBe(name);
  return { decoded, diffs: modelDiff(resolve, decoded, { packages: [name], ignoreIncludes: true }) };
}

function packagesWithItems(resolve: Resolve): number[] {
  return resolve.packages.flatMap((pkg, id) => (pkg.interfaces.size + pkg.worlds.size > 0 ? [id] : []));
}

describe('binary WIT packages of the corpus', () => {
  test.each(corpusEntries().map((e) => [e.name, e] as const))('%s: every package round-trips', (_name, entry) => {
    const resolve = entry.load();
    for (const id of packagesWithItems(resolve)) {
      const { decoded, diffs } = roundTrip(resolve, id);
      expect(diffs).toEqual([]);
      const name = formatPackageName((decoded.packages.at(-1) as Resolve['packages'][number]).name);
      const reparsed = parseWitText(printResolve(decoded, { root: decoded.packages.length - 1 }), 'printed.wit', {
        allFeatures: true,
      });
      expect(modelDiff(decoded, reparsed, { packages: [name], ignoreIncludes: true })).toEqual([]);
    }
  });
});

describe('binary WIT packages of wit/', () => {
  const dir = join(REPO_ROOT, 'wit');
  const folders = [...HOST_WIT_FOLDERS].sort();
  test('the host packages round-trip', () => {
    const resolve = loadWitPackages(folders.map((folder) => join(dir, folder)));
    expect(packagesWithItems(resolve).length).toBe(folders.length);
    for (const id of packagesWithItems(resolve)) {
      expect(roundTrip(resolve, id).diffs).toEqual([]);
    }
  });
});
