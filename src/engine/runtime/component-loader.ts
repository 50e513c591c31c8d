/**
 * Loads a component for the activity runtime: its codegen cache entry (transpiled at most once
 * per digest, ever) and its compiled core modules (compiled at most once per digest per process,
 * then posted to every worker that needs them).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureCodegen, type CodegenEntry } from './codegen-cache.js';
import { joinDataSegments } from './data-segments.js';
import { contentDigest, type ContentDigest } from './digest.js';
import { importDefinedMemory, type MemorySpec } from './memory-import.js';
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

/** The bytes of one 64 KiB WebAssembly page. */
const PAGE_BYTES = 65536;

/**
 * Compiles the core modules. A module with a memory of its own is compiled to import it instead,
 * with its nearby data segments joined; should that not compile, it is compiled without joined
 * segments, and then as it is.
 */
async function compileModules(entry: CodegenEntry): Promise<CompiledModules> {
  const modules: Record<string, WasmModule> = {};
  const memories: Record<string, MemorySpec> = {};
  for (const name of entry.coreModules) {
    const bytes = await readFile(join(entry.dir, name));
    const rewritten = importDefinedMemory(bytes);
    if (rewritten !== null) {
      const joined = joinDataSegments(rewritten.bytes, rewritten.memory.initialPages * PAGE_BYTES);
      for (const candidate of joined === null ? [rewritten.bytes] : [joined, rewritten.bytes]) {
        const module = await wasmApi.compile(candidate).catch(() => null);
        if (module !== null) {
          modules[name] = module;
          memories[name] = rewritten.memory;
          break;
        }
      }
    }
    modules[name] ??= await wasmApi.compile(bytes);
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
