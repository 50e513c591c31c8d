/**
 * The decoder's world against jco's `componentWit`, component by component.
 * `componentWit` prints only the root world; the packages it refers to are
 * added from the decoded model (printed as nested packages), the whole text
 * is read back with our parser, and the result must equal the decoded model:
 * the same imports and exports in the same order, the same world-level
 * functions, types and inline interfaces.
 */
import { componentWit } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, test } from 'vitest';
import { decodeComponent } from '../../../../src/wit/decoder/index.js';
import { modelDiff } from '../../../../src/wit/equal.js';
import { parseWitText } from '../../../../src/wit/load.js';
import { printPackage } from '../../../../src/wit/print.js';
import { corpusBytes, corpusNames } from './corpus.js';

describe('component decoder against the world jco prints', () => {
  for (const name of corpusNames()) {
    test(`${name}: the decoded world equals the one componentWit prints`, async () => {
      const bytes = corpusBytes(name);
      const decoded = decodeComponent(bytes);
      const rootId = decoded.packages.length - 1;
      const dependencies = decoded.packages.map((_, id) => id).filter((id) => id !== rootId);
      const text = [
        await componentWit(bytes),
        ...dependencies.map((id) => printPackage(decoded, id, { nested: true })),
      ].join('\n');
      const parsed = parseWitText(text, `${name}.wit`);
      expect(modelDiff(decoded, parsed, { ignoreStability: true, ignoreIncludes: true })).toEqual([]);
      const world = parsed.worlds.find((w) => w.name === 'root');
      expect([...(world?.imports.keys() ?? [])]).toEqual([...(decoded.worlds[0]?.imports.keys() ?? [])]);
      expect([...(world?.exports.keys() ?? [])]).toEqual([...(decoded.worlds[0]?.exports.keys() ?? [])]);
    });
  }
});
