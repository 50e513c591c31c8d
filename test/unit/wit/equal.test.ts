import { describe, expect, test } from 'vitest';
import { modelDiff } from '../../../src/wit/equal.js';
import { parseWitText } from '../../../src/wit/load.js';

const parse = (text: string) => parseWitText(text, 'x.wit', { allFeatures: true });

describe('modelDiff', () => {
  test('is empty for models that differ only in docs, positions, comments and item order', () => {
    const a = parse(
      'package a:b;\n/// doc\ninterface i {\n  type x = u8;\n  f: func();\n  type y = u16;\n}\ninterface j {}\n',
    );
    const b = parse('package a:b;   interface j {}\ninterface i { type y = u16; type x = u8; /* c */ f: func(); }');
    expect(modelDiff(a, b)).toEqual([]);
  });

  test('names the first differing path of every difference', () => {
    const a = parse(
      'package a:b;\ninterface i {\n  record r { x: u8, y: string }\n  f: func(a: r) -> u8;\n  g: func();\n}\nworld w { import i; }\n',
    );
    const b = parse(
      'package a:b;\ninterface i {\n  record r { y: string, x: u8 }\n  f: func(a: r);\n  h: func();\n}\nworld w { export i; }\n',
    );
    expect(modelDiff(a, b)).toEqual([
      'a:b/i: type `r`: fields #1 name: x vs y',
      'a:b/i: type `r`: fields #1 type: u8 vs string',
      'a:b/i: type `r`: fields #2 name: y vs x',
      'a:b/i: type `r`: fields #2 type: string vs u8',
      'a:b/i: function `f`: result: a type vs none',
      'a:b/i: function `g` is only in the first model',
      'a:b/i: function `h` is only in the second model',
      'a:b/w: import `a:b/i` is only in the first model',
      'a:b/w: export `a:b/i` is only in the second model',
    ]);
  });

  test('compares references to named types by where they are defined, not by id', () => {
    const a = parse(
      'package a:b;\ninterface i { type t = u8; }\ninterface j { type t = u8; }\ninterface k { use i.{t}; }\n',
    );
    const b = parse(
      'package a:b;\ninterface i { type t = u8; }\ninterface j { type t = u8; }\ninterface k { use j.{t}; }\n',
    );
    expect(modelDiff(a, b)).toEqual(['a:b/k: type `t`: target: a:b/i#t vs a:b/j#t']);
  });

  test('reports missing packages and can ignore gates and includes', () => {
    const a = parse(
      'package a:b@1.0.0;\n@since(version = 1.0.0)\ninterface i {}\nworld v { import f: func(); }\nworld w { include v; }\n',
    );
    const b = parse(
      'package a:b@1.0.0;\ninterface i {}\nworld v { import f: func(); }\nworld w { import f: func(); }\npackage c:d {}\n',
    );
    expect(modelDiff(a, b)).toEqual([
      'a:b@1.0.0/i: gates: {"tag":"stable","since":"1.0.0"} vs {"tag":"unknown"}',
      'a:b@1.0.0/w: includes: ["a:b@1.0.0/v",[],{"tag":"unknown"}] vs ',
      'package `c:d` is only in the second model',
    ]);
    const ignoring = modelDiff(a, b, { ignoreStability: true, ignoreIncludes: true });
    expect(ignoring).toEqual(['package `c:d` is only in the second model']);
  });
});
