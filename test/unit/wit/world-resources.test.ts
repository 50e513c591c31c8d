/**
 * Resources defined directly in a world: the world imports the resource type
 * and, as wasm-tools does, each of its functions (`[constructor]r`,
 * `[method]r.f`, `[static]r.f`) as a world import of its own. The printer
 * writes them back inside the resource, and `inspect` lists them as imports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeComponent } from '../../../src/wit/decoder/index.js';
import { modelDiff } from '../../../src/wit/equal.js';
import { inspectResolve } from '../../../src/wit/inspect.js';
import { parseWitText } from '../../../src/wit/load.js';
import type { Func, Resolve, WorldItem } from '../../../src/wit/model.js';
import { printPackage, printResolve } from '../../../src/wit/print.js';
import { REPO_ROOT } from '../../helpers/bin.js';
import { world } from './helpers.js';

const WIT = `package ex:res@1.0.0;

world host {
  /// A counter owned by the host.
  resource counter {
    constructor(start: u32);
    /// The current value.
    get: func() -> u32;
    add: func(n: u32) -> result<_, string>;
    zero: static func() -> counter;
  }
  resource plain;
  import reset: func(c: borrow<counter>);
  export run: func() -> u32;
}
`;

function func(item: WorldItem | undefined): Func {
  if (item?.tag !== 'function') {
    throw new Error(`expected a world function, got ${item?.tag}`);
  }
  return item.func;
}

describe('resources defined in a world', () => {
  const r = parseWitText(WIT, 'host.wit');
  const w = world(r, 'ex:res@1.0.0', 'host');
  const counterItem = w.imports.get('counter');
  const counter = counterItem?.tag === 'type' ? counterItem.id : -1;

  test('the world imports the resource type and then every function of the resource, after the freestanding functions', () => {
    expect([...w.imports.keys()]).toEqual([
      'counter',
      'plain',
      'reset',
      '[constructor]counter',
      '[method]counter.get',
      '[method]counter.add',
      '[static]counter.zero',
    ]);
    expect(r.types[counter]).toMatchObject({ name: 'counter', owner: { tag: 'world' }, kind: { tag: 'resource' } });
    expect([...w.exports.keys()]).toEqual(['run']);
  });

  test('the functions keep their kinds, the implicit self and constructor result, docs and signatures', () => {
    const ctor = func(w.imports.get('[constructor]counter'));
    expect(ctor).toMatchObject({
      kind: { tag: 'constructor', resource: counter },
      params: [{ name: 'start' }],
      result: { kind: 'named', id: counter },
    });
    const get = func(w.imports.get('[method]counter.get'));
    expect(get.kind).toEqual({ tag: 'method', resource: counter });
    expect(get.params).toEqual([{ name: 'self', type: { kind: 'borrow', resource: counter } }]);
    expect(get.docs.contents).toBe('The current value.');
    const zero = func(w.imports.get('[static]counter.zero'));
    expect(zero).toMatchObject({
      kind: { tag: 'static', resource: counter },
      params: [],
      result: { kind: 'named', id: counter },
    });
  });

  test('printing writes the functions inside the resource, and the text parses back to the same model', () => {
    const text = printPackage(r, 0);
    expect(text).toContain(
      [
        'world host {',
        '  /// A counter owned by the host.',
        '  resource counter {',
        '    constructor(start: u32);',
        '    /// The current value.',
        '    get: func() -> u32;',
        '    add: func(n: u32) -> result<_, string>;',
        '    zero: static func() -> counter;',
        '  }',
        '  resource plain;',
        '  import reset: func(c: borrow<counter>);',
        '  export run: func() -> u32;',
        '}',
      ].join('\n'),
    );
    expect(text).not.toContain('[constructor]');
    const again = parseWitText(text, 'again.wit');
    expect(modelDiff(r, again)).toEqual([]);
    expect([...world(again, 'ex:res@1.0.0', 'host').imports.keys()]).toEqual([...w.imports.keys()]);
    expect(printPackage(again, 0)).toBe(text);
  });

  test('inspect lists the resource functions as world imports', () => {
    expect(inspectResolve(r).packages[0]?.worlds).toEqual([
      {
        name: 'host',
        imports: [
          'counter: type',
          'plain: type',
          'reset: func(c: borrow<counter>)',
          '[constructor]counter: func(start: u32) -> counter',
          '[method]counter.get: func(self: borrow<counter>) -> u32',
          '[method]counter.add: func(self: borrow<counter>, n: u32) -> result<_, string>',
          '[static]counter.zero: func() -> counter',
        ],
        exports: ['run: func() -> u32'],
      },
    ]);
  });

  test('an @unstable resource function is imported only when its feature is enabled', () => {
    const gated = `package ex:g;
      world w {
        resource r {
          constructor();
          @unstable(feature = shiny)
          polish: func();
        }
      }`;
    const keys = (resolve: Resolve): string[] => [...world(resolve, 'ex:g', 'w').imports.keys()];
    expect(keys(parseWitText(gated))).toEqual(['r', '[constructor]r']);
    expect(keys(parseWitText(gated, 'g.wit', { features: ['shiny'] }))).toEqual([
      'r',
      '[constructor]r',
      '[method]r.polish',
    ]);
  });

  test('an including world gets the resource functions too, and prints only the include', () => {
    const text = `package ex:inc;
      world base { resource r { constructor(); } }
      world top { include base; import f: func(); }`;
    const resolve = parseWitText(text);
    expect([...world(resolve, 'ex:inc', 'top').imports.keys()]).toEqual(['r', 'f', '[constructor]r']);
    const printed = printPackage(resolve, 0);
    expect(printed).toContain(['world top {', '  include base;', '  import f: func();', '}'].join('\n'));
    expect(modelDiff(resolve, parseWitText(printed))).toEqual([]);
  });
});

describe('a decoded component with a world resource', () => {
  const bytes = readFileSync(
    join(REPO_ROOT, 'test', 'fixtures', 'corpus', 'components', 'resource-borrow-simple.component.wasm'),
  );

  test('prints as WIT with the constructor inside the resource, which parses back to the decoded model', () => {
    const decoded = decodeComponent(bytes);
    const text = printResolve(decoded, { root: decoded.packages.length - 1 });
    expect(text).toBe(
      [
        'package root:component;',
        '',
        'world root {',
        '  resource r {',
        '    constructor();',
        '  }',
        '  import test: func(r: borrow<r>);',
        '  export test-imports: func();',
        '}',
        '',
      ].join('\n'),
    );
    expect(modelDiff(decoded, parseWitText(text), { ignoreStability: true, ignoreIncludes: true })).toEqual([]);
  });
});
