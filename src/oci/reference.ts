/**
 * OCI references: `[oci://]registry/repository[:tag][@sha256:<hex>]`. Docker Hub names are
 * normalised (`docker.io` talks to `registry-1.docker.io`, one-segment names get `library/`);
 * `localhost` and loopback addresses are spoken to over plain HTTP, everything else over HTTPS.
 */
import { OciError, OciErrorCode } from './errors.js';

export interface OciReference {
  /** The registry as named, e.g. `ghcr.io`, `127.0.0.1:5000`, `docker.io`. */
  readonly registry: string;
  /** `https://registry-1.docker.io`, `http://127.0.0.1:5000`, ... */
  readonly baseUrl: string;
  readonly repository: string;
  /** `undefined` when only a digest is given. */
  readonly tag: string | undefined;
  /** `sha256:<hex>` of the manifest when pinned. */
  readonly digest: string | undefined;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/;

function invalid(text: string, why: string): OciError {
  return new OciError(OciErrorCode.invalidReference, `invalid OCI reference "${text}": ${why}`, {
    hint: 'write it as registry/repository:tag, optionally pinned with @sha256:<digest>, e.g. ghcr.io/acme/payments:1.2.0',
  });
}

/** Parses a reference; the tag defaults to `latest` unless a digest pins it. */
export function parseReference(text: string): OciReference {
  let rest = text.startsWith('oci://') ? text.slice('oci://'.length) : text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) {
      throw invalid(text, `"${digest}" is not a digest sha256:<64 lower-case hex digits>`);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      throw invalid(text, `"${tag}" is not a valid tag`);
    }
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first : 'docker.io';
  let path = hasRegistry ? parts.slice(1) : parts;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') {
    registry = 'docker.io';
  }
  if (registry === 'docker.io' && path.length === 1) {
    path = ['library', ...path];
  }
  if (path.length === 0 || !path.every((segment) => COMPONENT.test(segment))) {
    throw invalid(text, 'the repository must be lower-case letters, digits and . _ - separated by /');
  }
  const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
  return {
    registry,
    baseUrl: `${LOOPBACK.test(host) ? 'http' : 'https'}://${host}`,
    repository: path.join('/'),
    tag: tag ?? (digest === undefined ? 'latest' : undefined),
    digest,
  };
}

/** `registry/repository[:tag][@digest]`. */
export function formatReference(ref: OciReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}

/** The same repository pinned to `digest` (tag kept for display). */
export function pinned(ref: OciReference, digest: string): OciReference {
  return { ...ref, digest };
}
