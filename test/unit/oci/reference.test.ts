import { describe, expect, test } from 'vitest';
import { parseChallenge } from '../../../src/oci/challenge.js';
import { describeRegistryBody } from '../../../src/oci/errors.js';
import { formatReference, OciError, parseReference } from '../../../src/oci/index.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseReference', () => {
  test.each([
    ['ghcr.io/acme/payments:1.2.0', 'ghcr.io', 'https://ghcr.io', 'acme/payments', '1.2.0', undefined],
    ['oci://ghcr.io/acme/payments', 'ghcr.io', 'https://ghcr.io', 'acme/payments', 'latest', undefined],
    [`ghcr.io/acme/payments@${DIGEST}`, 'ghcr.io', 'https://ghcr.io', 'acme/payments', undefined, DIGEST],
    [`ghcr.io/acme/payments:1@${DIGEST}`, 'ghcr.io', 'https://ghcr.io', 'acme/payments', '1', DIGEST],
    [
      'docker.io/getobelisk/fibo:1.0.0',
      'docker.io',
      'https://registry-1.docker.io',
      'getobelisk/fibo',
      '1.0.0',
      undefined,
    ],
    ['docker.io/fibo', 'docker.io', 'https://registry-1.docker.io', 'library/fibo', 'latest', undefined],
    ['getobelisk/fibo:2', 'docker.io', 'https://registry-1.docker.io', 'getobelisk/fibo', '2', undefined],
    ['localhost:5000/a/b:t', 'localhost:5000', 'http://localhost:5000', 'a/b', 't', undefined],
    ['127.0.0.1:5000/a:t', '127.0.0.1:5000', 'http://127.0.0.1:5000', 'a', 't', undefined],
    [
      'registry.example.com:5000/a:t',
      'registry.example.com:5000',
      'https://registry.example.com:5000',
      'a',
      't',
      undefined,
    ],
  ])('%s', (text, registry, baseUrl, repository, tag, digest) => {
    expect(parseReference(text)).toEqual({ registry, baseUrl, repository, tag, digest });
  });

  test.each(['ghcr.io/Acme/x:1', 'ghcr.io/a:b:c', 'ghcr.io/a@sha256:xyz', 'ghcr.io/a:-bad', ''])(
    'refuses %s',
    (text) => {
      expect(() => parseReference(text)).toThrow(OciError);
    },
  );

  test('formats back', () => {
    expect(formatReference(parseReference(`oci://ghcr.io/a/b:1@${DIGEST}`))).toBe(`ghcr.io/a/b:1@${DIGEST}`);
  });
});

describe('parseChallenge', () => {
  test('bearer with quoted parameters', () => {
    expect(
      parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"'),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:a/b:pull' },
    });
  });
  test('basic, and unknown schemes', () => {
    expect(parseChallenge('Basic realm="Registry"')).toEqual({ scheme: 'basic', params: { realm: 'Registry' } });
    expect(parseChallenge('Negotiate')).toBeNull();
    expect(parseChallenge(null)).toBeNull();
  });
});

describe('describeRegistryBody', () => {
  test('OCI error JSON and plain text', () => {
    expect(describeRegistryBody('{"errors":[{"code":"DENIED","message":"no"}]}')).toEqual({
      codes: ['DENIED'],
      summary: 'DENIED: no',
    });
    expect(describeRegistryBody('<html>bad gateway</html>').codes).toEqual([]);
  });
});
