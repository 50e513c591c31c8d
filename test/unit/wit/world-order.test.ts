/**
 * The order of a world's imports and exports against wasm-tools: a component
 * built from the WIT (`componentEmbed` + `componentNew`) lists its imports and
 * exports in wasm-tools' elaborated order, which the decoder keeps. Parsing
 * the same WIT must give the same order (interfaces, then used types, then
 * world types, then functions, then the functions of the world's resources;
 * exported functions before exported interfaces).
 */
import { describe, expect, test } from 'vitest';
import { decodeComponent } from '../../../src/wit/decoder/index.js';
import { parseWitText } from '../../../src/wit/load.js';
import { dummyComponent } from '../../helpers/components.js';
import { world } from './helpers.js';

const CASES: Record<string, string> = {
  'interfaces before types and functions, each after the interfaces it uses': `package a:b;
    interface store { resource bucket; get: func(); }
    world w {
      use store.{bucket};
      record cfg { b: u32 }
      import f: func();
      import primary: store;
      import inline: interface { use store.{bucket}; open: func() -> bucket; }
      export run: func(c: cfg);
    }`,
  'world resources, their functions last, exported functions before interfaces': `package a:b;
    interface base { type t = u32; }
    interface other { x: func(); }
    interface ex { use base.{t}; y: func() -> t; }
    world w {
      resource r { constructor(); m: func(); s: static func() -> u32; }
      import g: func(x: borrow<r>);
      use base.{t};
      import other;
      resource q { constructor(); }
      type z = u32;
      export ex;
      export i2: interface { f: func(); }
      export e: func();
    }`,
  'exported interfaces after the exported interfaces they use': `package a:b;
    interface base { type t = u32; f: func(); }
    interface mid { use base.{t}; g: func(); }
    interface top { use mid.{t}; h: func() -> t; }
    interface side { use base.{t}; i: func(); }
    world w {
      import top;
      export side;
      export base;
    }`,
};

describe('world import and export order matches components built by wasm-tools', () => {
  for (const [name, wit] of Object.entries(CASES)) {
    test(name, async () => {
      const decoded = decodeComponent(await dummyComponent(wit, 'w'));
      const parsed = world(parseWitText(wit), 'a:b', 'w');
      expect([...parsed.imports.keys()]).toEqual([...(decoded.worlds[0]?.imports.keys() ?? [])]);
      expect([...parsed.exports.keys()]).toEqual([...(decoded.worlds[0]?.exports.keys() ?? [])]);
    });
  }
});
