/**
 * Instantiating a transpiled component inside a worker thread: the glue module's `instantiate`,
 * fed with the compiled core modules sent in the component's payload, each instantiated
 * synchronously (they are compiled already, so no promise hop is needed).
 */
import { POOLED_MEMORY_IMPORT } from './memory-import.js';
import { memoryPool, type LentMemory } from './memory-pool.js';
import type { ComponentPayload } from './protocol.js';
import { wasmApi, type WasmInstance, type WasmModule } from './wasm-api.js';

/** The `instantiate` function of a jco glue module. */
export type Instantiate = (
  getCoreModule: (name: string) => WasmModule,
  imports: Record<string, unknown>,
  instantiateCore: (module: WasmModule, imports?: object) => WasmInstance,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Imports the component's glue module (the caller keeps the promise: once per component and thread). */
export function importGlue(payload: ComponentPayload): Promise<Instantiate> {
  return import(payload.glueUrl).then((module: { instantiate: Instantiate }) => module.instantiate);
}

/**
 * A fresh instance of the component, with `imports`. Core modules whose memory is an import get a
 * zeroed memory from this thread's pool; each is added to `lent`, for the caller to give back
 * ({@link memoryPool}) once the instance will not run again.
 */
export async function instantiateComponent(
  instantiate: Instantiate,
  payload: ComponentPayload,
  imports: Record<string, unknown>,
  lent: LentMemory[],
): Promise<Record<string, unknown>> {
  const pooled = new Map<WasmModule, string>();
  for (const name of Object.keys(payload.memories)) {
    const module = payload.modules[name];
    if (module !== undefined) {
      pooled.set(module, name);
    }
  }
  const getCoreModule = (name: string): WasmModule => {
    const module = payload.modules[name];
    if (module === undefined) {
      throw new Error(`core module ${name} of component ${payload.digest} is missing`);
    }
    return module;
  };
  return instantiate(getCoreModule, imports, (module, coreImports) => {
    const name = pooled.get(module);
    const spec = name === undefined ? undefined : payload.memories[name];
    if (name === undefined || spec === undefined) {
      return new wasmApi.Instance(module, coreImports);
    }
    const memory = memoryPool.lend(`${payload.digest}/${name}`, spec);
    lent.push(memory);
    return new wasmApi.Instance(module, {
      ...coreImports,
      [POOLED_MEMORY_IMPORT.module]: { [POOLED_MEMORY_IMPORT.name]: memory.memory },
    });
  });
}
