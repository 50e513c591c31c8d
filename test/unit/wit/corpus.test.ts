import { describe, expect, test } from 'vitest';
import { modelDiff } from '../../../src/wit/equal.js';
import { parseWitText } from '../../../src/wit/load.js';
import type { Resolve } from '../../../src/wit/model.js';
import { printResolve } from '../../../src/wit/print.js';
import { CORPUS, corpusEntries } from './corpus.js';

interface Counts {
  packages: number;
  interfaces: number;
  worlds: number;
  types: number;
  functions: number;
}

function count(resolve: Resolve): Counts {
  return {
    packages: resolve.packages.length,
    interfaces: resolve.interfaces.length,
    worlds: resolve.worlds.length,
    types: resolve.types.length,
    functions:
      resolve.interfaces.reduce((n, i) => n + i.functions.size, 0) +
      resolve.worlds.reduce(
        (n, w) => n + [...w.imports.values(), ...w.exports.values()].filter((i) => i.tag === 'function').length,
        0,
      ),
  };
}

const entries = corpusEntries();
const totals: Counts = { packages: 0, interfaces: 0, worlds: 0, types: 0, functions: 0 };

describe(`the WIT corpus at ${CORPUS}`, () => {
  test('has every expected entry (98 files, 3 directories with deps, 3 package sets)', () => {
    expect(entries.length).toBe(104);
  });

  test.each(entries.map((e) => [e.name, e] as const))(
    '%s parses, resolves, prints and re-parses to an equal model',
    (_name, entry) => {
      const resolve = entry.load();
      const root = resolve.packages.length - 1;
      const text = printResolve(resolve, { root });
      const again = parseWitText(text, `${entry.name} (printed)`, { allFeatures: true });
      expect(modelDiff(resolve, again)).toEqual([]);
      expect(printResolve(again, { root: again.packages.length - 1 })).toBe(text);
      const counts = count(resolve);
      for (const key of Object.keys(totals) as (keyof Counts)[]) {
        totals[key] += counts[key];
      }
    },
  );

  test('prints the corpus totals', () => {
    // Runs after the round trips above (tests in a file run in order).
    expect(totals.packages).toBeGreaterThan(100);
    console.log(
      `WIT corpus: ${entries.length} entries, ${totals.packages} packages, ${totals.interfaces} interfaces, ${totals.worlds} worlds, ${totals.types} types, ${totals.functions} functions — all parsed, resolved and round-tripped`,
    );
  });

  test('every package of the WASI sets resolves without unstable features too', () => {
    for (const entry of entries.filter((e) => e.name.startsWith('wasi'))) {
      const all = entry.load({ allFeatures: true });
      const stable = entry.load({});
      expect(stable.packages.length).toBe(all.packages.length);
      expect(stable.interfaces.length).toBeLessThan(all.interfaces.length);
    }
  });
});
