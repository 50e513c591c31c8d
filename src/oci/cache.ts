/**
 * The content-addressed cache of pulled components: `<root>/sha256/<hex>` holds a blob whose
 * sha256 is its name, `<root>/manifests/sha256/<hex>` the content digest a manifest points at (so a
 * pinned reference needs no network). Files are re-hashed when used; a mismatch is discarded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { OciError, OciErrorCode } from './errors.js';

const DIGEST = /^sha256:([0-9a-f]{64})$/;

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function hexOf(digest: string): string {
  const hex = DIGEST.exec(digest)?.[1];
  if (hex === undefined) {
    throw new OciError(OciErrorCode.registry, `unsupported digest "${digest}" (only sha256 is supported)`);
  }
  return hex;
}

export class ComponentCache {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** Where the blob `digest` is (or would be) stored. */
  blobPath(digest: string): string {
    return join(this.root, 'sha256', hexOf(digest));
  }

  /** The cached bytes of `digest`, checked against it; `null` (and the bad file removed) otherwise. */
  read(digest: string): Uint8Array | null {
    const path = this.blobPath(digest);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      return null;
    }
    if (sha256Digest(bytes) !== digest) {
      rmSync(path, { force: true });
      return null;
    }
    return bytes;
  }

  /** The content digest recorded for a manifest digest, if any. */
  contentOf(manifestDigest: string): string | null {
    try {
      const text = readFileSync(join(this.root, 'manifests', 'sha256', hexOf(manifestDigest)), 'utf8').trim();
      return DIGEST.test(text) ? text : null;
    } catch {
      return null;
    }
  }

  remember(manifestDigest: string, contentDigest: string): void {
    const dir = join(this.root, 'manifests', 'sha256');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, hexOf(manifestDigest)), `${contentDigest}\n`);
  }

  /**
   * Streams `body` into the cache under `digest`, hashing on the way; the file appears only when
   * the bytes match. A mismatch leaves nothing behind and throws.
   */
  async store(
    digest: string,
    body: WebReadableStream<Uint8Array>,
    source: string,
    onChunk?: (bytes: number) => void,
  ): Promise<string> {
    const path = this.blobPath(digest);
    mkdirSync(join(this.root, 'sha256'), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
    const hash = createHash('sha256');
    const file = createWriteStream(temporary);
    const tap = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        onChunk?.(chunk.length);
        file.write(chunk, callback);
      },
      final(callback) {
        file.end(callback);
      },
    });
    try {
      await pipeline(Readable.fromWeb(body), tap);
      const actual = `sha256:${hash.digest('hex')}`;
      if (actual !== digest) {
        throw new OciError(
          OciErrorCode.digestMismatch,
          `${source}: the blob received does not match its digest: expected ${digest}, got ${actual}; nothing was cached`,
          {
            hint: 'the registry or something between it and obelisk altered the content; do not use it',
          },
        );
      }
      renameSync(temporary, path);
      return path;
    } finally {
      rmSync(temporary, { force: true });
    }
  }
}
