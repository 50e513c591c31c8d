import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeComponent } from '../../../src/wit/decoder/index.js';
import { encodeWitPackage } from '../../../src/wit/encoder/index.js';
import { modelDiff } from '../../../src/wit/equal.js';
import { visible, WitError } from '../../../src/wit/errors.js';
import { formatType } from '../../../src/wit/format-type.js';
import { parseWitText } from '../../../src/wit/load.js';
import { formatPackageName, type Resolve } from '../../../src/wit/model.js';
import { printResolve } from '../../../src/wit/print.js';
import { packageSpec, renderPackage, renderType, typeExpr, type TypeExpr } from './arbitraries.js';
import { FIXTURES } from './helpers.js';

const ALL = { allFeatures: true };

describe('printing and parsing are inverse on generated WIT', () => {
  test('a random type expression parses and formats back to the same text', () => {
    fc.assert(
      fc.property(typeExpr, (expr) => {
        const text = renderType(expr, ['named-a', 'named-b']);
        const resolve = parseWitText(
          `package p:q;\ninterface i {\n  record named-a { x: u8 }\n  type named-b = string;\n  type t = ${text};\n}\n`,
        );
        const def = resolve.types[resolve.interfaces[0]?.types.get('t') ?? -1];
        expect(def?.kind.tag === 'alias' ? formatType(resolve, def.kind.target) : null).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  test('a random package prints to WIT that parses to an equal model and prints the same again', () => {
    fc.assert(
      fc.property(packageSpec, (spec) => {
        const source = renderPackage(spec);
        const first = parseWitText(source, 'generated.wit', ALL);
        const printed = printResolve(first, { root: 0 });
        const second = parseWitText(printed, 'printed.wit', ALL);
        expect(modelDiff(first, second)).toEqual([]);
        expect(printResolve(second, { root: 0 })).toBe(printed);
      }),
      { numRuns: 200 },
    );
  });

  test('a random package encodes to a binary WIT package that decodes to an equal model', () => {
    fc.assert(
      fc.property(packageSpec, (spec) => {
        const source = renderPackage(spec);
        const first = parseWitText(source, 'generated.wit', ALL);
        const root = first.packages.length - 1;
        const name = formatPackageName((first.packages[root] as Resolve['packages'][number]).name);
        if ((first.packages[root]?.interfaces.size ?? 0) + (first.packages[root]?.worlds.size ?? 0) === 0) {
          return;
        }
        const decoded = decodeComponent(encodeWitPackage(first, root));
        expect(modelDiff(first, decoded, { packages: [name], ignoreIncludes: true })).toEqual([]);
        const reparsed = parseWitText(printResolve(decoded, { root: decoded.packages.length - 1 }), 'printed.wit', ALL);
        expect(modelDiff(decoded, reparsed, { packages: [name], ignoreIncludes: true })).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('the model comparison tells types apart exactly when their text differs', () => {
    fc.assert(
      fc.property(typeExpr, typeExpr, (a, b) => {
        const wit = (t: TypeExpr): string => `package p:q;\ninterface i { f: func(x: ${renderType(t, [])}); }\n`;
        const diff = modelDiff(parseWitText(wit(a)), parseWitText(wit(b)));
        if (renderType(a, []) === renderType(b, [])) {
          expect(diff).toEqual([]);
        } else {
          expect(diff).toHaveLength(1);
          expect(diff[0]).toMatch(/^p:q\/i: function `f`: params #1 type: /);
        }
      }),
      { numRuns: 200 },
    );
  });
});

const SAMPLES = [
  readFileSync(join(FIXTURES, 'app', 'app.wit'), 'utf8'),
  readFileSync(join(FIXTURES, 'app', 'deps', 'greeter', 'greet.wit'), 'utf8'),
  `package a:b@1.0.0;
/// docs
@since(version = 1.0.0)
interface x {
  use y.{t as u};
  resource r { constructor(a: u32); m: func() -> list<u8, 4>; s: static async func(b: borrow<r>); }
  variant v { a, b(option<result<_, string>>) }
  flags f { one, two }
  enum e { %type, other }
  f: func(a: map<string, tuple<u8, u16>>) -> future<stream<u8>>;
}
interface y { type t = u64; }
world w { import x; export run: func(); include other with { a as b } }
world other { import a: func(); }
package c:d { interface z {} }
`,
];

/** Parsing either succeeds or fails with a positioned WitError whose excerpt matches the text. */
function parsesOrFailsCleanly(text: string): void {
  try {
    parseWitText(text, 'fuzz.wit', ALL);
  } catch (error: unknown) {
    if (!(error instanceof WitError)) {
      throw error;
    }
    const span = error.span;
    expect(span).toBeDefined();
    const lines = text.split('\n');
    expect(span?.line).toBeGreaterThanOrEqual(1);
    expect(span?.line).toBeLessThanOrEqual(lines.length);
    expect(span?.column).toBeGreaterThanOrEqual(1);
    const [first, excerpt, caret] = error.message.split('\n');
    expect(first?.startsWith(`fuzz.wit:${span?.line}:${span?.column}: `)).toBe(true);
    expect(excerpt).toBe(`${span?.line} | ${visible((lines[(span?.line ?? 1) - 1] ?? '').replace(/\r$/, ''))}`);
    expect(excerpt).not.toMatch(/[^\P{Cc}\t]|[\u202a-\u202e\u2066-\u2069]/u);
    expect(caret).toMatch(/^ +\| [ \t]*\^+$/);
    expect(error.detail).toMatch(/expected/);
  }
}

const TOKENS = [
  'package',
  'interface',
  'world',
  'use',
  'type',
  'record',
  'variant',
  'enum',
  'flags',
  'resource',
  'func',
  'async',
  'static',
  'constructor',
  'import',
  'export',
  'include',
  'with',
  'as',
  'list',
  'option',
  'result',
  'tuple',
  'borrow',
  'own',
  'future',
  'stream',
  'map',
  'u8',
  'string',
  'a',
  'b-c',
  '%type',
  'x:y',
  'ns:pkg/ifc',
  '@1.0.0',
  '@since(version = 1.0.0)',
  '@unstable(feature = f)',
  '@deprecated(version = 2.0.0)',
  '{',
  '}',
  '(',
  ')',
  '<',
  '>',
  ',',
  ';',
  ':',
  '.',
  '->',
  '=',
  '_',
  '*',
  '/',
  '@',
  '4',
  '///doc\n',
  '// c\n',
  '/* b */',
  '\n',
];

describe('malformed WIT gives a positioned error, never a crash', () => {
  test('truncated files', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SAMPLES), fc.nat(), (sample, cut) =>
        parsesOrFailsCleanly(sample.slice(0, cut % (sample.length + 1))),
      ),
      { numRuns: 300 },
    );
  });

  test('files with one character deleted, inserted or replaced', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SAMPLES),
        fc.nat(),
        fc.string({ minLength: 0, maxLength: 1 }),
        (sample, at, ch) => {
          const i = at % (sample.length + 1);
          parsesOrFailsCleanly(sample.slice(0, i) + ch + sample.slice(i + 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) =>
        parsesOrFailsCleanly(Buffer.from(bytes).toString('utf8')),
      ),
      { numRuns: 300 },
    );
  });

  test('random token soups', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (tokens) =>
        parsesOrFailsCleanly(tokens.join(' ')),
      ),
      { numRuns: 400 },
    );
  });

  test('token soups after a valid package header', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), (tokens) =>
        parsesOrFailsCleanly(`package a:b@1.0.0;\ninterface i {\n${tokens.join(' ')}\n}\n`),
      ),
      { numRuns: 300 },
    );
  });
});
