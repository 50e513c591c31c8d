/** Content digests: the identity of a component everywhere in obelisk (`sha256:<hex>`). */
import { createHash } from 'node:crypto';

/** A content digest in the form `sha256:<64 hex chars>`. */
export type ContentDigest = `sha256:${string}`;

const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** Returns the SHA-256 content digest of `bytes` as `sha256:<hex>`. */
export function contentDigest(bytes: Uint8Array): ContentDigest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** True when `value` is a well-formed `sha256:<hex>` digest. */
export function isContentDigest(value: string): value is ContentDigest {
  return DIGEST_PATTERN.test(value);
}

/** The hex part of a digest (used as a file-system key). */
export function digestHex(digest: ContentDigest): string {
  return digest.slice('sha256:'.length);
}
