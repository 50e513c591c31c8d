/**
 * Validation rules shared with the reference toolchain, each with one WIT it
 * rejects (exact message) and the forms it accepts.
 */
import { describe, expect, test } from 'vitest';
import { WitError, WitErrorCode } from '../../../src/wit/errors.js';
import { compareVersions } from '../../../src/wit/gates.js';
import { parseWitText } from '../../../src/wit/load.js';

const lines = (...text: string[]): string => text.join('\n');

function failure(source: string): WitError {
  try {
    parseWitText(source, 'test.wit');
  } catch (error: unknown) {
    if (error instanceof WitError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the WIT to be rejected');
}

describe('`@since` may not name a version newer than its package', () => {
  test('a newer version is rejected (invalid-gate)', () => {
    const error = failure(
      lines('package a:b@1.0.0;', 'interface x {', '  @since(version = 1.1.0)', '  f: func();', '}'),
    );
    expect(error.code).toBe(WitErrorCode.invalidGate);
    expect(error.message).toBe(
      lines(
        'test.wit:3:20: feature gate cannot reference unreleased version 1.1.0 of package `a:b@1.0.0` (current version 1.0.0); expected a version no newer than 1.0.0',
        '3 |   @since(version = 1.1.0)',
        '  |                    ^^^^^',
      ),
    );
  });

  test('the package version itself, older versions and older prereleases are accepted', () => {
    const resolve = parseWitText(
      lines(
        'package a:b@1.0.0;',
        '@since(version = 1.0.0)',
        'interface x {',
        '  @since(version = 0.2.0)',
        '  f: func();',
        '  @since(version = 1.0.0-rc.1)',
        '  g: func();',
        '}',
      ),
    );
    expect([...(resolve.interfaces[0]?.functions.keys() ?? [])]).toEqual(['f', 'g']);
  });

  test('versions compare by semver precedence', () => {
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('0.2.10', '0.2.9')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0-rc.2', '1.0.0-rc.10')).toBeLessThan(0);
    expect(compareVersions('1.0.0-alpha', '1.0.0-1')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0+build.5', '1.0.0')).toBe(0);
  });
});

describe('names that differ only in case are one name (duplicate-definition)', () => {
  const cases: [string, string, string][] = [
    [
      'two functions of an interface',
      lines('package a:b;', 'interface x {', '  get-user: func();', '  GET-USER: func();', '}'),
      'test.wit:4:3: name `GET-USER` conflicts with `get-user` in interface `x`: names that differ only in case are the same name; expected a unique name',
    ],
    [
      'a type and a function',
      lines('package a:b;', 'interface x {', '  record user { id: u32 }', '  USER: func();', '}'),
      'test.wit:4:3: name `USER` conflicts with `user` in interface `x`: names that differ only in case are the same name; expected a unique name',
    ],
    [
      'two record fields',
      lines('package a:b;', 'interface x {', '  record r { id: u32, ID: u32 }', '}'),
      'test.wit:3:23: field `ID` conflicts with `id` in `r`: names that differ only in case are the same name; expected a unique name',
    ],
    [
      'two parameters',
      lines('package a:b;', 'interface x {', '  f: func(a: u32, A: u32);', '}'),
      'test.wit:3:19: parameter `A` conflicts with `a` in function `f`: names that differ only in case are the same name; expected a unique name',
    ],
    [
      'an interface and a world',
      lines('package a:b;', 'interface api {}', 'world API {}'),
      'test.wit:3:7: world `API` conflicts with `api` in package `a:b` (interfaces and worlds share one namespace): names that differ only in case are the same name; expected a unique name',
    ],
    [
      'two world imports',
      lines('package a:b;', 'world w {', '  import run: func();', '  import RUN: func();', '}'),
      'test.wit:4:10: import name `RUN` conflicts with `run` in world `w`: names that differ only in case are the same name; expected a unique name',
    ],
  ];
  test.each(cases)('%s', (_what, source, message) => {
    const error = failure(source);
    expect(error.code).toBe(WitErrorCode.duplicateDefinition);
    expect(error.message.split('\n')[0]).toBe(message);
  });

  test('two methods of a resource', () => {
    const error = failure(lines('package a:b;', 'interface x {', '  resource r { m: func(); M: func(); }', '}'));
    expect(error.message.split('\n')[0]).toBe(
      'test.wit:3:27: method `M` is defined more than once in resource `r`; expected one',
    );
  });

  test('all-uppercase names and distinct names in different scopes are accepted', () => {
    const resolve = parseWitText(
      lines(
        'package a:b;',
        'interface x {',
        '  record user { id: u32 }',
        '  GET-USER: func(ID: u32) -> user;',
        '}',
        'interface y {',
        '  get-user: func(id: u32);',
        '}',
      ),
    );
    expect([...(resolve.interfaces[0]?.functions.keys() ?? [])]).toEqual(['GET-USER']);
    expect([...(resolve.interfaces[1]?.functions.keys() ?? [])]).toEqual(['get-user']);
  });
});

describe('each gate annotation at most once per item (invalid-gate)', () => {
  test('a repeated `@since` is rejected', () => {
    const error = failure(
      lines(
        'package a:b@1.0.0;',
        'interface x {',
        '  @since(version = 1.0.0)',
        '  @since(version = 1.0.0)',
        '  f: func();',
        '}',
      ),
    );
    expect(error.code).toBe(WitErrorCode.invalidGate);
    expect(error.message).toBe(
      lines(
        'test.wit:4:4: `@since` is given twice on one item; expected each of `@since`, `@unstable` and `@deprecated` at most once',
        '4 |   @since(version = 1.0.0)',
        '  |    ^^^^^',
      ),
    );
  });

  test('`@deprecated` before or after `@since` or `@unstable`, and gates on `include`, are accepted', () => {
    const resolve = parseWitText(
      lines(
        'package a:b@1.0.0;',
        'interface x {',
        '  @deprecated(version = 1.0.0)',
        '  @since(version = 0.1.0)',
        '  f: func();',
        '  @since(version = 0.1.0)',
        '  @deprecated(version = 1.0.0)',
        '  g: func();',
        '  @deprecated(version = 1.0.0)',
        '  @unstable(feature = fancy)',
        '  h: func();',
        '}',
        'world v { import x; }',
        'world w {',
        '  @since(version = 1.0.0)',
        '  include v;',
        '}',
      ),
      'test.wit',
      { features: ['fancy'] },
    );
    const x = resolve.interfaces[0];
    expect(x?.functions.get('f')?.stability).toEqual({ tag: 'stable', since: '0.1.0', deprecated: '1.0.0' });
    expect(x?.functions.get('g')?.stability).toEqual({ tag: 'stable', since: '0.1.0', deprecated: '1.0.0' });
    expect(x?.functions.get('h')?.stability).toEqual({ tag: 'unstable', feature: 'fancy', deprecated: '1.0.0' });
    expect(resolve.worlds[1]?.includes[0]?.stability).toEqual({ tag: 'stable', since: '1.0.0', deprecated: undefined });
  });
});

describe('imports and exports of one interface', () => {
  test('one interface imported by path and under names is accepted (each name is an import)', () => {
    const resolve = parseWitText(
      lines('package a:b;', 'interface x {}', 'world w {', '  import one: x;', '  import two: x;', '  import x;', '}'),
    );
    expect([...(resolve.worlds[0]?.imports.keys() ?? [])]).toEqual(['one', 'two', 'a:b/x']);
  });

  test('one interface both imported and exported, and a name both imported and exported, are accepted', () => {
    const resolve = parseWitText(
      lines(
        'package a:b;',
        'interface x {}',
        'world w {',
        '  import x;',
        '  export x;',
        '  import f: func();',
        '  export f: func();',
        '}',
      ),
    );
    expect([...(resolve.worlds[0]?.imports.keys() ?? [])]).toEqual(['a:b/x', 'f']);
    expect([...(resolve.worlds[0]?.exports.keys() ?? [])]).toEqual(['f', 'a:b/x']);
  });
});

describe('an exported interface may not reach an exported one through an imported one (world-conflict)', () => {
  const interfaces = [
    'package a:b;',
    'interface a { type t = u32; }',
    'interface b { use a.{t}; }',
    'interface c { use a.{t}; use b.{t as t2}; }',
  ];
  const message =
    'exported interface `a:b/c` uses `a:b/a` through `a:b/b`, which is not exported and so imported; an imported interface cannot use an exported one (`a:b/c` would see two copies of `a:b/a`); expected `a:b/b` exported too, or `a:b/a` not exported';

  test('exporting `a` and `c` but not `b` is rejected at the export of `c`', () => {
    const error = failure(lines(...interfaces, 'world w {', '  export a;', '  export c;', '}'));
    expect(error.code).toBe(WitErrorCode.worldConflict);
    expect(error.message).toBe(lines(`test.wit:7:10: ${message}`, '7 |   export c;', '  |          ^'));
  });

  test('in the other order it is rejected at the export of `c` too', () => {
    const error = failure(lines(...interfaces, 'world w {', '  export c;', '  export a;', '}'));
    expect(error.message.split('\n')[0]).toBe(`test.wit:6:10: ${message}`);
  });

  test('exporting all three, or only `c` (which imports `a` and `b`), is accepted', () => {
    const all = parseWitText(lines(...interfaces, 'world w {', '  export a;', '  export b;', '  export c;', '}'));
    expect([...(all.worlds[0]?.exports.keys() ?? [])]).toEqual(['a:b/a', 'a:b/b', 'a:b/c']);
    expect([...(all.worlds[0]?.imports.keys() ?? [])]).toEqual([]);
    const one = parseWitText(lines(...interfaces, 'world w {', '  export c;', '}'));
    expect([...(one.worlds[0]?.imports.keys() ?? [])]).toEqual(['a:b/a', 'a:b/b']);
  });
});

describe('gates are checked also on items their feature leaves out, and on file-level `use`', () => {
  test('`@since` with `@unstable` is rejected even when the feature is not enabled (invalid-gate)', () => {
    const error = failure(
      lines(
        'package a:b@1.0.0;',
        'interface x {',
        '  @since(version = 1.0.0)',
        '  @unstable(feature = f)',
        '  f: func();',
        '}',
      ),
    );
    expect(error.code).toBe(WitErrorCode.invalidGate);
    expect(error.message).toBe(
      lines(
        'test.wit:4:4: an item cannot be both `@since` and `@unstable`; expected exactly one of them',
        '4 |   @unstable(feature = f)',
        '  |    ^^^^^^^^',
      ),
    );
  });

  test('a gated file-level `use` is accepted', () => {
    const resolve = parseWitText(
      lines(
        'package a:b@1.0.0;',
        '@since(version = 1.0.0)',
        'use a:b/y@1.0.0 as z;',
        'interface y {}',
        'world w { import z; }',
      ),
    );
    expect([...(resolve.worlds[0]?.imports.keys() ?? [])]).toEqual(['a:b/y@1.0.0']);
  });

  test('a file-level `use` with `@since` in a package without a version is rejected (invalid-gate)', () => {
    const error = failure(lines('package a:b;', '@since(version = 1.0.0)', 'use a:b/y as z;', 'interface y {}'));
    expect(error.code).toBe(WitErrorCode.invalidGate);
    expect(error.message.split('\n')[0]).toBe(
      'test.wit:2:18: `@since` needs a versioned package, but package `a:b` has no version; expected `package a:b@<version>;`',
    );
  });
});
