import { describe, expect, test } from 'vitest';
import { modelDiff } from '../../../src/wit/equal.js';
import { formatType } from '../../../src/wit/format-type.js';
import { parseWitText } from '../../../src/wit/load.js';
import type { Type } from '../../../src/wit/model.js';
import { printPackage, printResolve } from '../../../src/wit/print.js';

const SOURCE = `package ex:demo@1.0.0;
/// Types shared by the demo.
@since(version = 1.0.0)
interface types {
  use ex:dep/base.{id, id as other-id};
  /// A blob.
  resource blob {
    constructor(init: list<u8>);
    write: func(bytes: list<u8>);
    merge: static func(a: borrow<blob>, b: own<blob>) -> blob;
  }
  resource maybe { constructor() -> result<maybe, string>; }
  @unstable(feature = shiny)
  flags perms { read, write }
  variant %variant { a, b(id) }
  run: async func(x: %variant) -> result<_, string>;
}
world app {
  import types;
  include ex:dep/base-world;
  export go: func();
}
package ex:dep { interface base { type id = u64; } world base-world { import base; } }
`;

const EXPECTED_ROOT = `package ex:demo@1.0.0;

/// Types shared by the demo.
@since(version = 1.0.0)
interface types {
  use ex:dep/base.{id, id as other-id};

  /// A blob.
  resource blob {
    constructor(init: list<u8>);
    write: func(bytes: list<u8>);
    merge: static func(a: borrow<blob>, b: blob) -> blob;
  }

  resource maybe {
    constructor() -> result<maybe, string>;
  }

  @unstable(feature = shiny)
  flags perms {
    read,
    write,
  }

  variant %variant {
    a,
    b(id),
  }

  run: async func(x: %variant) -> result<_, string>;
}

world app {
  include ex:dep/base-world;
  import types;
  export go: func();
}
`;

const EXPECTED_DEP = `package ex:dep {
  interface base {
    type id = u64;
  }

  world base-world {
    import base;
  }
}
`;

describe('the printer', () => {
  const resolve = parseWitText(SOURCE, 'demo.wit', { allFeatures: true });

  test('writes canonical WIT: uses first, resources with their members, gates, docs, escaped keywords, includes', () => {
    expect(printPackage(resolve, 1)).toBe(EXPECTED_ROOT);
  });

  test('writes other packages as nested blocks after the root', () => {
    expect(printPackage(resolve, 0, { nested: true })).toBe(EXPECTED_DEP);
    expect(printResolve(resolve, { root: 1 })).toBe(`${EXPECTED_ROOT}\n${EXPECTED_DEP}`);
  });

  test('without a root every package is a nested block, and the text still parses to the same model', () => {
    const text = printResolve(resolve);
    expect(text.startsWith('package ex:dep {')).toBe(true);
    expect(modelDiff(resolve, parseWitText(text, 'again.wit', { allFeatures: true }))).toEqual([]);
  });

  test('a world keeps only what its includes do not bring in, and writes implied imports', () => {
    const r = parseWitText(`package a:b;
      interface base { type t = u32; }
      interface user { use base.{t}; }
      world inner { import f: func(); }
      world outer { include inner with { f as g } export user; }`);
    expect(printPackage(r, 0)).toContain(
      ['world outer {', '  include inner with { f as g }', '  import base;', '  export user;', '}'].join('\n'),
    );
  });

  test('inline interfaces, named interface imports and world types are written in place', () => {
    const r = parseWitText(`package a:b;
      interface store { resource bucket; }
      world w {
        use store.{bucket as b};
        type alias = list<b>;
        import primary: store;
        import inline: interface { get: func() -> u8; }
        export run: func(a: alias);
      }`);
    expect(printPackage(r, 0)).toContain(
      [
        'world w {',
        '  use store.{bucket as b};',
        '  type alias = list<b>;',
        '  import primary: store;',
        '  import inline: interface {',
        '    get: func() -> u8;',
        '  }',
        '  import store;',
        '  export run: func(a: alias);',
        '}',
      ].join('\n'),
    );
  });
});

describe('formatType', () => {
  const r = parseWitText('package a:b;\ninterface i { resource r; record %type { x: u8 } }\n');
  const rid = r.interfaces[0]?.types.get('r') ?? -1;
  const tid = r.interfaces[0]?.types.get('type') ?? -1;
  const cases: [Type, string][] = [
    [{ kind: 'primitive', name: 'error-context' }, 'error-context'],
    [{ kind: 'named', id: tid }, '%type'],
    [{ kind: 'borrow', resource: rid }, 'borrow<r>'],
    [{ kind: 'list', element: { kind: 'primitive', name: 'u8' }, size: 4 }, 'list<u8, 4>'],
    [{ kind: 'result', ok: null, err: null }, 'result'],
    [{ kind: 'result', ok: { kind: 'named', id: rid }, err: null }, 'result<r>'],
    [{ kind: 'result', ok: null, err: { kind: 'primitive', name: 'string' } }, 'result<_, string>'],
    [
      {
        kind: 'tuple',
        items: [
          { kind: 'primitive', name: 'u32' },
          { kind: 'primitive', name: 'string' },
        ],
      },
      'tuple<u32, string>',
    ],
    [{ kind: 'tuple', items: [] }, 'tuple<>'],
    [{ kind: 'future', inner: null }, 'future'],
    [{ kind: 'stream', inner: { kind: 'option', inner: { kind: 'primitive', name: 'char' } } }, 'stream<option<char>>'],
    [
      {
        kind: 'map',
        key: { kind: 'primitive', name: 'string' },
        value: { kind: 'list', element: { kind: 'primitive', name: 'u8' } },
      },
      'map<string, list<u8>>',
    ],
  ];
  test.each(cases.map(([type, text]) => [text, type] as const))('writes %s', (text, type) => {
    expect(formatType(r, type)).toBe(text);
  });

  test('writes an anonymous alias (as a decoder may produce) by its structure', () => {
    const types = [
      ...r.types,
      {
        name: null,
        owner: { tag: 'none' as const },
        kind: {
          tag: 'alias' as const,
          target: { kind: 'option' as const, inner: { kind: 'primitive' as const, name: 'u8' as const } },
        },
        docs: {},
        stability: { tag: 'unknown' as const },
      },
    ];
    expect(formatType({ ...r, types }, { kind: 'list', element: { kind: 'named', id: types.length - 1 } })).toBe(
      'list<option<u8>>',
    );
  });
});
