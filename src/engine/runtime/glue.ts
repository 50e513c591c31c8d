/**
 * Instantiating a transpiled component inside a worker thread: the glue module's `instantiate`,
 * fed with the compiled core modules sent in the component's payload, each instantiated
 * synchronously (they are compiled already, so no promise hop is needed).
 */
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

/** A fresh instance of the component, with `imports`. */
export async function instantiateComponent(
  instantiate: Instantiate,
  payload: ComponentPayload,
  imports: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const getCoreModule = (name: string): WasmModule => {
    const module = payload.modules[name];
    if (module === undefined) {
      throw new Error(`core module ${name} of component ${payload.digest} is missing`);
    }
    return module;
  };
  return instantiate(getCoreModule, imports, (module, coreImports) => new wasmApi.Instance(module, coreImports));
}
