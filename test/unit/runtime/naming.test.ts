import { describe, expect, test } from 'vitest';
import { contentDigest, digestHex, isContentDigest } from '../../../src/engine/runtime/digest.js';
import { exportFunctionName, findInterfaceExport } from '../../../src/engine/runtime/export-names.js';

describe('content digests', () => {
  test('a digest is sha256 of the bytes in the form sha256:<hex>', () => {
    const digest = contentDigest(new TextEncoder().encode('abc'));
    expect(digest).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(isContentDigest(digest)).toBe(true);
    expect(digestHex(digest)).toHaveLength(64);
  });

  test('malformed digests are recognised', () => {
    expect(isContentDigest('sha256:abc')).toBe(false);
    expect(isContentDigest(`sha512:${'0'.repeat(64)}`)).toBe(false);
  });
});

describe('jco export names', () => {
  test.each([
    ['fibo', 'fibo'],
    ['add-one', 'addOne'],
    ['fail-permanently', 'failPermanently'],
    ['get-HTTP-status', 'getHttpStatus'],
    ['sha256-sum', 'sha256Sum'],
  ])('the WIT function %s is called %s in JS', (wit, js) => {
    expect(exportFunctionName(wit)).toBe(js);
  });

  test('an interface is found with its version, or without one when a single version is exported', () => {
    const ifc = { fibo: () => 1 };
    const instance = { fibo: ifc, 'testing:fibo/fibo@1.2.0': ifc };
    expect(findInterfaceExport(instance, 'testing:fibo/fibo@1.2.0')).toBe(ifc);
    expect(findInterfaceExport(instance, 'testing:fibo/fibo')).toBe(ifc);
    expect(findInterfaceExport(instance, 'testing:fibo/fibo@2.0.0')).toBeUndefined();
  });

  test('an unversioned name is ambiguous when two versions are exported', () => {
    const instance = { 'ns:pkg/ifc@1.0.0': {}, 'ns:pkg/ifc@2.0.0': {} };
    expect(findInterfaceExport(instance, 'ns:pkg/ifc')).toBeUndefined();
  });
});
