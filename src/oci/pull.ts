/**
 * Pulling a component: its manifest (an index picks the wasm entry), exactly one `application/wasm`
 * layer, the blob streamed into the cache and verified against its digest before use. Cached
 * content is never fetched again; a pinned reference whose manifest is known needs no network.
 */
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { sha256Digest, type ComponentCache } from './cache.js';
import type { RegistryClient } from './client.js';
import { OciError, OciErrorCode } from './errors.js';
import { MANIFEST_ACCEPT, MediaType, type Descriptor, type Manifest } from './media-types.js';
import { formatReference, type OciReference } from './reference.js';

export interface PulledComponent {
  /** Digest of the manifest the reference resolved to (the top-level one when it is an index). */
  readonly manifestDigest: string;
  /** Digest of the component bytes (the wasm layer). */
  readonly contentDigest: string;
  readonly bytes: Uint8Array;
  /** Whether the registry was asked (false: everything came from the cache). */
  readonly fetched: boolean;
}

export interface PullOptions {
  readonly client: RegistryClient;
  readonly cache: ComponentCache;
  /** Called as bytes of the blob arrive (`total` from the manifest). */
  readonly onProgress?: (received: number, total: number) => void;
}

/** The manifest `reference` (or its pin) points at, with the digest of its exact bytes. */
export async function fetchManifest(
  client: RegistryClient,
  ref: OciReference,
  target = ref.digest ?? ref.tag ?? 'latest',
): Promise<{ digest: string; manifest: Manifest }> {
  const response = await client.request(ref.repository, 'pull', 'GET', `/v2/${ref.repository}/manifests/${target}`, {
    headers: { accept: MANIFEST_ACCEPT },
  });
  if (!response.ok) {
    return client.fail(response, `getting the manifest of ${formatReference(ref)}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const digest = sha256Digest(bytes);
  if (target.startsWith('sha256:') && digest !== target) {
    throw new OciError(
      OciErrorCode.digestMismatch,
      `${formatReference(ref)}: the manifest received is ${digest}, not the ${target} asked for`,
    );
  }
  return { digest, manifest: JSON.parse(new TextDecoder().decode(bytes)) as Manifest };
}

/** Resolves a reference to its manifest digest (the tag looked up unless pinned). */
export async function resolveDigest(client: RegistryClient, ref: OciReference): Promise<string> {
  return (await fetchManifest(client, ref)).digest;
}

function pickFromIndex(ref: OciReference, manifest: Manifest): Descriptor {
  const entries = manifest.manifests ?? [];
  const wasm =
    entries.find((e) => e.platform?.architecture === 'wasm' || e.platform?.os?.startsWith('wasip') === true) ??
    entries.find((e) => e.artifactType === MediaType.wasmConfig) ??
    (entries.length === 1 ? entries[0] : undefined);
  if (wasm === undefined) {
    throw new OciError(
      OciErrorCode.notAComponent,
      `${formatReference(ref)} is an index without a wasm entry (${entries.length} entries)`,
      {
        hint: 'push the component with `obelisk component push` (or wkg) so it has the wasm artifact layout',
      },
    );
  }
  return wasm;
}

function wasmLayer(ref: OciReference, manifest: Manifest): Descriptor {
  const layers = manifest.layers ?? [];
  const wasm = layers.filter((layer) => layer.mediaType === MediaType.wasmLayer);
  const only = wasm[0];
  if (wasm.length !== 1 || only === undefined || layers.length !== 1) {
    throw new OciError(
      OciErrorCode.notAComponent,
      `${formatReference(ref)} is not a wasm component artifact: expected exactly one layer of type ${MediaType.wasmLayer}, found ${layers.map((l) => l.mediaType).join(', ') || 'none'}`,
      { hint: 'push the component with `obelisk component push` (or wkg) so it has the wasm artifact layout' },
    );
  }
  return only;
}

/** Pulls `ref` into the cache and returns the verified bytes. */
export async function pullComponent(ref: OciReference, options: PullOptions): Promise<PulledComponent> {
  const { client, cache } = options;
  if (ref.digest !== undefined) {
    const known = cache.contentOf(ref.digest);
    const bytes = known === null ? null : cache.read(known);
    if (known !== null && bytes !== null) {
      return { manifestDigest: ref.digest, contentDigest: known, bytes, fetched: false };
    }
  }
  const top = await fetchManifest(client, ref);
  let manifest = top.manifest;
  if (
    manifest.manifests !== undefined ||
    manifest.mediaType === MediaType.ociIndex ||
    manifest.mediaType === MediaType.dockerList
  ) {
    manifest = (await fetchManifest(client, ref, pickFromIndex(ref, manifest).digest)).manifest;
  }
  const layer = wasmLayer(ref, manifest);
  const bytes = cache.read(layer.digest) ?? (await downloadBlob(ref, layer, options));
  cache.remember(top.digest, layer.digest);
  return { manifestDigest: top.digest, contentDigest: layer.digest, bytes, fetched: true };
}

async function downloadBlob(ref: OciReference, layer: Descriptor, options: PullOptions): Promise<Uint8Array> {
  const { client, cache, onProgress } = options;
  const response = await client.request(ref.repository, 'pull', 'GET', `/v2/${ref.repository}/blobs/${layer.digest}`);
  if (!response.ok || response.body === null) {
    return client.fail(response, `downloading ${layer.digest} of ${formatReference(ref)}`);
  }
  let received = 0;
  await cache.store(
    layer.digest,
    response.body as WebReadableStream<Uint8Array>,
    `${formatReference(ref)} blob ${layer.digest}`,
    (n) => {
      received += n;
      onProgress?.(received, layer.size);
    },
  );
  const bytes = cache.read(layer.digest);
  if (bytes === null) {
    throw new OciError(
      OciErrorCode.digestMismatch,
      `${formatReference(ref)}: the cached blob ${layer.digest} could not be read back`,
    );
  }
  return bytes;
}
