import { describe, expect, test } from 'vitest';
import { generateExtensions } from '../../../src/wit/extensions.js';
import { ComponentType } from '../../../src/wit/extension-names.js';
import type { InterfaceId, Resolve } from '../../../src/wit/model.js';
import { corpusEntries } from './corpus.js';
import { combinedSource, reparseDiff } from './extension-check.js';
import { embedWit } from './oracle.js';

/** Every named interface exported by some world of the model. */
function exportedInterfaces(resolve: Resolve): InterfaceId[] {
  const ids = new Set<InterfaceId>();
  for (const world of resolve.worlds) {
    for (const item of world.exports.values()) {
      if (item.tag === 'interface' && resolve.interfaces[item.id]?.name !== null) {
        ids.add(item.id);
      }
    }
  }
  return [...ids];
}

const totals = { interfaces: 0, packages: 0, functions: 0, skipped: 0 };

describe('extensions of every exported interface of the corpus', () => {
  const entries = corpusEntries().filter((entry) => exportedInterfaces(entry.load()).length > 0);

  test.each(entries.map((e) => [e.name, e] as const))(
    '%s: generated packages resolve in our parser and in wasm-tools',
    async (_name, entry) => {
      const original = entry.load();
      const ids = exportedInterfaces(original);
      const generated = generateExtensions(original, ComponentType.activityStub, ids);
      expect(reparseDiff(original, generated)).toEqual([]);
      if (generated.packages.length > 0) {
        await expect(embedWit(combinedSource(original, generated), 'all')).resolves.toBeGreaterThan(0);
      }
      totals.interfaces += ids.length;
      totals.packages += generated.packages.length;
      totals.skipped += generated.skipped.filter((s) => s.function !== undefined).length;
      totals.functions += generated.packages.reduce(
        (n, p) =>
          n +
          [...(generated.resolve.packages[p.packageId]?.interfaces.values() ?? [])].reduce(
            (m, id) => m + (generated.resolve.interfaces[id]?.functions.size ?? 0),
            0,
          ),
        0,
      );
    },
  );

  test('prints the totals', () => {
    expect(totals.packages).toBeGreaterThan(0);
    console.log(
      `extensions: ${totals.interfaces} exported interfaces in ${entries.length} corpus entries -> ${totals.packages} packages, ${totals.functions} extension functions (${totals.skipped} functions skipped: resources, handles, futures, streams)`,
    );
  });
});
