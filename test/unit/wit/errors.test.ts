/**
 * One negative test per error kind, with the exact message: `file:line:col`,
 * what is wrong and what was expected, the source line and a caret.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { WitError, WitErrorCode } from '../../../src/wit/errors.js';
import { loadWit, parseWitText } from '../../../src/wit/load.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { mkdirSync, writeFileSync } from 'node:fs';

function failure(source: string, options: { features?: string[] } = {}): WitError {
  try {
    parseWitText(source, 'test.wit', options);
  } catch (error: unknown) {
    if (error instanceof WitError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the WIT to be rejected');
}

const lines = (...text: string[]): string => text.join('\n');

describe('resolver errors name the position, show the line with a caret and say what was expected', () => {
  test('an unknown package (unknown-package)', () => {
    const error = failure(lines('package a:b;', 'interface x {', '  use c:d/y@1.0.0.{t};', '}'));
    expect(error.code).toBe(WitErrorCode.unknownPackage);
    expect(error.span).toEqual({ file: 'test.wit', line: 3, column: 7 });
    expect(error.message).toBe(
      lines(
        'test.wit:3:7: unknown package `c:d@1.0.0` (loaded: a:b); expected a package defined in the loaded WIT (put dependencies in a `deps/` folder)',
        '3 |   use c:d/y@1.0.0.{t};',
        '  |       ^^^^^^^^^^^',
      ),
    );
  });

  test('an unknown interface (unknown-interface)', () => {
    const error = failure(lines('package a:b;', 'world w {', '  import nope;', '}'));
    expect(error.code).toBe(WitErrorCode.unknownInterface);
    expect(error.message).toBe(
      lines(
        'test.wit:3:10: unknown interface `nope`; expected an interface defined in package `a:b` or brought in with a file-level `use`',
        '3 |   import nope;',
        '  |          ^^^^',
      ),
    );
  });

  test('an interface missing from another package lists the ones it has (unknown-interface)', () => {
    const error = failure(
      lines(
        'package a:b;',
        'world w {',
        '  import c:d/nope;',
        '}',
        'package c:d {',
        '  interface one {}',
        '  interface two {}',
        '}',
      ),
    );
    expect(error.code).toBe(WitErrorCode.unknownInterface);
    expect(error.message).toBe(
      lines(
        'test.wit:3:14: package `c:d` has no interface `nope`; expected one of `one`, `two`',
        '3 |   import c:d/nope;',
        '  |              ^^^^',
      ),
    );
  });

  test('an unknown world (unknown-world)', () => {
    const error = failure(lines('package a:b;', 'world w {', '  include nope;', '}'));
    expect(error.code).toBe(WitErrorCode.unknownWorld);
    expect(error.message).toBe(
      lines(
        'test.wit:3:11: unknown world `nope`; expected a world defined in package `a:b` or brought in with a file-level `use`',
        '3 |   include nope;',
        '  |           ^^^^',
      ),
    );
  });

  test('an unknown type (unknown-name)', () => {
    const error = failure(lines('package a:b;', 'interface x {', '  f: func(a: nope);', '}'));
    expect(error.code).toBe(WitErrorCode.unknownName);
    expect(error.span).toEqual({ file: 'test.wit', line: 3, column: 14 });
    expect(error.message).toBe(
      lines(
        'test.wit:3:14: unknown type `nope`; expected a type defined in interface `x` or brought in with `use`',
        '3 |   f: func(a: nope);',
        '  |              ^^^^',
      ),
    );
  });

  test('a `use` of a function (unknown-name)', () => {
    const error = failure(lines('package a:b;', 'interface y { f: func(); }', 'interface x {', '  use y.{f};', '}'));
    expect(error.code).toBe(WitErrorCode.unknownName);
    expect(error.message).toBe(
      lines(
        'test.wit:4:10: `f` in interface `y` is a function; expected the name of a type (only types can be `use`d)',
        '4 |   use y.{f};',
        '  |          ^',
      ),
    );
  });

  test('a reference to an item of a feature that is not enabled (feature-disabled)', () => {
    const source = lines(
      'package a:b@1.0.0;',
      'interface x {',
      '  @unstable(feature = fancy)',
      '  type t = u32;',
      '  f: func(a: t);',
      '}',
    );
    const error = failure(source);
    expect(error.code).toBe(WitErrorCode.featureDisabled);
    expect(error.message).toBe(
      lines(
        'test.wit:5:14: type `t` is `@unstable(feature = fancy)` and that feature is not enabled; expected the feature to be enabled, or no reference to `t`',
        '5 |   f: func(a: t);',
        '  |              ^',
      ),
    );
    expect(() => parseWitText(source, 'test.wit', { features: ['fancy'] })).not.toThrow();
  });

  test('a name defined twice (duplicate-definition)', () => {
    const error = failure(lines('package a:b;', 'interface x {', '  type t = u32;', '  record t { a: u8 }', '}'));
    expect(error.code).toBe(WitErrorCode.duplicateDefinition);
    expect(error.message).toBe(
      lines(
        'test.wit:4:10: name `t` is defined more than once in interface `x`; expected a unique name',
        '4 |   record t { a: u8 }',
        '  |          ^',
      ),
    );
  });

  test('an interface imported twice (duplicate-definition)', () => {
    const error = failure(lines('package a:b;', 'interface x {}', 'world w {', '  import x;', '  import x;', '}'));
    expect(error.code).toBe(WitErrorCode.duplicateDefinition);
    expect(error.message).toBe(
      lines(
        'test.wit:5:10: interface `a:b/x` is imported more than once in world `w`; expected each interface to be imported once',
        '5 |   import x;',
        '  |          ^',
      ),
    );
  });

  test('a package defined twice (duplicate-package)', () => {
    const error = failure(lines('package a:b { interface x {} }', 'package a:b { interface y {} }'));
    expect(error.code).toBe(WitErrorCode.duplicatePackage);
    expect(error.message).toBe(
      lines(
        'test.wit:2:9: package `a:b` is defined more than once (first at test.wit:1:9); expected each package to be defined once',
        '2 | package a:b { interface y {} }',
        '  |         ^^^',
      ),
    );
  });

  test('a recursive type (type-cycle)', () => {
    const error = failure(
      lines('package a:b;', 'interface x {', '  record a { b: b }', '  record b { a: list<a> }', '}'),
    );
    expect(error.code).toBe(WitErrorCode.typeCycle);
    expect(error.message).toBe(
      lines(
        'test.wit:3:10: type `a` contains itself (`a` -> `b` -> `a`); expected types that do not refer back to themselves (WIT types cannot be recursive)',
        '3 |   record a { b: b }',
        '  |          ^',
      ),
    );
  });

  test('interfaces that use each other (interface-cycle)', () => {
    const error = failure(
      lines(
        'package a:b;',
        'interface x {',
        '  use y.{t};',
        '  type u = u32;',
        '}',
        'interface y {',
        '  use x.{u};',
        '  type t = u32;',
        '}',
      ),
    );
    expect(error.code).toBe(WitErrorCode.interfaceCycle);
    expect(error.message).toBe(
      lines(
        'test.wit:7:7: interfaces depend on each other in a cycle (`x` uses `y` uses `x`); expected interfaces whose `use`s do not form a cycle',
        '7 |   use x.{u};',
        '  |       ^',
      ),
    );
  });

  test('worlds that include each other (world-cycle)', () => {
    const error = failure(lines('package a:b;', 'world v {', '  include w;', '}', 'world w {', '  include v;', '}'));
    expect(error.code).toBe(WitErrorCode.worldCycle);
    expect(error.message).toBe(
      lines(
        'test.wit:6:11: worlds depend on each other in a cycle (`v` includes `w` includes `v`); expected worlds whose `include`s do not form a cycle',
        '6 |   include v;',
        '  |           ^',
      ),
    );
  });

  test('packages that refer to each other (package-cycle)', () => {
    const error = failure(
      lines(
        'package a:b { interface x { use c:d/y.{t}; type u = u32; } }',
        'package c:d { interface y { use a:b/x.{u}; type t = u32; } }',
      ),
    );
    expect(error.code).toBe(WitErrorCode.packageCycle);
    expect(error.message).toBe(
      lines(
        'test.wit:2:33: packages refer to each other in a cycle (`a:b` -> `c:d` -> `a:b`); expected packages whose references do not form a cycle',
        '2 | package c:d { interface y { use a:b/x.{u}; type t = u32; } }',
        '  |                                 ^^^^^',
      ),
    );
  });

  test('included worlds with the same plain name (world-conflict)', () => {
    const error = failure(
      lines(
        'package a:b;',
        'world one { import f: func(); }',
        'world two { import f: func(); }',
        'world both {',
        '  include one;',
        '  include two;',
        '}',
      ),
    );
    expect(error.code).toBe(WitErrorCode.worldConflict);
    expect(error.message).toBe(
      lines(
        'test.wit:6:11: import `f` of included world `two` clashes with import `f` already in world `both`; expected unique names (rename it with `include two with { f as new-name }`)',
        '6 |   include two;',
        '  |           ^^^',
      ),
    );
  });

  test('a `with` rename of a name the included world does not have (unknown-name)', () => {
    const error = failure(
      lines('package a:b;', 'world one { import f: func(); }', 'world w {', '  include one with { g as h }', '}'),
    );
    expect(error.code).toBe(WitErrorCode.unknownName);
    expect(error.message).toBe(
      lines(
        'test.wit:4:22: world `one` has no plain-named import or export `g` (interfaces imported by path cannot be renamed); expected one of `f`',
        '4 |   include one with { g as h }',
        '  |                      ^',
      ),
    );
  });

  test('a borrow of something that is not a resource (invalid-type)', () => {
    const error = failure(lines('package a:b;', 'interface x {', '  type t = u32;', '  f: func(a: borrow<t>);', '}'));
    expect(error.code).toBe(WitErrorCode.invalidType);
    expect(error.message).toBe(
      lines(
        'test.wit:4:21: `borrow<t>` needs a resource, but `t` is not one; expected the name of a `resource`',
        '4 |   f: func(a: borrow<t>);',
        '  |                     ^',
      ),
    );
  });

  test('a function returning a borrowed handle (invalid-type)', () => {
    const error = failure(
      lines(
        'package a:b;',
        'interface x {',
        '  resource r;',
        '  record holder { r: borrow<r> }',
        '  get: func() -> holder;',
        '}',
      ),
    );
    expect(error.code).toBe(WitErrorCode.invalidType);
    expect(error.message).toBe(
      lines(
        'test.wit:5:3: function `get` returns a type that contains a `borrow<..>` handle; expected a result without borrowed handles (return an owned handle instead)',
        '5 |   get: func() -> holder;',
        '  |   ^^^',
      ),
    );
  });

  test('a constructor with a result that is not `result<r, ..>` (invalid-type)', () => {
    const error = failure(
      lines('package a:b;', 'interface x {', '  resource r {', '    constructor() -> u32;', '  }', '}'),
    );
    expect(error.code).toBe(WitErrorCode.invalidType);
    expect(error.message).toBe(
      lines(
        "test.wit:4:5: a constructor's declared result must be `result<r, ..>`; expected `-> result<r, error-type>` or no result",
        '4 |     constructor() -> u32;',
        '  |     ^^^^^^^^^^^',
      ),
    );
  });

  test('a map with a float key (invalid-type)', () => {
    const error = failure(lines('package a:b;', 'interface x {', '  type m = map<f32, u8>;', '}'));
    expect(error.code).toBe(WitErrorCode.invalidType);
    expect(error.message).toBe(
      lines(
        'test.wit:3:16: invalid map key type; expected `bool`, an integer type, `char` or `string`',
        '3 |   type m = map<f32, u8>;',
        '  |                ^^^',
      ),
    );
  });

  test('`@since` in a package without a version (invalid-gate)', () => {
    const error = failure(lines('package a:b;', 'interface x {', '  @since(version = 1.0.0)', '  f: func();', '}'));
    expect(error.code).toBe(WitErrorCode.invalidGate);
    expect(error.message).toBe(
      lines(
        'test.wit:3:20: `@since` needs a versioned package, but package `a:b` has no version; expected `package a:b@<version>;`',
        '3 |   @since(version = 1.0.0)',
        '  |                    ^^^^^',
      ),
    );
  });

  test('`@deprecated` alone (invalid-gate)', () => {
    const error = failure(
      lines('package a:b@1.0.0;', 'interface x {', '  @deprecated(version = 1.0.0)', '  f: func();', '}'),
    );
    expect(error.code).toBe(WitErrorCode.invalidGate);
    expect(error.message).toBe(
      lines(
        'test.wit:3:3: `@deprecated` must follow `@since` or `@unstable`; expected `@since(version = ..)` before it',
        '3 |   @deprecated(version = 1.0.0)',
        '  |   ^',
      ),
    );
  });

  test('items without a package declaration (missing-package)', () => {
    const error = failure('interface x {}\n');
    expect(error.code).toBe(WitErrorCode.missingPackage);
    expect(error.message).toBe(
      lines(
        "test.wit:1:11: these items belong to no package; expected a `package namespace:name;` declaration at the top of one of the package's files",
        '1 | interface x {}',
        '  |           ^',
      ),
    );
  });

  test('files of one directory that declare different packages (package-mismatch)', () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'a.wit'), 'package a:b;\ninterface x {}\n');
    writeFileSync(join(dir, 'b.wit'), 'package a:c;\ninterface y {}\n');
    expect(() => loadWit(dir)).toThrow(WitError);
    try {
      loadWit(dir);
    } catch (error: unknown) {
      const e = error as WitError;
      expect(e.code).toBe(WitErrorCode.packageMismatch);
      expect(e.message).toBe(
        lines(
          `${join(dir, 'b.wit')}:1:9: package \`a:c\` does not match \`a:b\` declared at ${join(dir, 'a.wit')}:1:9; expected every file of a package to declare the same name`,
          '1 | package a:c;',
          '  |         ^^^',
        ),
      );
    }
  });

  test('a path that does not exist (io)', () => {
    const dir = makeTempDir();
    const missing = join(dir, 'nope.wit');
    expect(() => loadWit(missing)).toThrow(
      `${missing}: no such file or directory; expected a \`.wit\` file or a directory of \`.wit\` files`,
    );
  });

  test('a directory without WIT files (io)', () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, 'empty'));
    expect(() => loadWit(join(dir, 'empty'))).toThrow('contains no `.wit` files');
  });
});

describe('lexer and parser errors', () => {
  test('an identifier with `_` (invalid-token)', () => {
    const error = failure(lines('package a:b;', 'interface x {', '  type a_b = u32;', '}'));
    expect(error.code).toBe(WitErrorCode.invalidToken);
    expect(error.message).toBe(
      lines(
        'test.wit:3:8: invalid identifier `a_b`: `_` is not allowed in identifiers (words are joined by `-`); expected a kebab-case name like `my-name`',
        '3 |   type a_b = u32;',
        '  |        ^^^',
      ),
    );
  });

  test('an identifier mixing cases within a word (invalid-token)', () => {
    expect(failure('package a:b;\ninterface x { type Foo = u8; }\n').detail).toBe(
      'invalid identifier `Foo`: the word `Foo` mixes lowercase and uppercase letters (each word must be all lowercase or all uppercase); expected a kebab-case name like `my-name`',
    );
  });

  test('an unterminated block comment (invalid-token)', () => {
    const error = failure(lines('package a:b;', '/* never closed', 'interface x {}'));
    expect(error.message).toBe(
      lines('test.wit:2:1: unterminated block comment: expected a closing `*/`', '2 | /* never closed', '  | ^^'),
    );
  });

  test('a version that is not semver (invalid-token)', () => {
    expect(failure('package a:b@1.0;\n').message).toBe(
      lines(
        'test.wit:1:13: expected a semantic version like `1.0.0`, found `1.0`',
        '1 | package a:b@1.0;',
        '  |             ^^^',
      ),
    );
  });

  test('a missing type (syntax)', () => {
    const error = failure(lines('package a:b;', 'interface x {', '  f: func(a: u32) -> ;', '}'));
    expect(error.code).toBe(WitErrorCode.syntax);
    expect(error.detail).toBe(
      'expected a type (a primitive like `u32`, a type name, or `list<..>`, `option<..>`, `result<..>`, `tuple<..>`, `borrow<..>`, `future`, `stream`, `map<..>`), found `;`',
    );
    expect(error.span).toEqual({ file: 'test.wit', line: 3, column: 22 });
  });

  test('input that ends inside a block (syntax)', () => {
    expect(failure(lines('package a:b;', 'interface x {', '  record r {', '')).message).toBe(
      lines('test.wit:4:1: expected a field name or `}`, found end of input', '4 | ', '  | ^'),
    );
  });

  test('a keyword used as a name without `%` (syntax)', () => {
    expect(failure('package a:b;\ninterface x {\n  type = u8;\n}\n').detail).toBe(
      'expected a name for the type alias, found `=`',
    );
    expect(failure('package a:b;\ninterface x {\n  record type { a: u8 }\n}\n').detail).toBe(
      'expected a name for the record, found keyword `type`',
    );
  });

  test('an unknown annotation (syntax)', () => {
    expect(failure('package a:b;\ninterface x {\n  @external-id(x)\n  f: func();\n}\n').detail).toBe(
      'unknown annotation `@external-id`; expected `@since`, `@unstable` or `@deprecated`',
    );
  });

  test('a control character (invalid-token)', () => {
    const error = failure('package a:b;\ninterface x {\u0007}\n');
    expect(error.code).toBe(WitErrorCode.invalidToken);
    expect(error.span).toEqual({ file: 'test.wit', line: 2, column: 14 });
  });

  test('deeply nested types are refused before they exhaust the stack (syntax)', () => {
    const error = failure(`package a:b;\ninterface x { type t = ${'list<'.repeat(5000)}u8${'>'.repeat(5000)}; }\n`);
    expect(error.code).toBe(WitErrorCode.syntax);
    expect(error.detail).toBe(
      'type expressions nest more than 100 levels deep; expected a shallower type (name the inner parts with `type` aliases)',
    );
  });

  test('errors serialise with their code and position', () => {
    const error = failure('package a:b;\ninterface x { f: func(a: nope); }\n');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'unknown-name',
      message: error.message,
      file: 'test.wit',
      line: 2,
      column: 26,
    });
  });
});
