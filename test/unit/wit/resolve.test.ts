import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatType } from '../../../src/wit/format-type.js';
import { loadWit, parseWitText } from '../../../src/wit/load.js';
import { formatPackageName, interfaceFullName } from '../../../src/wit/model.js';
import { FIXTURES, funcIn, iface, typeIn, world } from './helpers.js';

describe('resolving interfaces', () => {
  const r = parseWitText(
    `package a:b@1.0.0;
    interface types {
      resource blob {
        constructor(init: list<u8>);
        write: func(bytes: list<u8>);
        merge: static func(lhs: borrow<blob>, rhs: own<blob>) -> blob;
      }
      resource fallible { constructor() -> result<fallible, string>; }
      record later-user { x: defined-later }
      type defined-later = tuple<u32, string>;
      type %type = list<u8, 4>;
      type m = map<string, option<u32>>;
      type fut = future<result<_, string>>;
      type s = stream;
      type ec = error-context;
      nothing: async func();
    }
    interface user {
      use types.{blob, later-user as renamed};
      take: func(b: blob, r: renamed) -> result;
    }`,
  );
  const types = iface(r, 'a:b@1.0.0', 'types');

  test('resource members become functions named [constructor], [method] and [static]', () => {
    expect([...types.functions.keys()]).toEqual([
      '[constructor]blob',
      '[method]blob.write',
      '[static]blob.merge',
      '[constructor]fallible',
      'nothing',
    ]);
    const blobId = types.types.get('blob');
    const ctor = funcIn(types, '[constructor]blob');
    expect(ctor.kind).toEqual({ tag: 'constructor', resource: blobId });
    expect(ctor.result).toEqual({ kind: 'named', id: blobId });
    const write = funcIn(types, '[method]blob.write');
    expect(write.params.map((p) => [p.name, formatType(r, p.type)])).toEqual([
      ['self', 'borrow<blob>'],
      ['bytes', 'list<u8>'],
    ]);
    expect(funcIn(types, '[static]blob.merge').kind.tag).toBe('static');
    expect(formatType(r, funcIn(types, '[constructor]fallible').result ?? { kind: 'primitive', name: 'bool' })).toBe(
      'result<fallible, string>',
    );
  });

  test('an explicit own<r> is the bare resource name', () => {
    const merge = funcIn(types, '[static]blob.merge');
    expect(merge.params[1]?.type).toEqual({ kind: 'named', id: types.types.get('blob') });
  });

  test('types may be used before they are defined, and every type form is kept', () => {
    expect(typeIn(r, types, 'later-user').kind).toEqual({
      tag: 'record',
      fields: [{ name: 'x', type: { kind: 'named', id: types.types.get('defined-later') }, docs: {} }],
    });
    const target = (name: string): string => {
      const kind = typeIn(r, types, name).kind;
      return kind.tag === 'alias' ? formatType(r, kind.target) : kind.tag;
    };
    expect(target('type')).toBe('list<u8, 4>');
    expect(target('m')).toBe('map<string, option<u32>>');
    expect(target('fut')).toBe('future<result<_, string>>');
    expect(target('s')).toBe('stream');
    expect(target('ec')).toBe('error-context');
    expect(funcIn(types, 'nothing').async).toBe(true);
  });

  test('`use` brings in aliases of the original types, renamed with `as`', () => {
    const user = iface(r, 'a:b@1.0.0', 'user');
    expect([...user.types.keys()]).toEqual(['blob', 'renamed']);
    const renamed = typeIn(r, user, 'renamed');
    expect(renamed.kind).toEqual({ tag: 'alias', target: { kind: 'named', id: types.types.get('later-user') } });
    expect(renamed.owner).toEqual({ tag: 'interface', id: r.packages[0]?.interfaces.get('user') });
    expect(formatType(r, funcIn(user, 'take').result ?? { kind: 'primitive', name: 'bool' })).toBe('result');
  });
});

describe('resolving worlds', () => {
  test('imports are preceded by the interfaces they use, exports by the exported interfaces they use, and exports import what they use unless exported', () => {
    const r = parseWitText(`package a:b;
      interface base { type t = u32; }
      interface mid { use base.{t}; }
      interface top { use mid.{t}; f: func() -> t; }
      interface other { use base.{t}; }
      world w {
        import top;
        export other;
        export base;
      }
      world e {
        export top;
      }`);
    expect([...world(r, 'a:b', 'w').imports.keys()]).toEqual(['a:b/base', 'a:b/mid', 'a:b/top']);
    expect([...world(r, 'a:b', 'w').exports.keys()]).toEqual(['a:b/base', 'a:b/other']);
    expect([...world(r, 'a:b', 'e').imports.keys()]).toEqual(['a:b/base', 'a:b/mid']);
    expect(world(r, 'a:b', 'e').imports.get('a:b/base')).toEqual({
      tag: 'interface',
      id: r.packages[0]?.interfaces.get('base'),
      named: false,
      stability: { tag: 'unknown' },
    });
  });

  test('includes merge imports and exports, deduplicate interfaces and apply renames', () => {
    const r = parseWitText(`package a:b;
      interface shared {}
      world one { import shared; import f: func(); export run: func(); }
      world two { import shared; import f: func(x: u32); }
      world both {
        include one;
        include two with { f as f2 }
        import mine: interface { g: func(); }
      }`);
    const both = world(r, 'a:b', 'both');
    expect([...both.imports.keys()]).toEqual(['mine', 'a:b/shared', 'f', 'f2']);
    expect([...both.exports.keys()]).toEqual(['run']);
    expect(both.includes.map((i) => [r.worlds[i.world]?.name, i.with])).toEqual([
      ['one', []],
      ['two', [{ from: 'f', to: 'f2' }]],
    ]);
    const f2 = both.imports.get('f2');
    expect(f2?.tag === 'function' ? f2.func.params.map((p) => p.name) : null).toEqual(['x']);
  });

  test('world items: plain functions, inline interfaces, named interface imports and world types', () => {
    const r = parseWitText(`package a:b;
      interface store { resource bucket; }
      world w {
        use store.{bucket};
        record cfg { b: borrow<bucket> }
        import primary: store;
        import inline: interface { use store.{bucket}; open: func() -> bucket; }
        export run: func(c: cfg);
      }`);
    const w = world(r, 'a:b', 'w');
    expect([...w.imports.keys()]).toEqual(['primary', 'a:b/store', 'inline', 'bucket', 'cfg']);
    const primary = w.imports.get('primary');
    expect(primary).toMatchObject({ tag: 'interface', named: true });
    expect(primary?.tag === 'interface' && r.interfaces[primary.id]?.name).toBe('store');
    const inline = w.imports.get('inline');
    expect(inline?.tag === 'interface' && r.interfaces[inline.id]?.name).toBeNull();
    expect(
      r.types[w.imports.get('cfg')?.tag === 'type' ? (w.imports.get('cfg') as { id: number }).id : -1]?.owner.tag,
    ).toBe('world');
  });
});

describe('feature gates', () => {
  const source = `package a:b@1.2.0;
    @since(version = 1.0.0)
    interface x {
      @since(version = 1.1.0)
      @deprecated(version = 1.2.0)
      old: func();
      @unstable(feature = shiny)
      new: func();
      @unstable(feature = shiny)
      type t = u8;
    }
    @unstable(feature = extra)
    interface y {}`;

  test('gates become the stability of items', () => {
    const r = parseWitText(source, 'gates.wit', { allFeatures: true });
    const x = iface(r, 'a:b@1.2.0', 'x');
    expect(x.stability).toEqual({ tag: 'stable', since: '1.0.0', deprecated: undefined });
    expect(funcIn(x, 'old').stability).toEqual({ tag: 'stable', since: '1.1.0', deprecated: '1.2.0' });
    expect(funcIn(x, 'new').stability).toEqual({ tag: 'unstable', feature: 'shiny', deprecated: undefined });
  });

  test('@unstable items are left out unless their feature is enabled', () => {
    const none = parseWitText(source);
    expect([...iface(none, 'a:b@1.2.0', 'x').functions.keys()]).toEqual(['old']);
    expect([...(none.packages[0]?.interfaces.keys() ?? [])]).toEqual(['x']);
    const shiny = parseWitText(source, 'gates.wit', { features: ['shiny'] });
    expect([...iface(shiny, 'a:b@1.2.0', 'x').functions.keys()]).toEqual(['old', 'new']);
    expect([...(shiny.packages[0]?.interfaces.keys() ?? [])]).toEqual(['x']);
    const all = parseWitText(source, 'gates.wit', { allFeatures: true });
    expect([...(all.packages[0]?.interfaces.keys() ?? [])]).toEqual(['x', 'y']);
  });
});

describe('syntax details', () => {
  test('doc comments are kept; plain comments and nested block comments are not', () => {
    const r = parseWitText(`package a:b;
      /// First line.
      ///
      /// Third line.
      // not a doc
      interface x {
        /** Block doc. */
        f: func();
        /* outer /* nested */ still a comment */
        g: func();
      }`);
    const x = iface(r, 'a:b', 'x');
    expect(x.docs.contents).toBe('First line.\n\nThird line.');
    expect(funcIn(x, 'f').docs.contents).toBe('Block doc.');
    expect(funcIn(x, 'g').docs.contents).toBeUndefined();
  });

  test('keywords escaped with % are plain names, and trailing commas are allowed', () => {
    const r = parseWitText(
      'package a:b;\ninterface %interface {\n  record %record { %type: u32, }\n  %func: func(%enum: u8,);\n}\n',
    );
    const i = iface(r, 'a:b', 'interface');
    expect(typeIn(r, i, 'record').kind).toMatchObject({ tag: 'record', fields: [{ name: 'type' }] });
    expect(funcIn(i, 'func').params.map((p) => p.name)).toEqual(['enum']);
  });

  test('one text may hold several packages, at several versions, referring to each other', () => {
    const r = parseWitText(`package root:app;
      world w { import my:dep/a@0.1.0; import my:dep/a@0.2.0-rc.1+build.5; }
      package my:dep@0.1.0 { interface a { x: func(); } }
      package my:dep@0.2.0-rc.1+build.5 { interface a { use my:dep/b@0.2.0-rc.1+build.5.{t}; } interface b { type t = u8; } }`);
    expect(r.packages.map((p) => formatPackageName(p.name))).toEqual([
      'my:dep@0.1.0',
      'my:dep@0.2.0-rc.1+build.5',
      'root:app',
    ]);
    expect([...world(r, 'root:app', 'w').imports.keys()]).toEqual([
      'my:dep/a@0.1.0',
      'my:dep/b@0.2.0-rc.1+build.5',
      'my:dep/a@0.2.0-rc.1+build.5',
    ]);
  });

  test('a text of nested packages only has no root package', () => {
    const r = parseWitText('package a:b { interface x {} }\npackage c:d { interface y { } }\n');
    expect(r.packages.map((p) => formatPackageName(p.name))).toEqual(['a:b', 'c:d']);
  });
});

describe('loading from the file system', () => {
  test('a directory loads its files as one package and every entry of deps/ as a package, root last', () => {
    const r = loadWit(join(FIXTURES, 'app'));
    expect(r.packages.map((p) => formatPackageName(p.name))).toEqual([
      'example:greeter@1.2.0',
      'example:util@0.3.0',
      'example:app@0.1.0',
    ]);
    expect([...(r.packages[0]?.worlds.keys() ?? [])]).toEqual(['greeter']);
    expect(r.packages[2]?.docs.contents).toBe('The root package of a WIT directory with dependencies.');
    const app = world(r, 'example:app@0.1.0', 'app');
    expect([...app.imports.keys()]).toEqual(['example:greeter/greet@1.2.0', 'example:util/ids@0.3.0']);
    expect(
      [...app.exports.values()].map((item) => (item.tag === 'interface' ? interfaceFullName(r, item.id) : item.tag)),
    ).toEqual(['example:app/orders@0.1.0']);
    const order = typeIn(r, iface(r, 'example:app@0.1.0', 'orders'), 'order');
    expect(order.span).toEqual({ file: join(FIXTURES, 'app', 'app.wit'), line: 10, column: 10 });
  });

  test('a single file loads without looking at its directory', () => {
    const r = loadWit(join(FIXTURES, 'app', 'deps', 'util.wit'));
    expect(r.packages.map((p) => formatPackageName(p.name))).toEqual(['example:util@0.3.0']);
  });
});

describe('scale', () => {
  test('a chain of 20000 types, each containing the previous, resolves without deep recursion', () => {
    const lines = ['package a:b;', 'interface big {', '  get: func() -> option<t19999>;'];
    for (let i = 0; i < 20000; i++) {
      lines.push(`  record t${i} { x: ${i === 0 ? 'string' : `t${i - 1}`} }`);
    }
    lines.push('}');
    const r = parseWitText(lines.join('\n'));
    expect(r.interfaces[0]?.types.size).toBe(20000);
  });
});
