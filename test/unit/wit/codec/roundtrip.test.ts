/**
 * Property tests: random values of random types survive the JSON round trip
 * (through JSON text) and the JS round trip, and arbitrary JSON given as
 * parameters is either accepted or rejected with a ValueError.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ValueError } from '../../../../src/wit/codec/index.js';
import { interfaceBody, valueOf } from './arbitrary.js';
import { type Parsed, parseInterface } from './helpers.js';

/** A random interface, its function's codec and random arguments for it. */
const CALLS = interfaceBody.chain((body) => {
  const parsed: Parsed = parseInterface(body);
  const func = parsed.func('f');
  const args = fc.tuple(...func.params.map((p) => valueOf(parsed.resolve, p.type)));
  const result = func.result === null ? fc.constant(undefined) : valueOf(parsed.resolve, func.result);
  return fc.record({ body: fc.constant(body), parsed: fc.constant(parsed), args, result });
});

describe('codec round trips', () => {
  test('random values of random types survive JSON text', () => {
    fc.assert(
      fc.property(CALLS, ({ parsed, args, result }) => {
        const codec = parsed.codec('f');
        const json: unknown = JSON.parse(JSON.stringify(codec.paramsToJson(args)));
        expect(codec.paramsFromJson(json)).toEqual(args);
        const resultJson: unknown = JSON.parse(JSON.stringify(codec.resultToJson(result)));
        expect(codec.resultFromJson(resultJson)).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });

  test("random values of random types survive jco's JS representation", () => {
    fc.assert(
      fc.property(CALLS, ({ parsed, args, result }) => {
        const codec = parsed.codec('f');
        expect(codec.paramsFromJs(codec.paramsToJs(args))).toEqual(args);
        expect(codec.resultFromJs(codec.resultToJs(result))).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });

  test('arbitrary JSON parameters are accepted or rejected with a ValueError', () => {
    const inputs = fc.record({ call: CALLS, json: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }) });
    fc.assert(
      fc.property(inputs, ({ call, json }) => {
        try {
          call.parsed.codec('f').paramsFromJson(json);
        } catch (error) {
          expect(error).toBeInstanceOf(ValueError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
