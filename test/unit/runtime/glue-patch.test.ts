import { runInThisContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { GLUE_PATCHES, patchGlue } from '../../../src/engine/runtime/glue-patch.js';
import { classifyThrown } from '../../../src/engine/runtime/outcome.js';

/** The shapes jco-transpile 0.15 emits, reduced to the parts the patches touch. */
const DEBUG_LOG = `  const _debugLog = (...args) => {
    if (!globalThis?.process?.env?.JCO_DEBUG) { return; }
    console.debug(...args);
  };`;
const PROBE = (target: string, fn: string): string => `
  try {
    ${target} = WebAssembly.promising(${fn});
  } catch(err) {
    ${target} = ${fn};
  }`;
const COMPONENT_ERROR = `
  class ComponentError extends Error {
    constructor (value) {
      const enumerable = typeof value !== 'string';
      super(enumerable ? \`\${String(value)} (see error.payload)\` : value);
      Object.defineProperty(this, 'payload', { value, enumerable });
    }
  }
  function lift(retCopy) {
    if (typeof retCopy === 'object' && retCopy.tag === 'err') {
      throw new ComponentError(retCopy.val);
    }
    return retCopy.val;
  }`;

const VERSION = '9.9.9';

describe('the glue patch', () => {
  test('reads JCO_DEBUG once per instance instead of on every debug call', () => {
    const patched = patchGlue(DEBUG_LOG, VERSION);
    expect(patched).toContain('const _jcoDebugEnabled = Boolean(globalThis?.process?.env?.JCO_DEBUG);');
    expect(patched).toContain('if (!_jcoDebugEnabled) { return; }');
    expect(patched).not.toContain('if (!globalThis?.process?.env?.JCO_DEBUG)');
  });

  test('replaces every WebAssembly.promising probe by a check that cannot throw', () => {
    const source =
      DEBUG_LOG +
      PROBE('realloc0Async', 'exports1.cabi_realloc') +
      PROBE('postReturn0Async', "exports1['cabi_post_testing:fibo/fibo@1.0.0#fibo']");
    const patched = patchGlue(source, VERSION);
    expect(patched).not.toContain('try {');
    expect(patched).toContain(
      "postReturn0Async = typeof WebAssembly.promising === 'function' ? WebAssembly.promising(exports1['cabi_post_testing:fibo/fibo@1.0.0#fibo']) : exports1['cabi_post_testing:fibo/fibo@1.0.0#fibo'];",
    );
    // On Node 20 there is no WebAssembly.promising: the patched glue falls back without throwing.
    const evaluate = runInThisContext(
      `((exports1, WebAssembly) => { let realloc0Async, postReturn0Async;\n${patched}\nreturn realloc0Async; })`,
    ) as (exports: object, wasm: object) => unknown;
    const realloc = (): number => 0;
    expect(evaluate({ cabi_realloc: realloc }, {})).toBe(realloc);
  });

  test('marks the ComponentError class so a returned err is told apart from a trap', () => {
    const patched = patchGlue(DEBUG_LOG + COMPONENT_ERROR, VERSION);
    const lift = runInThisContext(`(() => { ${patched}; return lift; })()`) as (ret: {
      tag: string;
      val: unknown;
    }) => unknown;
    let thrown: unknown;
    try {
      lift({ tag: 'err', val: { tag: 'permanent-failure', val: 'gone' } });
    } catch (error) {
      thrown = error;
    }
    expect(classifyThrown(thrown)).toEqual({ kind: 'err', value: { tag: 'permanent-failure', val: 'gone' } });
  });

  test('leaves glue without result exports unmarked', () => {
    expect(patchGlue(DEBUG_LOG, VERSION)).not.toContain('obelisk.component-error');
  });

  test('lists the patches it applies', () => {
    expect(GLUE_PATCHES).toEqual(['debug-log-env-once', 'promising-probe', 'component-error-marker']);
  });

  test.each([
    ['debug-log-env-once', 'const noDebugHelper = 1;'],
    ['debug-log-env-once', DEBUG_LOG + DEBUG_LOG],
    ['promising-probe', `${DEBUG_LOG}\n  realloc0Async = WebAssembly.promising(exports1.cabi_realloc);`],
    ['component-error-marker', `${DEBUG_LOG}\n  if (retCopy.tag === 'err') { throw retCopy.val; }`],
  ])('fails loudly, naming jco-transpile and its version, when the %s pattern is not found', (patch, source) => {
    expect(() => patchGlue(source, VERSION)).toThrow(
      expect.objectContaining({
        code: 'runtime-glue-patch-failed',
        message: expect.stringMatching(new RegExp(`jco-transpile ${VERSION.replaceAll('.', '\\.')}.*"${patch}"`)),
      }),
    );
  });
});
