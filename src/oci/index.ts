/**
 * The OCI registry client: references, authentication (anonymous, Bearer tokens per scope, Basic
 * from docker config.json or OBELISK_OCI_USERNAME / OBELISK_OCI_PASSWORD), pulling components into
 * a content-addressed cache with digest verification, and pushing them in the wasm artifact layout.
 *
 * @example
 * const ref = parseReference('ghcr.io/acme/payments:1.2.0');
 * const client = new RegistryClient(ref.registry, ref.baseUrl, { env: process.env });
 * const pulled = await pullComponent(ref, { client, cache: new ComponentCache(ociCacheDir(process.env)) });
 */
import { join } from 'node:path';
import { RegistryClient, type RegistryClientOptions } from './client.js';
import type { OciReference } from './reference.js';

export { componentWorld, wasmArtifactConfig, type WasmArtifactConfig } from './artifact.js';
export { ComponentCache, sha256Digest } from './cache.js';
export { RegistryClient, type Access, type RegistryClientOptions } from './client.js';
export { findCredentials, type Credentials } from './credentials.js';
export { OciError, OciErrorCode } from './errors.js';
export { MediaType, type Manifest } from './media-types.js';
export { fetchManifest, pullComponent, resolveDigest, type PulledComponent, type PullOptions } from './pull.js';
export { pushComponent, type PushedComponent, type PushOptions } from './push.js';
export { formatReference, parseReference, pinned, type OciReference } from './reference.js';
export { progressReporter } from './progress.js';

/** The default cache of pulled components: `<cache dir>/oci` (the cache dir is `${XDG_CACHE_HOME:-~/.cache}/obelisk`). */
export function ociCacheDir(obeliskCacheDir: string): string {
  return join(obeliskCacheDir, 'oci');
}

/** One client per registry, shared by the references that name it (tokens are kept per scope). */
export class RegistryClients {
  readonly #clients = new Map<string, RegistryClient>();
  readonly #options: RegistryClientOptions;

  constructor(options: RegistryClientOptions) {
    this.#options = options;
  }

  for(ref: OciReference): RegistryClient {
    let client = this.#clients.get(ref.baseUrl);
    if (client === undefined) {
      client = new RegistryClient(ref.registry, ref.baseUrl, this.#options);
      this.#clients.set(ref.baseUrl, client);
    }
    return client;
  }
}
