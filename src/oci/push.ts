/**
 * Pushing a component in the wasm artifact layout: the config blob and the one `application/wasm`
 * layer (each uploaded monolithically unless the registry already has it), then the manifest.
 */
import { basename } from 'node:path';
import { wasmArtifactConfig } from './artifact.js';
import { sha256Digest } from './cache.js';
import type { RegistryClient } from './client.js';
import { OciError, OciErrorCode } from './errors.js';
import { MediaType, type Manifest } from './media-types.js';
import { formatReference, type OciReference } from './reference.js';

export interface PushedComponent {
  readonly reference: string;
  readonly manifestDigest: string;
  readonly contentDigest: string;
  readonly size: number;
  /** Blobs the registry already had. */
  readonly reused: number;
}

export interface PushOptions {
  readonly client: RegistryClient;
  /** The file name, recorded as the layer's title. */
  readonly fileName: string;
  readonly now?: Date;
}

async function blobExists(client: RegistryClient, ref: OciReference, digest: string): Promise<boolean> {
  const response = await client.request(ref.repository, 'push', 'HEAD', `/v2/${ref.repository}/blobs/${digest}`);
  await response.body?.cancel();
  if (response.status === 200) {
    return true;
  }
  if (response.status === 404) {
    return false;
  }
  return client.fail(response, `checking blob ${digest}`);
}

async function uploadBlob(client: RegistryClient, ref: OciReference, digest: string, bytes: Uint8Array): Promise<void> {
  const start = await client.request(ref.repository, 'push', 'POST', `/v2/${ref.repository}/blobs/uploads/`);
  const location = start.headers.get('location');
  await (start.status === 202 ? start.body?.cancel() : undefined);
  if (start.status !== 202 || location === null) {
    return start.status === 202
      ? Promise.reject(
          new OciError(OciErrorCode.registry, `${client.registry}: the upload of ${digest} got no Location`),
        )
      : client.fail(start, `starting the upload of ${digest}`);
  }
  const url = new URL(location, client.baseUrl);
  url.searchParams.set('digest', digest);
  const put = await client.request(ref.repository, 'push', 'PUT', url.toString(), {
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
    body: bytes,
  });
  if (put.status !== 201) {
    return client.fail(put, `uploading ${digest}`);
  }
  await put.body?.cancel();
}

/** Pushes a component's bytes to `ref` (a tag; a digest-only reference is refused). */
export async function pushComponent(
  bytes: Uint8Array,
  ref: OciReference,
  options: PushOptions,
): Promise<PushedComponent> {
  const { client } = options;
  if (ref.tag === undefined) {
    throw new OciError(
      OciErrorCode.invalidReference,
      `cannot push to ${formatReference(ref)}: give a tag, e.g. ${ref.registry}/${ref.repository}:1.0.0`,
    );
  }
  const contentDigest = sha256Digest(bytes);
  const now = options.now ?? new Date();
  const config = new TextEncoder().encode(
    JSON.stringify(wasmArtifactConfig(bytes, contentDigest, options.fileName, now)),
  );
  const configDigest = sha256Digest(config);
  let reused = 0;
  for (const [digest, blob] of [
    [configDigest, config],
    [contentDigest, bytes],
  ] as const) {
    if (await blobExists(client, ref, digest)) {
      reused++;
    } else {
      await uploadBlob(client, ref, digest, blob);
    }
  }
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.wasmConfig, digest: configDigest, size: config.length },
    layers: [
      {
        mediaType: MediaType.wasmLayer,
        digest: contentDigest,
        size: bytes.length,
        annotations: { 'org.opencontainers.image.title': basename(options.fileName) },
      },
    ],
    annotations: { 'org.opencontainers.image.created': now.toISOString() },
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  const put = await client.request(ref.repository, 'push', 'PUT', `/v2/${ref.repository}/manifests/${ref.tag}`, {
    headers: { 'content-type': MediaType.ociManifest },
    body: manifestBytes,
  });
  if (put.status !== 201) {
    return client.fail(put, `putting the manifest of ${formatReference(ref)}`);
  }
  await put.body?.cancel();
  const manifestDigest = sha256Digest(manifestBytes);
  return { reference: formatReference(ref), manifestDigest, contentDigest, size: bytes.length, reused };
}
