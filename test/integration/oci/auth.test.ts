/**
 * Token auth like ghcr.io / Docker Hub: a real `docker-registry` trusting a local ES256 token
 * service. Tokens are per scope; credentials come from env vars, docker config.json or a helper.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ComponentCache,
  OciError,
  OciErrorCode,
  parseReference,
  pullComponent,
  pushComponent,
  RegistryClient,
} from '../../../src/oci/index.js';
import { buildWatActivity } from '../../fixtures/wat/activities.js';
import { startRegistry, type Registry } from '../../helpers/registry.js';
import { startTokenServer, type TokenServer } from '../../helpers/token-server.js';
import { makeTempDir } from '../../helpers/tmp.js';

let tokens: TokenServer;
let registry: Registry;
let bytes: Uint8Array;

beforeAll(async () => {
  tokens = await startTokenServer(makeTempDir(), {
    alice: { password: 'alice-secret', actions: ['pull', 'push'] },
    helper: { password: 'from-helper', actions: ['pull'] },
  });
  registry = await startRegistry({ token: tokens.settings });
  bytes = await buildWatActivity('ok');
});
afterAll(async () => {
  await registry.stop();
  await tokens.stop();
});

const client = (env: NodeJS.ProcessEnv): RegistryClient =>
  new RegistryClient(registry.host, `http://${registry.host}`, { env, retryDelaysMs: [] });
const ALICE = { OBELISK_OCI_USERNAME: 'alice', OBELISK_OCI_PASSWORD: 'alice-secret', HOME: '/nonexistent' };

describe('bearer tokens', () => {
  test('a pull token does not push: the push asks for a token of its own scope', async () => {
    const ref = parseReference(`${registry.host}/team/scoped:1`);
    const shared = client(ALICE);
    await pushComponent(bytes, ref, { client: shared, fileName: 'ok.wasm' });
    const cache = new ComponentCache(makeTempDir());
    const fresh = client(ALICE);
    tokens.requests.length = 0;
    await pullComponent(ref, { client: fresh, cache });
    await pushComponent(bytes, parseReference(`${registry.host}/team/scoped:2`), {
      client: fresh,
      fileName: 'ok.wasm',
    });
    expect(tokens.requests.map((r) => r.scope)).toEqual([
      'repository:team/scoped:pull',
      'repository:team/scoped:pull,push',
    ]);
    expect(tokens.requests.every((r) => r.user === 'alice' && r.status === 200)).toBe(true);
  });

  test('a wrong password is a 401 naming the registry and the credentials tried', async () => {
    const ref = parseReference(`${registry.host}/team/scoped:1`);
    const error = await pullComponent(ref, {
      client: client({ ...ALICE, OBELISK_OCI_PASSWORD: 'wrong' }),
      cache: new ComponentCache(makeTempDir()),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OciError);
    expect((error as OciError).code).toBe(OciErrorCode.unauthorized);
    expect((error as OciError).message).toBe(
      `${registry.host}: authentication failed (401) for repository:team/scoped:pull; credentials tried: OBELISK_OCI_USERNAME / OBELISK_OCI_PASSWORD`,
    );
    expect((error as OciError).hint).toContain('docker login');
  });

  test('anonymous: a token without rights ends in a clear 401 too', async () => {
    const error = await pullComponent(parseReference(`${registry.host}/team/scoped:1`), {
      client: client({ HOME: '/nonexistent' }),
      cache: new ComponentCache(makeTempDir()),
    }).catch((e: unknown) => e);
    expect((error as OciError).code).toBe(OciErrorCode.unauthorized);
    expect((error as OciError).message).toContain('credentials tried: none (anonymous)');
  });
});

describe('docker config.json', () => {
  test('Basic credentials from auths in DOCKER_CONFIG', async () => {
    const dir = makeTempDir();
    const auth = Buffer.from('alice:alice-secret').toString('base64');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
    tokens.requests.length = 0;
    const pulled = await pullComponent(parseReference(`${registry.host}/team/scoped:1`), {
      client: client({ DOCKER_CONFIG: dir }),
      cache: new ComponentCache(makeTempDir()),
    });
    expect(pulled.bytes.length).toBe(bytes.length);
    expect(tokens.requests).toEqual([{ user: 'alice', scope: 'repository:team/scoped:pull', status: 200 }]);
  });

  test('a credential helper named by credHelpers is run as docker-credential-<name> get', async () => {
    const dir = makeTempDir();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const script = join(bin, 'docker-credential-obelisktest');
    writeFileSync(
      script,
      `#!/bin/sh\nread server\nprintf '{"ServerURL":"%s","Username":"helper","Secret":"from-helper"}' "$server"\n`,
    );
    chmodSync(script, 0o755);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ credHelpers: { [registry.host]: 'obelisktest' } }));
    tokens.requests.length = 0;
    await pullComponent(parseReference(`${registry.host}/team/scoped:1`), {
      client: client({ DOCKER_CONFIG: dir, PATH: `${bin}:${process.env['PATH'] ?? ''}` }),
      cache: new ComponentCache(makeTempDir()),
    });
    expect(tokens.requests).toEqual([{ user: 'helper', scope: 'repository:team/scoped:pull', status: 200 }]);
  });
});
