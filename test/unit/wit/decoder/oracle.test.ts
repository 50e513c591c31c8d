/**
 * The decoder against jco's wasm-tools, component by component: every
 * function of every import and export has the parameters and result that the
 * component's type section declares, as jco's `print` shows it for a copy of
 * the component without its core modules.
 */
import { print } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, test } from 'vitest';
import { decodeComponent } from '../../../../src/wit/decoder/index.js';
import { formatType } from '../../../../src/wit/format-type.js';
import type { Func, Resolve, WorldItem } from '../../../../src/wit/model.js';
import { dummyComponent } from '../../../helpers/components.js';
import { corpusBytes, corpusNames } from './corpus.js';
import { EXPORTED_WIT, STREAMING_WIT } from './wit-fixtures.js';
import type { OracleFunc, OracleItem } from './oracle/wat-oracle.js';
import { oracleWorld } from './oracle/wat-component.js';
import { stripCoreModules } from './oracle/strip.js';

function signature(resolve: Resolve, func: Func): OracleFunc {
  return {
    async: func.async,
    params: func.params.map((p) => [p.name, formatType(resolve, p.type)] as const),
    result: func.result === null ? null : formatType(resolve, func.result),
  };
}

/**
 * Compares one side (imports or exports) of the world. An interface both
 * imported and exported is one interface in the model, holding the functions
 * of both sides (imports are trimmed to what the component uses), so each
 * side's functions must be found in it, and `seen` collects them per interface.
 */
function compareItems(
  resolve: Resolve,
  decoded: ReadonlyMap<string, WorldItem>,
  expected: ReadonlyMap<string, OracleItem>,
  seen: Map<number, Set<string>>,
): void {
  expect([...decoded.keys()]).toEqual([...expected.keys()]);
  for (const [name, item] of decoded) {
    const oracle = expected.get(name);
    if (item.tag === 'function') {
      expect({ name, kind: 'func', func: signature(resolve, item.func) }).toEqual({ name, ...oracle });
    } else if (item.tag === 'interface') {
      expect(oracle?.kind).toBe('instance');
      const functions = resolve.interfaces[item.id]?.functions ?? new Map<string, Func>();
      const names = seen.get(item.id) ?? new Set<string>();
      seen.set(item.id, names);
      for (const [funcName, func] of oracle?.kind === 'instance' ? oracle.funcs : []) {
        const decodedFunc = functions.get(funcName);
        expect({ name, funcName, func: decodedFunc && signature(resolve, decodedFunc) }).toEqual({
          name,
          funcName,
          func,
        });
        names.add(funcName);
      }
    } else {
      expect(oracle?.kind).toBe('other');
    }
  }
}

async function checkAgainstPrint(bytes: Uint8Array): Promise<void> {
  const resolve = decodeComponent(bytes);
  const oracle = oracleWorld(await print(stripCoreModules(bytes)));
  const world = resolve.worlds[0];
  const seen = new Map<number, Set<string>>();
  compareItems(resolve, world?.imports ?? new Map<string, WorldItem>(), oracle.imports, seen);
  compareItems(resolve, world?.exports ?? new Map<string, WorldItem>(), oracle.exports, seen);
  for (const [id, names] of seen) {
    expect([...(resolve.interfaces[id]?.functions.keys() ?? [])].sort()).toEqual([...names].sort());
  }
}

describe('component decoder against the type sections jco prints', () => {
  for (const name of corpusNames()) {
    test(`${name}: every function's params and result match`, async () => {
      await checkAgainstPrint(corpusBytes(name));
    });
  }

  test('components built from WIT (with a name section) match too', async () => {
    await checkAgainstPrint(await dummyComponent(STREAMING_WIT, 'w'));
    await checkAgainstPrint(await dummyComponent(EXPORTED_WIT, 'w'));
  });
});
