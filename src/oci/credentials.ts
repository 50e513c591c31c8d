/**
 * Registry credentials, first match wins: `OBELISK_OCI_USERNAME` / `OBELISK_OCI_PASSWORD`, then the
 * docker `config.json` (`${DOCKER_CONFIG:-~/.docker}/config.json`): `credHelpers[registry]`,
 * `auths[registry]`, then `credsStore`, helpers being run as `docker-credential-<name> get`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Credentials {
  readonly username: string;
  readonly password: string;
  /** Where they came from, for error messages (never the secret). */
  readonly source: string;
}

interface DockerConfig {
  readonly auths?: Record<string, { readonly auth?: string; readonly username?: string; readonly password?: string }>;
  readonly credHelpers?: Record<string, string>;
  readonly credsStore?: string;
}

/** The keys a docker config may use for `registry`. */
function keysFor(registry: string): string[] {
  const keys = [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`];
  if (registry === 'docker.io') {
    keys.push('https://index.docker.io/v1/', 'index.docker.io', 'registry-1.docker.io');
  }
  return keys;
}

function dockerConfigFile(env: NodeJS.ProcessEnv): string {
  const dir = env['DOCKER_CONFIG'];
  const home = env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : homedir();
  return join(dir !== undefined && dir !== '' ? dir : join(home, '.docker'), 'config.json');
}

function readDockerConfig(file: string): DockerConfig | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DockerConfig;
  } catch {
    return null;
  }
}

function fromHelper(helper: string, registry: string, env: NodeJS.ProcessEnv): Credentials | null {
  const server = registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
  const result = spawnSync(`docker-credential-${helper}`, ['get'], {
    input: server,
    env,
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (result.status !== 0 || typeof result.stdout !== 'string') {
    return null;
  }
  try {
    const parsed = JSON.parse(result.stdout) as { Username?: unknown; Secret?: unknown };
    if (typeof parsed.Username === 'string' && typeof parsed.Secret === 'string') {
      return { username: parsed.Username, password: parsed.Secret, source: `docker-credential-${helper}` };
    }
  } catch {
    // an unusable answer counts as no credentials
  }
  return null;
}

function fromAuths(config: DockerConfig, registry: string, file: string): Credentials | null {
  for (const key of keysFor(registry)) {
    const entry = config.auths?.[key];
    if (entry === undefined) {
      continue;
    }
    if (typeof entry.auth === 'string' && entry.auth !== '') {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        return {
          username: decoded.slice(0, colon),
          password: decoded.slice(colon + 1),
          source: `${file} (auths."${key}")`,
        };
      }
    }
    if (typeof entry.username === 'string' && typeof entry.password === 'string') {
      return { username: entry.username, password: entry.password, source: `${file} (auths."${key}")` };
    }
  }
  return null;
}

/** Credentials for `registry`, or `null` (anonymous). */
export function findCredentials(registry: string, env: NodeJS.ProcessEnv): Credentials | null {
  const username = env['OBELISK_OCI_USERNAME'];
  const password = env['OBELISK_OCI_PASSWORD'];
  if (username !== undefined && username !== '' && password !== undefined) {
    return { username, password, source: 'OBELISK_OCI_USERNAME / OBELISK_OCI_PASSWORD' };
  }
  const file = dockerConfigFile(env);
  const config = readDockerConfig(file);
  if (config === null) {
    return null;
  }
  const helper = keysFor(registry)
    .map((key) => config.credHelpers?.[key])
    .find((name) => name !== undefined);
  if (helper !== undefined) {
    return fromHelper(helper, registry, env);
  }
  return (
    fromAuths(config, registry, file) ??
    (config.credsStore === undefined ? null : fromHelper(config.credsStore, registry, env))
  );
}
