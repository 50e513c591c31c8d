/**
 * The on-disk codegen cache: a component is transpiled with jco once per content digest,
 * its glue patched (see `glue-patch.ts`) and its runtime moved out of `instantiate` (see
 * `glue-hoist.ts`), a variant of each core module with a memory of its own made for pooled
 * memories (`memory-import.ts`), and the result kept under
 * `<cacheDir>/<digest-hex>-v<format>-jco<version>/` for every later start of any process.
 *
 * Entries are written atomically: everything goes to a temporary sibling directory that is
 * renamed into place last, so a crash or a concurrent process never leaves a half-written
 * entry visible. The key includes {@link CODEGEN_FORMAT_VERSION} and the jco-transpile version,
 * so a change of either invalidates old entries.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as TS from 'typescript';
import { z } from 'zod';
import { contentDigest, digestHex, type ContentDigest } from './digest.js';
import { ActivityRuntimeError, RuntimeErrorCode } from './errors.js';
import { hoistGlueRuntime } from './glue-hoist.js';
import { GLUE_PATCHES, patchGlue } from './glue-patch.js';
import { jcoTranspileVersion } from './jco-version.js';
import { pooledModule, type MemorySpec } from './memory-import.js';
import { wasmApi } from './wasm-api.js';

/** Bump when the layout, the transpile options, a glue patch or a module rewrite changes. */
export const CODEGEN_FORMAT_VERSION = 3;

const GLUE_FILE = 'component.js';
const MANIFEST_FILE = 'obelisk-codegen.json';
const STALE_TEMP_MS = 10 * 60_000;

const Manifest = z.object({
  format: z.literal(CODEGEN_FORMAT_VERSION),
  digest: z.string(),
  jcoTranspile: z.string(),
  patches: z.array(z.string()),
  /** Whether the glue's runtime was moved out of `instantiate` (`glue-hoist.ts`), and what stayed. */
  runtimeHoist: z.union([
    z.object({ applied: z.literal(true), hoisted: z.number(), kept: z.record(z.string(), z.string()) }),
    z.object({ applied: z.literal(false), reason: z.string() }),
  ]),
  glue: z.string(),
  coreModules: z.array(z.string()),
  /** By core module: its variant for pooled memories (file, memory limits in pages, joined data segments). */
  pooled: z.record(
    z.string(),
    z.object({
      file: z.string(),
      initialPages: z.number().int().nonnegative(),
      maximumPages: z.number().int().nonnegative().nullable(),
      joinedSegments: z.boolean(),
    }),
  ),
  imports: z.array(z.string()),
  exports: z.array(z.object({ name: z.string(), kind: z.string() })),
});
type Manifest = z.infer<typeof Manifest>;

/** A ready cache entry. */
export interface CodegenEntry {
  readonly digest: ContentDigest;
  /** Absolute path of the entry's directory. */
  readonly dir: string;
  /** Absolute path of the patched ES module exporting `instantiate(getCoreModule, imports)`. */
  readonly glueFile: string;
  /** File names (inside `dir`) of the core modules the glue asks for. */
  readonly coreModules: readonly string[];
  /** By core module name: the file (inside `dir`) of its variant for pooled memories, and that memory. */
  readonly pooled: Readonly<Record<string, { readonly file: string; readonly memory: MemorySpec }>>;
  /** Imported interfaces, unversioned (`wasi:cli/stdout`), as the glue keys them. */
  readonly imports: readonly string[];
  /** Exported interfaces and functions, as named by jco (`ns:pkg/ifc@1.0.0`). */
  readonly exports: readonly { readonly name: string; readonly kind: string }[];
  /** False when this call transpiled the component. */
  readonly fromCache: boolean;
}

/** Name of the cache entry directory for `digest`. */
export function codegenEntryName(digest: ContentDigest): string {
  return `${digestHex(digest)}-v${CODEGEN_FORMAT_VERSION}-jco${jcoTranspileVersion()}`;
}

async function readEntry(dir: string, digest: ContentDigest): Promise<CodegenEntry | undefined> {
  let manifest: Manifest;
  try {
    manifest = Manifest.parse(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')));
  } catch {
    return undefined;
  }
  const pooled = Object.entries(manifest.pooled);
  const files = [manifest.glue, ...manifest.coreModules, ...pooled.map(([, variant]) => variant.file)];
  if (manifest.digest !== digest || !files.every((file) => existsSync(join(dir, file)))) {
    return undefined;
  }
  return {
    digest,
    dir,
    glueFile: join(dir, manifest.glue),
    coreModules: manifest.coreModules,
    pooled: Object.fromEntries(
      pooled.map(([name, { file, initialPages, maximumPages }]) => [
        name,
        { file, memory: { initialPages, maximumPages } },
      ]),
    ),
    imports: manifest.imports,
    exports: manifest.exports,
    fromCache: true,
  };
}

async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

let typescript: Promise<typeof TS> | undefined;

/** The TypeScript compiler, loaded on first use (it is large and only codegen needs it). */
function loadTypescript(): Promise<typeof TS> {
  typescript ??= import('typescript').then((module) => ('default' in module ? module.default : module) as typeof TS);
  return typescript;
}

async function transpile(
  bytes: Uint8Array,
  digest: ContentDigest,
): Promise<{ files: Record<string, Uint8Array>; manifest: Manifest }> {
  const { transpileBytes } = await import('@bytecodealliance/jco-transpile');
  let result: Awaited<ReturnType<typeof transpileBytes>>;
  try {
    result = await transpileBytes(bytes, {
      name: 'component',
      instantiation: 'async',
      emitTypescriptDeclarations: false,
      noComponentErrorWrapping: false,
    });
  } catch (cause) {
    throw new ActivityRuntimeError(
      RuntimeErrorCode.transpileFailed,
      `jco could not transpile component ${digest}: ${String(cause)}`,
      { cause },
    );
  }
  const files = { ...result.files };
  const glue = files[GLUE_FILE];
  if (glue === undefined) {
    throw new ActivityRuntimeError(
      RuntimeErrorCode.transpileFailed,
      `jco produced no ${GLUE_FILE} for component ${digest}`,
    );
  }
  const version = jcoTranspileVersion();
  const patched = patchGlue(new TextDecoder().decode(glue), version);
  const hoist = hoistGlueRuntime(await loadTypescript(), patched);
  files[GLUE_FILE] = new TextEncoder().encode(hoist.applied ? hoist.source : patched);
  const coreModules = Object.keys(files)
    .filter((name) => name.endsWith('.wasm'))
    .sort();
  const pooled: Manifest['pooled'] = {};
  for (const name of coreModules) {
    const variant = pooledModule(files[name] as Uint8Array, (module) => wasmApi.validate(module));
    if (variant !== null) {
      const file = `pooled-${name}`;
      files[file] = variant.bytes;
      pooled[name] = { file, ...variant.memory, joinedSegments: variant.joinedSegments };
    }
  }
  const manifest: Manifest = {
    format: CODEGEN_FORMAT_VERSION,
    digest,
    jcoTranspile: version,
    patches: [...GLUE_PATCHES],
    runtimeHoist: hoist.applied
      ? { applied: true, hoisted: hoist.hoisted, kept: { ...hoist.kept } }
      : { applied: false, reason: hoist.reason },
    glue: GLUE_FILE,
    coreModules,
    pooled,
    imports: result.imports,
    exports: result.exports.map(([name, kind]) => ({ name, kind })),
  };
  return { files, manifest };
}

async function removeStaleTemps(cacheDir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(cacheDir).catch(() => [] as string[])) {
    if (name.startsWith('.tmp-') || name.startsWith('.old-')) {
      const info = await stat(join(cacheDir, name)).catch(() => undefined);
      if (info !== undefined && now - info.mtimeMs > STALE_TEMP_MS) {
        await rm(join(cacheDir, name), { recursive: true, force: true });
      }
    }
  }
}

async function publish(cacheDir: string, temp: string, finalDir: string, digest: ContentDigest): Promise<void> {
  if (existsSync(finalDir) && (await readEntry(finalDir, digest)) === undefined) {
    // A damaged entry (e.g. files deleted by hand): move it aside, replace it, remove it.
    const aside = join(cacheDir, `.old-${randomBytes(6).toString('hex')}`);
    await rename(finalDir, aside).catch(() => undefined);
    await rm(aside, { recursive: true, force: true });
  }
  try {
    await rename(temp, finalDir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') {
      throw error;
    }
    // Another process published the same entry first; use theirs.
  }
}

async function createEntry(
  bytes: Uint8Array,
  cacheDir: string,
  digest: ContentDigest,
  finalDir: string,
): Promise<void> {
  const { files, manifest } = await transpile(bytes, digest);
  await mkdir(cacheDir, { recursive: true });
  await removeStaleTemps(cacheDir);
  const temp = join(cacheDir, `.tmp-${digestHex(digest).slice(0, 12)}-${randomBytes(6).toString('hex')}`);
  await mkdir(temp);
  try {
    for (const [name, data] of Object.entries(files)) {
      await writeDurably(join(temp, name), data);
    }
    await writeDurably(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  await publish(cacheDir, temp, finalDir, digest);
}

/**
 * Returns the codegen entry of a component, transpiling and caching it when it is not in
 * `cacheDir` yet. Throws `runtime-transpile-failed`, `runtime-glue-patch-failed` or
 * `runtime-codegen-cache-failed`.
 */
export async function ensureCodegen(
  bytes: Uint8Array,
  options: { readonly cacheDir: string; readonly digest?: ContentDigest },
): Promise<CodegenEntry> {
  const digest = options.digest ?? contentDigest(bytes);
  const finalDir = join(options.cacheDir, codegenEntryName(digest));
  const cached = await readEntry(finalDir, digest);
  if (cached !== undefined) {
    return cached;
  }
  try {
    await createEntry(bytes, options.cacheDir, digest, finalDir);
  } catch (error) {
    if (error instanceof ActivityRuntimeError) {
      throw error;
    }
    throw new ActivityRuntimeError(
      RuntimeErrorCode.codegenCacheFailed,
      `cannot write the codegen cache entry ${finalDir}: ${String(error)}`,
      { cause: error },
    );
  }
  const created = await readEntry(finalDir, digest);
  if (created === undefined) {
    throw new ActivityRuntimeError(
      RuntimeErrorCode.codegenCacheFailed,
      `the codegen cache entry ${finalDir} is unreadable after writing it`,
    );
  }
  return { ...created, fromCache: false };
}
