import { describe, expect, test } from 'vitest';
import { COMPONENT_ERROR_MARKER } from '../../../src/engine/runtime/glue-patch.js';
import { classifyThrown, isGuestErr } from '../../../src/engine/runtime/outcome.js';

/** Stands in for the patched glue's ComponentError (see glue-patch.test.ts for the real shape). */
class MarkedComponentError extends Error {
  declare readonly payload: unknown;
  constructor(value: unknown) {
    super(String(value));
    Object.defineProperty(this, 'payload', { value, enumerable: false });
  }
  get [Symbol.for(COMPONENT_ERROR_MARKER)](): boolean {
    return true;
  }
}

describe('classifying what a guest export throws', () => {
  test('the marked ComponentError is the guest err with its payload, even an undefined one', () => {
    expect(classifyThrown(new MarkedComponentError('bad input'))).toEqual({ kind: 'err', value: 'bad input' });
    expect(classifyThrown(new MarkedComponentError(undefined))).toEqual({ kind: 'err', value: undefined });
    expect(classifyThrown(new MarkedComponentError({ tag: 'execution-failed' }))).toEqual({
      kind: 'err',
      value: { tag: 'execution-failed' },
    });
  });

  test('a wasm trap is a trap carrying its message and stack', () => {
    const outcome = classifyThrown(new RangeError('wasm trap: wasm `unreachable` instruction executed'));
    expect(outcome).toMatchObject({
      kind: 'trap',
      message: 'RangeError: wasm trap: wasm `unreachable` instruction executed',
    });
    expect(outcome.kind === 'trap' && outcome.stack).toContain('outcome.test.ts');
  });

  test('an Error with a payload but without the marker is a trap, not an err', () => {
    const hostError = Object.assign(new Error('io failure'), { payload: { code: 'EIO' } });
    expect(isGuestErr(hostError)).toBe(false);
    expect(classifyThrown(hostError)).toMatchObject({ kind: 'trap', message: 'Error: io failure' });
  });

  test.each([
    [undefined, 'undefined'],
    ['closed', '"closed"'],
    [{ tag: 'closed' }, '{"tag":"closed"}'],
    [7n, '7n'],
  ])('a thrown non-Error value %o is a trap that describes it', (value, described) => {
    expect(classifyThrown(value)).toEqual({ kind: 'trap', message: `guest threw a non-Error value: ${described}` });
  });
});
