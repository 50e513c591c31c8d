/**
 * Fuzz: WIT text and component bytes. Whatever the input, the parser and the decoder either
 * give a model or throw a coded error (a WitError / ComponentDecodeError), never crash.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeComponent } from '../../../src/wit/decoder/index.js';
import { parseWitText } from '../../../src/wit/load.js';
import { CORPUS_COMPONENTS_DIR } from '../../helpers/corpus.js';
import { REPO_ROOT } from '../../helpers/bin.js';
import { fuzzParameters, fuzzTimeout, mutatedBytes, mutatedText, rejectionOf } from './fuzz.js';

/** A package that uses most of the language in one file (the host packages below import nothing). */
const RICH = `package fuzz:rich@1.2.3;

interface shapes {
  record point { x: s32, y: s32 }
  variant shape { circle(f64), rect(tuple<point, point>), empty }
  enum color { red, green, blue }
  flags perms { read, write, exec }
  type points = list<point>;
  resource canvas {
    constructor(width: u32, height: u32);
    draw: func(s: shape, c: option<color>) -> result<_, string>;
    size: static func(c: borrow<canvas>) -> tuple<u32, u32>;
  }
  area: func(s: shape) -> f64;
}

world drawing {
  use shapes.{points, perms};
  import shapes;
  export render: func(p: points, perms: perms) -> result<list<u8>, string>;
}
`;

const WIT_SOURCES = [
  RICH,
  ...[
    join(REPO_ROOT, 'wit', 'obelisk_types@1.0.0', 'types.wit'),
    join(REPO_ROOT, 'wit', 'wasi_logging@0.1.0-draft', 'logging.wit'),
  ].map((path) => readFileSync(path, 'utf8')),
];

/** The smallest corpus components: mutating a 12 MB component would only test the allocator. */
const COMPONENTS = readdirSync(CORPUS_COMPONENTS_DIR)
  .filter((name) => name.endsWith('.wasm'))
  .map((name) => readFileSync(join(CORPUS_COMPONENTS_DIR, name)))
  .sort((a, b) => a.length - b.length)
  .slice(0, 4)
  .map((buffer) => new Uint8Array(buffer));

describe('fuzz: WIT text', () => {
  test('arbitrary text parses or is rejected with a coded error', fuzzTimeout(20), () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        rejectionOf(() => parseWitText(text, 'fuzz.wit'));
      }),
      fuzzParameters(),
    );
  });

  test('mutations of real WIT packages parse or are rejected with a coded error', fuzzTimeout(20), () => {
    const source = fc.constantFrom(...WIT_SOURCES).chain(mutatedText);
    fc.assert(
      fc.property(source, (text) => {
        rejectionOf(() => parseWitText(text, 'fuzz.wit'));
      }),
      fuzzParameters(),
    );
  });

  test('the unmutated sources parse (the mutation property starts from valid input)', fuzzTimeout(20), () => {
    for (const text of WIT_SOURCES) {
      expect(rejectionOf(() => parseWitText(text, 'fuzz.wit'))).toBeNull();
    }
  });
});

describe('fuzz: component bytes', () => {
  test('mutated components decode or are rejected with a coded error', fuzzTimeout(20), () => {
    expect(COMPONENTS.length).toBeGreaterThan(0);
    const bytes = fc.constantFrom(...COMPONENTS).chain(mutatedBytes);
    fc.assert(
      fc.property(bytes, (input) => {
        rejectionOf(() => decodeComponent(input));
      }),
      fuzzParameters(),
    );
  });

  test('arbitrary bytes after the component preamble are rejected with a coded error', fuzzTimeout(20), () => {
    const preamble = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        rejectionOf(() => decodeComponent(Uint8Array.from([...preamble, ...tail])));
      }),
      fuzzParameters(),
    );
  });
});
