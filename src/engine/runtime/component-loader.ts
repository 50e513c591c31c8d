/**
 * Loads a component for the activity runtime: its codegen cache entry (transpiled at most once
 * per digest, ever) and its compiled core modules (compiled at most once per digest per process,
 * then posted to every worker that needs them).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureCodegen, type CodegenEntry } from './codegen-cache.js';
import { contentDigest, type ContentDigest } from './digest.js';
import type { MemorySpec } from './memory-import.js';
import type { ComponentPayload } from './protocol.js';
import { wasmApi, type WasmModule } from './wasm-api.js';

/** A component ready to run on workers. */
export interface LoadedComponent {
  readonly digest: ContentDigest;
  readonly codegen: CodegenEntry;
  readonly payload: ComponentPayload;
  /** Time spent in this call on transpiling (0 when the cache had it) and compiling (0 when compiled before). */
  readonly timings: { readonly transpileMs: number; readonly compileMs: number };
}

interface CompiledModules {
  readonly modules: Record<string, WasmModule>;
  readonly memories: Record<string, MemorySpec>;
}

const compiled = new Map<string, Promise<CompiledModules>>();

/**
 * Compiles the core modules: the variant made for pooled memories when the entry has one (see
 * `memory-import.ts`), else, or should it not compile, the module as jco wrote it.
 */
async function compileModules(entry: CodegenEntry): Promise<CompiledModules> {
  const modules: Record<string, WasmModule> = {};
  const memories: Record<string, MemorySpec> = {};
  for (const name of entry.coreModules) {
    const pooled = entry.pooled[name];
    if (pooled !== undefined) {
      const module = await readFile(join(entry.dir, pooled.file))
        .then((bytes) => wasmApi.compile(bytes))
        .catch(() => null);
      if (module !== null) {
        modules[name] = module;
        memories[name] = pooled.memory;
        continue;
      }
    }
    modules[name] = await wasmApi.compile(await readFile(join(entry.dir, name)));
  }
  return { modules, memories };
}

/** Compiled core modules of `entry`, shared by everything in this process. */
function processModules(entry: CodegenEntry): { modules: Promise<CompiledModules>; fresh: boolean } {
  const key = entry.dir;
  const existing = compiled.get(key);
  if (existing !== undefined) {
    return { modules: existing, fresh: false };
  }
  const modules = compileModules(entry);
  compiled.set(key, modules);
  modules.catch(() => compiled.delete(key));
  return { modules, fresh: true };
}

/** Transpiles (or reuses the cache entry of) `bytes` and compiles its core modules. */
export async function loadComponent(bytes: Uint8Array, cacheDir: string): Promise<LoadedComponent> {
  const digest = contentDigest(bytes);
  const started = performance.now();
  const codegen = await ensureCodegen(bytes, { cacheDir, digest });
  const transpileMs = codegen.fromCache ? 0 : performance.now() - started;
  const compileStarted = performance.now();
  const { modules, fresh } = processModules(codegen);
  const { modules: core, memories } = await modules;
  const payload: ComponentPayload = { digest, glueUrl: pathToFileURL(codegen.glueFile).href, modules: core, memories };
  return {
    digest,
    codegen,
    payload,
    timings: { transpileMs, compileMs: fresh ? performance.now() - compileStarted : 0 },
  };
}
