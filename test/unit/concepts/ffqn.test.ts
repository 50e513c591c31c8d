import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EngineErrorCode, InvalidFfqn } from '../../../src/engine/concepts/errors.js';
import { Ffqn, type FfqnParts } from '../../../src/engine/concepts/ffqn.js';

function reason(text: string): string {
  try {
    Ffqn.parse(text);
  } catch (error) {
    if (error instanceof InvalidFfqn) {
      expect(error.code).toBe(EngineErrorCode.invalidFfqn);
      return error.reason;
    }
    throw error;
  }
  throw new Error(`${text} parsed`);
}

describe('Ffqn.parts', () => {
  test('an unversioned name splits into namespace, package, interface and function', () => {
    expect(Ffqn.parts('testing:fibo/fibo.fibo')).toEqual({
      namespace: 'testing',
      package: 'fibo',
      interface: 'fibo',
      version: null,
      function: 'fibo',
    });
  });

  test('a plain version is followed by the function', () => {
    expect(Ffqn.parts('ns:pkg/ifc@1.0.0.f')).toMatchObject({ interface: 'ifc', version: '1.0.0', function: 'f' });
    expect(Ffqn.parts('wasi:http/incoming-handler@0.2.3.handle')).toMatchObject({
      interface: 'incoming-handler',
      version: '0.2.3',
      function: 'handle',
    });
  });

  test('a pre-release version takes the shortest prefix followed by a valid function name', () => {
    expect(Ffqn.parts('ns:pkg/ifc@1.2.3-rc.1.fn')).toMatchObject({ version: '1.2.3-rc.1', function: 'fn' });
  });

  test('build metadata and a resource method are split at the right dot', () => {
    expect(Ffqn.parts('ns:pkg/ifc@1.0.0+b.1.[method]r.get')).toMatchObject({
      version: '1.0.0+b.1',
      function: '[method]r.get',
    });
  });

  test('resource functions are valid function names', () => {
    expect(Ffqn.parts('ns:pkg/ifc.[constructor]res').function).toBe('[constructor]res');
    expect(Ffqn.parts('ns:pkg/ifc.[static]res.make').function).toBe('[static]res.make');
    expect(Ffqn.parts('ns:pkg/ifc.[method]res.get-all').function).toBe('[method]res.get-all');
  });

  test('a pre-release word that looks like a function goes to the version only when the rest is still a function', () => {
    expect(Ffqn.parts('ns:pkg/ifc@1.0.0-alpha.beta').version).toBe('1.0.0-alpha');
    expect(Ffqn.parts('ns:pkg/ifc@1.0.0-alpha.beta').function).toBe('beta');
  });
});

describe('malformed FFQNs', () => {
  test('each malformed name is refused with a reason that says what is wrong', () => {
    expect(reason('fibo')).toMatch(/missing ":"/);
    expect(reason('testing:fibo')).toMatch(/missing "\/"/);
    expect(reason('testing:fibo/fibo')).toMatch(/missing "\."/);
    expect(reason(':fibo/fibo.f')).toMatch(/namespace name is empty/);
    expect(reason('Testing-x_y:fibo/fibo.f')).toMatch(/not a valid namespace name/);
    expect(reason('testing:fibo/fi_bo.f')).toMatch(/not a valid interface name/);
    expect(reason('testing:fibo/fibo.')).toMatch(/not a valid function name/);
    expect(reason('testing:fibo/fibo.f!')).toMatch(/not a valid function name/);
    expect(reason('testing:fibo/fibo@1.0.f')).toMatch(/not valid semver/);
    expect(reason('testing:fibo/fibo@01.0.0.f')).toMatch(/not valid semver/);
    expect(reason('testing:fibo/fibo@1.0.0')).toMatch(/not valid semver followed by/);
    expect(reason('testing:fibo/fibo@1.0.0.[method]r')).toMatch(/no valid function name follows the version/);
  });

  test('the error carries a hint with the expected shape', () => {
    try {
      Ffqn.parse('nope');
    } catch (error) {
      expect((error as InvalidFfqn).toJSON()).toEqual({
        code: 'invalid-ffqn',
        message: 'invalid function name "nope": missing ":" between namespace and package',
        hint: expect.stringContaining('namespace:package/interface.function') as string,
      });
    }
    expect.assertions(1);
  });
});

describe('Ffqn.format', () => {
  const word = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
  const ident = fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join('-'));
  const num = fc.nat({ max: 30 }).map(String);
  const preId = fc.oneof(num, fc.stringMatching(/^[a-z][a-z0-9-]{0,4}$/));
  const version = fc.oneof(
    fc.constant(null),
    fc
      .tuple(num, num, num, fc.option(fc.array(preId, { minLength: 1, maxLength: 3 }), { nil: undefined }))
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre === undefined ? '' : `-${pre.join('.')}`}`),
  );
  const fn = fc.oneof(
    ident,
    ident.map((r) => `[constructor]${r}`),
    fc.tuple(ident, ident).map(([r, m]) => `[method]${r}.${m}`),
  );

  test('formatting parts and parsing them back gives the same parts', () => {
    let roundTrips = 0;
    fc.assert(
      fc.property(ident, ident, ident, version, fn, (namespace, pkg, ifc, ver, func) => {
        const parts: FfqnParts = { namespace, package: pkg, interface: ifc, version: ver, function: func };
        let text: string;
        try {
          text = Ffqn.format(parts);
        } catch (error) {
          // A function name that starts like a version word cannot round-trip; format says so.
          expect(error).toBeInstanceOf(InvalidFfqn);
          return;
        }
        expect(Ffqn.parts(text)).toEqual(parts);
        roundTrips++;
      }),
    );
    expect(roundTrips).toBeGreaterThan(50);
  });

  test('interfaceOf keeps the version', () => {
    expect(Ffqn.interfaceOf(Ffqn.parse('ns:pkg/ifc@1.2.3-rc.1.fn'))).toBe('ns:pkg/ifc@1.2.3-rc.1');
    expect(Ffqn.interfaceOf(Ffqn.parse('ns:pkg/ifc.[method]r.get'))).toBe('ns:pkg/ifc');
  });
});
