import { describe, expect, test } from 'vitest';
import { parseWitText } from '../../../src/wit/load.js';
import { formatPackageName, type Docs, type Resolve } from '../../../src/wit/model.js';
import { printResolve } from '../../../src/wit/print.js';
import { corpusEntries } from './corpus.js';

/** Every doc comment of a model, by a name-based path. */
function collectDocs(resolve: Resolve): Map<string, string> {
  const docs = new Map<string, string>();
  const add = (path: string, d: Docs): void => {
    if (d.contents !== undefined) {
      docs.set(path, d.contents);
    }
  };
  const addInterface = (path: string, id: number): void => {
    const iface = resolve.interfaces[id];
    if (iface === undefined) {
      return;
    }
    add(path, iface.docs);
    for (const [name, typeId] of iface.types) {
      const def = resolve.types[typeId];
      add(`${path}#${name}`, def?.docs ?? {});
      const kind = def?.kind;
      const members =
        kind?.tag === 'record'
          ? kind.fields
          : kind?.tag === 'variant' || kind?.tag === 'enum'
            ? kind.cases
            : kind?.tag === 'flags'
              ? kind.flags
              : [];
      members.forEach((m) => add(`${path}#${name}.${m.name}`, m.docs));
    }
    for (const [name, func] of iface.functions) {
      add(`${path}.${name}`, func.docs);
    }
  };
  for (const pkg of resolve.packages) {
    const base = formatPackageName(pkg.name);
    add(base, pkg.docs);
    pkg.interfaces.forEach((id, name) => addInterface(`${base}/${name}`, id));
    for (const [name, worldId] of pkg.worlds) {
      const world = resolve.worlds[worldId];
      add(`${base}/${name}`, world?.docs ?? {});
      for (const [side, items] of [
        ['import', world?.imports],
        ['export', world?.exports],
      ] as const) {
        for (const [key, item] of items ?? []) {
          if (item.tag === 'function') {
            add(`${base}/${name} ${side} ${key}`, item.func.docs);
          } else if (item.tag === 'interface' && resolve.interfaces[item.id]?.name === null) {
            addInterface(`${base}/${name} ${side} ${key}`, item.id);
          } else if (item.tag === 'type' && resolve.types[item.id]?.owner.tag === 'world') {
            add(`${base}/${name} ${side} ${key}`, resolve.types[item.id]?.docs ?? {});
          }
        }
      }
    }
  }
  return docs;
}

describe('doc comments survive printing', () => {
  test('on every kind of item', () => {
    const source = `/// pkg
package a:b;
/// iface
interface i {
  /// use
  use j.{t};
  /// rec
  record r {
    /// field
    f: u8,
  }
  /// var
  variant v {
    /// case
    c(string),
  }
  /// res
  resource q {
    /// ctor
    constructor();
    /// method
    m: func();
  }
  /// func
  f: func();
}
interface j { type t = u8; }
/// world
world w {
  /// world type
  type wt = u32;
  /// inline
  import x: interface {
    /// inner
    g: func();
  }
  /// world func
  export run: func();
}`;
    const resolve = parseWitText(source);
    const docs = collectDocs(resolve);
    expect(docs.size).toBe(16);
    expect(collectDocs(parseWitText(printResolve(resolve, { root: 0 })))).toEqual(docs);
  });

  test.each(corpusEntries().map((e) => [e.name, e] as const))('in %s', (_name, entry) => {
    const resolve = entry.load();
    const again = parseWitText(printResolve(resolve, { root: resolve.packages.length - 1 }), 'printed.wit', {
      allFeatures: true,
    });
    expect(collectDocs(again)).toEqual(collectDocs(resolve));
  });
});
