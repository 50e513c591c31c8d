/**
 * `obelisk.lock`, beside `obelisk.toml`: for each component with `location.oci`, the reference as
 * configured and the manifest and content digests it resolved to. TOML, sorted by name, so it
 * diffs well; written by obelisk, meant to be committed.
 */
import { parse, stringify, type JsonMap } from '@iarna/toml';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../cli/errors.js';

export const LOCK_FILE = 'obelisk.lock';
const VERSION = 1;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Stable error codes about the lock file. */
export const LockErrorCode = {
  invalid: 'lock-invalid',
  missing: 'lock-missing',
  mismatch: 'lock-mismatch',
  tagMoved: 'lock-tag-moved',
} as const;

export interface LockEntry {
  readonly name: string;
  /** The `location.oci` value, as written in the config. */
  readonly reference: string;
  readonly manifestDigest: string;
  readonly contentDigest: string;
}

/** The lock file of a config file: `obelisk.lock` in the same folder. */
export function lockFileFor(configFile: string): string {
  return join(dirname(configFile), LOCK_FILE);
}

function invalid(path: string, why: string): UserError {
  return new UserError(LockErrorCode.invalid, `${path}: ${why}`, {
    hint: 'obelisk writes this file; delete it and run `obelisk generate lock` to write it again',
  });
}

function entryOf(path: string, value: unknown, index: number): LockEntry {
  const item = value as Record<string, unknown>;
  const { name, reference, manifest_digest: manifest, content_digest: content } = item;
  if (
    typeof name !== 'string' ||
    typeof reference !== 'string' ||
    typeof manifest !== 'string' ||
    typeof content !== 'string' ||
    !DIGEST.test(manifest) ||
    !DIGEST.test(content)
  ) {
    throw invalid(path, `component[${index}] needs name, reference, manifest_digest and content_digest (sha256:...)`);
  }
  return { name, reference, manifestDigest: manifest, contentDigest: content };
}

/** The entries of the lock file at `path`; `null` when there is none. */
export function readLockfile(path: string): LockEntry[] | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  let data: JsonMap;
  try {
    data = parse(text);
  } catch (error: unknown) {
    throw invalid(path, `not valid TOML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (data['version'] !== VERSION) {
    throw invalid(path, `unsupported version ${JSON.stringify(data['version'])} (expected ${VERSION})`);
  }
  const components = data['component'] ?? [];
  if (!Array.isArray(components)) {
    throw invalid(path, '[[component]] must be an array of tables');
  }
  return components.map((value, index) => entryOf(path, value, index));
}

/** The text of a lock file holding `entries` (sorted by name). */
export function lockText(entries: readonly LockEntry[]): string {
  const sorted = [...entries].sort((a, b) => a.name.localeCompare(b.name));
  const body = stringify({
    version: VERSION,
    component: sorted.map((e) => ({
      name: e.name,
      reference: e.reference,
      manifest_digest: e.manifestDigest,
      content_digest: e.contentDigest,
    })),
  });
  return `# The registry digests of the location.oci components of obelisk.toml, written by obelisk.\n# Commit it; \`obelisk generate lock --update\` re-resolves the tags.\n${body}`;
}

/** Writes the lock file (atomically); returns whether its content changed. */
export function writeLockfile(path: string, entries: readonly LockEntry[]): boolean {
  const text = lockText(entries);
  let previous: string | null = null;
  try {
    previous = readFileSync(path, 'utf8');
  } catch {
    // no lock file yet
  }
  if (previous === text) {
    return false;
  }
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
  return true;
}
