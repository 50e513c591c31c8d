/**
 * Resolving the `location.oci` components of a configuration through `obelisk.lock`:
 *
 * - `auto` (dev, server run, verify): a component whose lock entry has the same reference is pulled
 *   by its locked manifest digest (no tag lookup: it starts offline when the cache has it); others
 *   are resolved and added to the lock.
 * - `locked` (`--locked`): the lock must exist and cover every component with the same reference;
 *   a tag that moved in a reachable registry refuses to start. Nothing is written.
 * - `update` (`generate lock --update [NAME]`): the named components (all by default) are resolved
 *   again; a tag that moved is reported.
 */
import { UserError } from '../cli/errors.js';
import {
  ComponentCache,
  formatReference,
  OciError,
  OciErrorCode,
  parseReference,
  pinned,
  pullComponent,
  RegistryClients,
  resolveDigest,
  type OciReference,
} from '../oci/index.js';
import { LockErrorCode, lockFileFor, readLockfile, writeLockfile, type LockEntry } from './lockfile.js';
import type { ComponentCommon, ObeliskConfig } from './types.js';

export type LockMode = 'auto' | 'locked' | 'update';

export interface ResolveOciOptions {
  /** The config file; `null` without one (no lock file then). */
  readonly configFile: string | null;
  readonly env: NodeJS.ProcessEnv;
  readonly mode: LockMode;
  /** For `update`: the components to re-resolve; empty or omitted: all. */
  readonly update?: readonly string[];
  /** Write the lock file when it changed (never in `locked` mode). */
  readonly write: boolean;
  /** The component cache (`[wasm] cache_directory`). */
  readonly cacheDirectory: string;
}

export interface MovedTag {
  readonly name: string;
  readonly reference: string;
  readonly from: string;
  readonly to: string;
}

export interface ResolvedOci {
  /** Component bytes by component name. */
  readonly bytes: ReadonlyMap<string, Uint8Array>;
  /** Why a component could not be had, by component name. */
  readonly problems: ReadonlyMap<string, string>;
  /** The lock as it is now (sorted by name). */
  readonly entries: readonly LockEntry[];
  readonly lockFile: string | null;
  /** Whether the lock file was written. */
  readonly written: boolean;
  readonly moved: readonly MovedTag[];
  /** Things worth telling (a tag check skipped because the registry is unreachable, ...). */
  readonly notes: readonly string[];
}

interface OciComponent {
  readonly name: string;
  readonly reference: string;
  readonly ref: OciReference;
}

/** The components of `config` with `location.oci`. */
export function ociComponents(config: ObeliskConfig): OciComponent[] {
  const all: ComponentCommon[] = [...config.activities, ...config.workflows];
  return all.flatMap((c) =>
    c.location.kind === 'oci'
      ? [{ name: c.name, reference: c.location.reference, ref: parseReference(c.location.reference) }]
      : [],
  );
}

class Resolution {
  readonly bytes = new Map<string, Uint8Array>();
  readonly problems = new Map<string, string>();
  readonly entries = new Map<string, LockEntry>();
  readonly moved: MovedTag[] = [];
  readonly notes: string[] = [];
  readonly clients: RegistryClients;
  readonly cache: ComponentCache;

  constructor(options: ResolveOciOptions) {
    this.clients = new RegistryClients({ env: options.env });
    this.cache = new ComponentCache(options.cacheDirectory);
  }

  /** Pulls `ref`, records the entry and the bytes; failures become problems. */
  async pull(component: OciComponent, ref: OciReference): Promise<LockEntry | null> {
    try {
      const pulled = await pullComponent(ref, { client: this.clients.for(ref), cache: this.cache });
      const entry = {
        name: component.name,
        reference: component.reference,
        manifestDigest: pulled.manifestDigest,
        contentDigest: pulled.contentDigest,
      };
      this.entries.set(component.name, entry);
      this.bytes.set(component.name, pulled.bytes);
      return entry;
    } catch (error: unknown) {
      if (!(error instanceof OciError)) {
        throw error;
      }
      this.problems.set(component.name, `location.oci = "${component.reference}": ${error.message}`);
      return null;
    }
  }
}

/** Resolves every `location.oci` component of `config`; see the module comment for the modes. */
export async function resolveOciComponents(config: ObeliskConfig, options: ResolveOciOptions): Promise<ResolvedOci> {
  const components = ociComponents(config);
  const lockFile = options.configFile === null ? null : lockFileFor(options.configFile);
  const locked = lockFile === null ? null : readLockfile(lockFile);
  const previous = new Map((locked ?? []).map((e) => [e.name, e]));
  const run = new Resolution(options);
  if (options.mode === 'locked') {
    await checkLocked(components, locked, lockFile, run);
  }
  await Promise.all(components.map((component) => resolveOne(component, previous.get(component.name), options, run)));
  for (const component of components) {
    const kept = previous.get(component.name);
    if (!run.entries.has(component.name) && kept?.reference === component.reference) {
      run.entries.set(component.name, kept); // could not be pulled now: keep what was locked
    }
  }
  const entries = [...run.entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  const canWrite = options.write && options.mode !== 'locked' && lockFile !== null;
  const written = canWrite && (components.length > 0 || locked !== null) && writeLockfile(lockFile, entries);
  return { bytes: run.bytes, problems: run.problems, entries, lockFile, written, moved: run.moved, notes: run.notes };
}

async function resolveOne(
  component: OciComponent,
  entry: LockEntry | undefined,
  options: ResolveOciOptions,
  run: Resolution,
): Promise<void> {
  const { ref } = component;
  const usable = entry?.reference === component.reference ? entry : undefined;
  const refresh =
    options.mode === 'update' &&
    (options.update === undefined || options.update.length === 0 || options.update.includes(component.name));
  if (ref.digest !== undefined || usable === undefined) {
    await run.pull(component, ref);
    return;
  }
  if (!refresh) {
    await run.pull(component, pinned(ref, usable.manifestDigest));
    return;
  }
  const fresh = await run.pull(component, ref);
  if (fresh !== null && fresh.manifestDigest !== usable.manifestDigest) {
    run.moved.push({
      name: component.name,
      reference: component.reference,
      from: usable.manifestDigest,
      to: fresh.manifestDigest,
    });
  }
}

/** `--locked`: the lock covers the config, and no reachable registry moved a locked tag. */
async function checkLocked(
  components: readonly OciComponent[],
  locked: readonly LockEntry[] | null,
  lockFile: string | null,
  run: Resolution,
): Promise<void> {
  if (components.length === 0) {
    return;
  }
  if (locked === null) {
    throw new UserError(LockErrorCode.missing, `--locked: ${lockFile ?? 'obelisk.lock'} is missing`, {
      hint: 'run `obelisk generate lock` (or once without --locked) and commit obelisk.lock',
    });
  }
  const byName = new Map(locked.map((e) => [e.name, e]));
  const unmatched = components.filter((c) => byName.get(c.name)?.reference !== c.reference);
  if (unmatched.length > 0) {
    throw new UserError(
      LockErrorCode.mismatch,
      `--locked: obelisk.lock does not match the config for ${unmatched.map((c) => `${c.name} (${c.reference})`).join(', ')}`,
      { hint: 'run `obelisk generate lock` to lock the configured references, then commit obelisk.lock' },
    );
  }
  const moved = await Promise.all(components.map((c) => movedTag(c, byName.get(c.name), run)));
  const first = moved.find((m) => m !== null);
  if (first !== undefined && first !== null) {
    throw new UserError(
      LockErrorCode.tagMoved,
      `--locked: ${first.name}: the tag of ${first.reference} moved from the locked ${first.from} to ${first.to}`,
      { hint: `review the new version, then accept it with \`obelisk generate lock --update ${first.name}\`` },
    );
  }
}

async function movedTag(
  component: OciComponent,
  entry: LockEntry | undefined,
  run: Resolution,
): Promise<MovedTag | null> {
  if (entry === undefined || component.ref.digest !== undefined) {
    return null;
  }
  try {
    const now = await resolveDigest(run.clients.for(component.ref), component.ref);
    return now === entry.manifestDigest
      ? null
      : { name: component.name, reference: component.reference, from: entry.manifestDigest, to: now };
  } catch (error: unknown) {
    if (error instanceof OciError && error.code === OciErrorCode.unreachable) {
      run.notes.push(
        `${component.name}: ${formatReference(component.ref)} not checked (registry unreachable); using the locked ${entry.manifestDigest}`,
      );
      return null;
    }
    throw error;
  }
}
