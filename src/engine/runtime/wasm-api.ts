/**
 * The few parts of the WebAssembly JS API the runtime uses, typed locally: neither lib ES2023
 * nor @types/node 20 declare the `WebAssembly` namespace.
 */

/** A compiled core module (`WebAssembly.Module`); it can be posted to worker threads. */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** An instantiated core module (`WebAssembly.Instance`). */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  validate(bytes: Uint8Array): boolean;
  readonly Instance: new (module: WasmModule, imports?: object) => WasmInstance;
}

/** The global `WebAssembly` object. */
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
