/** Push and pull against a real `docker-registry` on 127.0.0.1: layout, bytes, cache, tampering, retries. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ComponentCache,
  MediaType,
  OciError,
  OciErrorCode,
  parseReference,
  pullComponent,
  pushComponent,
  RegistryClient,
  sha256Digest,
  type Manifest,
} from '../../../src/oci/index.js';
import { buildWatActivity } from '../../fixtures/wat/activities.js';
import { REPO_ROOT } from '../../helpers/bin.js';
import { closedPort, startRegistry, type Registry } from '../../helpers/registry.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { startProxy } from './proxy.js';

const FIBO = join(REPO_ROOT, 'examples', 'fibo', 'dist', 'activity.wasm');
let registry: Registry;

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry.stop();
});

function clientFor(host: string, env: NodeJS.ProcessEnv = {}): RegistryClient {
  return new RegistryClient(host, `http://${host}`, { env, retryDelaysMs: [20, 40] });
}

async function getJson<T>(url: string, accept: string): Promise<T> {
  const response = await fetch(url, { headers: { accept } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('push then pull', () => {
  test.each([
    ['the fibo activity', () => Promise.resolve(new Uint8Array(readFileSync(FIBO))), 'testing:fibo/fibo', true],
    ['a WAT activity', () => buildWatActivity('ok'), 'testing:activities/ok@1.0.0', false],
  ])('%s: bytes identical, wasm artifact layout, cached by digest', async (_name, build, exported, importsWasi) => {
    const bytes = await build();
    const ref = parseReference(`oci://${registry.host}/components/sample-${bytes.length}:1.0.0`);
    const client = clientFor(registry.host);
    const pushed = await pushComponent(bytes, ref, { client, fileName: 'activity.wasm' });
    expect(pushed.contentDigest).toBe(sha256Digest(bytes));

    const manifest = await getJson<Manifest>(
      `http://${registry.host}/v2/${ref.repository}/manifests/1.0.0`,
      MediaType.ociManifest,
    );
    expect(manifest.mediaType).toBe(MediaType.ociManifest);
    expect(manifest.config?.mediaType).toBe(MediaType.wasmConfig);
    expect(manifest.layers).toEqual([
      expect.objectContaining({ mediaType: 'application/wasm', digest: pushed.contentDigest, size: bytes.length }),
    ]);
    const config = await getJson<Record<string, unknown>>(
      `http://${registry.host}/v2/${ref.repository}/blobs/${manifest.config?.digest ?? ''}`,
      '*/*',
    );
    expect(config).toMatchObject({ architecture: 'wasm', os: 'wasip2', layerDigests: [pushed.contentDigest] });
    const component = config['component'] as { exports: string[]; imports: string[] };
    expect(component.exports.some((name) => name.startsWith(exported))).toBe(true);
    expect(component.imports.some((name) => name.startsWith('wasi:'))).toBe(importsWasi);
    expect(typeof config['created']).toBe('string');

    const cache = new ComponentCache(makeTempDir());
    const pulled = await pullComponent(ref, { client: clientFor(registry.host), cache });
    expect(Buffer.from(pulled.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(pulled).toMatchObject({ manifestDigest: pushed.manifestDigest, contentDigest: pushed.contentDigest });
    expect(readFileSync(cache.blobPath(pushed.contentDigest)).equals(Buffer.from(bytes))).toBe(true);

    // pinned and cached: no registry needed at all
    const offline = parseReference(`127.0.0.1:1/${ref.repository}@${pushed.manifestDigest}`);
    const again = await pullComponent(offline, { client: clientFor('127.0.0.1:1'), cache });
    expect(again.fetched).toBe(false);
    expect(again.contentDigest).toBe(pushed.contentDigest);
  });

  test('a second push reuses the blobs the registry has', async () => {
    const bytes = await buildWatActivity('ok');
    const ref = parseReference(`${registry.host}/components/reuse:1`);
    await pushComponent(bytes, ref, { client: clientFor(registry.host), fileName: 'ok.wasm' });
    const second = await pushComponent(bytes, parseReference(`${registry.host}/components/reuse:2`), {
      client: clientFor(registry.host),
      fileName: 'ok.wasm',
    });
    expect(second.reused).toBeGreaterThanOrEqual(1);
  });

  test('an unknown tag is a not-found error with the registry code', async () => {
    const ref = parseReference(`${registry.host}/components/absent:nope`);
    const error = await pullComponent(ref, {
      client: clientFor(registry.host),
      cache: new ComponentCache(makeTempDir()),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OciError);
    expect((error as OciError).code).toBe(OciErrorCode.notFound);
    expect((error as OciError).message).toContain('MANIFEST_UNKNOWN');
  });

  test('a stopped registry is reported as unreachable, naming the host', async () => {
    const host = `127.0.0.1:${await closedPort()}`;
    const ref = parseReference(`${host}/components/x:1`);
    const error = await pullComponent(ref, {
      client: clientFor(host),
      cache: new ComponentCache(makeTempDir()),
    }).catch((e: unknown) => e);
    expect((error as OciError).code).toBe(OciErrorCode.unreachable);
    expect((error as OciError).message).toBe(`cannot reach the registry ${host} (${host}): ECONNREFUSED`);
  });
});

describe('through a proxy', () => {
  test('a blob whose bytes do not match its digest is refused and nothing is cached', async () => {
    const bytes = await buildWatActivity('ok');
    const ref = parseReference(`${registry.host}/components/tampered:1`);
    const pushed = await pushComponent(bytes, ref, { client: clientFor(registry.host), fileName: 'ok.wasm' });
    const proxy = await startProxy(registry.host, [
      {
        match: (method, path) => method === 'GET' && path.includes(`/blobs/${pushed.contentDigest}`),
        rewrite: (body) => {
          const copy = Buffer.from(body);
          copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0xff;
          return copy;
        },
      },
    ]);
    try {
      const root = makeTempDir();
      const viaProxy = parseReference(`${proxy.host}/components/tampered:1`);
      const error = await pullComponent(viaProxy, {
        client: clientFor(proxy.host),
        cache: new ComponentCache(root),
      }).catch((e: unknown) => e);
      expect((error as OciError).code).toBe(OciErrorCode.digestMismatch);
      expect((error as OciError).message).toContain(pushed.contentDigest);
      const blobs = join(root, 'sha256');
      expect(existsSync(blobs) ? readdirSync(blobs) : []).toEqual([]);
      expect(existsSync(join(root, 'manifests'))).toBe(false);
    } finally {
      await proxy.stop();
    }
  });

  test('a blob redirected to another host (blob storage) is followed and verified', async () => {
    const bytes = await buildWatActivity('ok');
    const pushed = await pushComponent(bytes, parseReference(`${registry.host}/components/redirected:1`), {
      client: clientFor(registry.host),
      fileName: 'ok.wasm',
    });
    const proxy = await startProxy(registry.host, [
      {
        match: (method, path) => method === 'GET' && path.includes('/blobs/'),
        redirectTo: (path) => `http://${registry.host}${path}`,
      },
    ]);
    try {
      const pulled = await pullComponent(parseReference(`${proxy.host}/components/redirected:1`), {
        client: clientFor(proxy.host),
        cache: new ComponentCache(makeTempDir()),
      });
      expect(pulled.contentDigest).toBe(pushed.contentDigest);
      expect(proxy.seen.some((line) => line.startsWith('GET /v2/components/redirected/blobs/'))).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

  test('5xx answers are retried; 4xx are not', async () => {
    const bytes = await buildWatActivity('ok');
    await pushComponent(bytes, parseReference(`${registry.host}/components/flaky:1`), {
      client: clientFor(registry.host),
      fileName: 'ok.wasm',
    });
    const proxy = await startProxy(registry.host, [
      {
        match: (method, path) => method === 'GET' && path.includes('/manifests/'),
        failWith: { status: 503, times: 2 },
      },
    ]);
    try {
      const pulled = await pullComponent(parseReference(`${proxy.host}/components/flaky:1`), {
        client: clientFor(proxy.host),
        cache: new ComponentCache(makeTempDir()),
      });
      expect(pulled.contentDigest).toBe(sha256Digest(bytes));
      expect(proxy.seen.filter((line) => line.startsWith('GET /v2/components/flaky/manifests/'))).toHaveLength(3);
    } finally {
      await proxy.stop();
    }
  });
});
