import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  describeDenial,
  isRequestAllowed,
  parseAuthority,
  parseHostPattern,
  validateAllowedHosts,
  type AllowedHost,
  type RequestTarget,
} from '../../../src/engine/runtime/allowed-hosts.js';
import { ActivityRuntimeError } from '../../../src/engine/runtime/errors.js';

const get = (scheme: string, authority: string | undefined): RequestTarget => ({ method: 'GET', scheme, authority });

describe('host patterns', () => {
  test('a pattern parses into scheme, host matcher and port', () => {
    expect(parseHostPattern('https://api.example.com:8443')).toEqual({
      scheme: 'https',
      host: { kind: 'exact', name: 'api.example.com' },
      port: 8443,
    });
    expect(parseHostPattern('*.Example.com')).toEqual({
      scheme: undefined,
      host: { kind: 'suffix', suffix: 'example.com' },
      port: undefined,
    });
    expect(parseHostPattern('http://127.0.0.1:*')).toEqual({
      scheme: 'http',
      host: { kind: 'exact', name: '127.0.0.1' },
      port: '*',
    });
    expect(parseHostPattern('*')).toEqual({ scheme: '*', host: { kind: 'any' }, port: '*' });
    expect(parseHostPattern('*://*')).toEqual({ scheme: '*', host: { kind: 'any' }, port: undefined });
  });

  test.each([
    '',
    'https://',
    'example.com/path',
    'http://exa mple.com',
    'example.com:99999',
    'example.com:0',
    '*.',
    'a:b:c',
    'http://*.:80',
  ])('the malformed pattern %j is rejected with a stable code', (pattern) => {
    expect(() => parseHostPattern(pattern)).toThrow(ActivityRuntimeError);
    expect(() => validateAllowedHosts([{ pattern: 'example.com' }, { pattern }])).toThrow(
      expect.objectContaining({
        code: 'runtime-invalid-host-pattern',
        message: expect.stringContaining(`"${pattern}"`),
      }),
    );
  });

  test('an authority is split into a lower-case host and the scheme default port', () => {
    expect(parseAuthority('API.example.com', 'https')).toEqual({ host: 'api.example.com', port: 443 });
    expect(parseAuthority('localhost:8080', 'http')).toEqual({ host: 'localhost', port: 8080 });
    expect(parseAuthority('[::1]:9000', 'http')).toEqual({ host: '[::1]', port: 9000 });
    expect(parseAuthority('user@example.com', 'http')).toEqual({ host: 'example.com', port: 80 });
  });
});

describe('the allowlist', () => {
  const cases: readonly [string, RequestTarget, boolean][] = [
    ['*', get('https', 'anything.example.org:1234'), true],
    ['example.com', get('https', 'example.com'), true],
    ['example.com', get('http', 'example.com'), true],
    ['example.com', get('https', 'example.com:8443'), false],
    ['example.com', get('https', 'www.example.com'), false],
    ['*.example.com', get('https', 'api.example.com'), true],
    ['*.example.com', get('https', 'a.b.example.com'), true],
    ['*.example.com', get('https', 'example.com'), false],
    ['*.example.com', get('https', 'badexample.com'), false],
    ['https://api.example.com:8443', get('https', 'api.example.com:8443'), true],
    ['https://api.example.com:8443', get('http', 'api.example.com:8443'), false],
    ['https://api.example.com:8443', get('https', 'api.example.com'), false],
    ['http://127.0.0.1:*', get('http', '127.0.0.1:41234'), true],
    ['http://127.0.0.1:*', get('http', '127.0.0.1'), true],
    ['http://127.0.0.1:*', get('https', '127.0.0.1:41234'), false],
    ['http://127.0.0.1:*', get('http', '127.0.0.2:41234'), false],
    ['*://*', get('http', 'example.com'), true],
    ['*://*', get('http', 'example.com:8080'), false],
    ['*', get('https', undefined), false],
  ];

  test.each(cases)('pattern %j against %o allows: %s', (pattern, target, allowed) => {
    expect(isRequestAllowed([{ pattern }], target)).toBe(allowed);
  });

  test('nothing is allowed by default', () => {
    fc.assert(
      fc.property(
        fc.domain(),
        fc.constantFrom('http', 'https'),
        fc.constantFrom('GET', 'POST', 'DELETE'),
        (host, scheme, method) => {
          expect(isRequestAllowed([], { method, scheme, authority: host })).toBe(false);
        },
      ),
    );
  });

  test('the pattern "*" allows every request that names a host', () => {
    fc.assert(
      fc.property(fc.domain(), fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }), (host, port) => {
        const authority = port === undefined ? host : `${host}:${port}`;
        expect(isRequestAllowed([{ pattern: '*' }], { method: 'PATCH', scheme: 'https', authority })).toBe(true);
      }),
    );
  });

  test('methods restrict an entry case-insensitively; omitted or "*" allows every method', () => {
    const target: RequestTarget = { method: 'POST', scheme: 'https', authority: 'api.example.com' };
    expect(isRequestAllowed([{ pattern: 'api.example.com', methods: ['get'] }], target)).toBe(false);
    expect(isRequestAllowed([{ pattern: 'api.example.com', methods: ['GET', 'post'] }], target)).toBe(true);
    expect(isRequestAllowed([{ pattern: 'api.example.com', methods: '*' }], target)).toBe(true);
    expect(isRequestAllowed([{ pattern: 'api.example.com' }], target)).toBe(true);
  });

  test('any one matching entry is enough', () => {
    const allowed: AllowedHost[] = [{ pattern: 'other.example.com' }, { pattern: '*.example.com', methods: ['GET'] }];
    expect(isRequestAllowed(allowed, get('https', 'api.example.com'))).toBe(true);
  });
});

describe('the denial log line', () => {
  test('names the method, the host and the setting to change', () => {
    const line = describeDenial([], { method: 'DELETE', scheme: 'http', authority: '127.0.0.1:8080' });
    expect(line).toContain('DELETE');
    expect(line).toContain('http://127.0.0.1:8080');
    expect(line).toContain('allowed_hosts');
  });

  test('points at the methods of the entry when only the method is not allowed', () => {
    const line = describeDenial([{ pattern: 'api.example.com', methods: ['GET'] }], {
      method: 'POST',
      scheme: 'https',
      authority: 'api.example.com',
    });
    expect(line).toContain('method POST');
    expect(line).toContain('"api.example.com"');
    expect(line).toContain('allowed_hosts');
  });
});
