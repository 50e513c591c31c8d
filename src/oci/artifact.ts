/**
 * The wasm artifact config (`application/vnd.wasm.config.v0+json`) of a component, filled from
 * the component's own types: its exported and imported interfaces and functions.
 */
import { decodeComponent, ComponentDecodeError } from '../wit/decoder/index.js';
import { interfaceFullName, type Resolve, type WorldItem } from '../wit/model.js';
import { OciError, OciErrorCode } from './errors.js';

export interface WasmArtifactConfig {
  readonly created: string;
  readonly architecture: 'wasm';
  readonly os: 'wasip2';
  readonly layerDigests: readonly string[];
  readonly component: { readonly exports: readonly string[]; readonly imports: readonly string[] };
}

function itemNames(resolve: Resolve, items: Map<string, WorldItem>): string[] {
  const names: string[] = [];
  for (const [key, item] of items) {
    if (item.tag === 'function') {
      names.push(key);
    } else if (item.tag === 'interface') {
      names.push(resolve.interfaces[item.id]?.name === null ? key : interfaceFullName(resolve, item.id));
    }
  }
  return names;
}

/** Exports and imports of a component binary; a core module or malformed bytes are refused. */
export function componentWorld(bytes: Uint8Array, what: string): { exports: string[]; imports: string[] } {
  let resolve: Resolve;
  try {
    resolve = decodeComponent(bytes);
  } catch (error: unknown) {
    if (error instanceof ComponentDecodeError) {
      throw new OciError(OciErrorCode.notAComponent, `${what} is not a WebAssembly component: ${error.message}`, {
        cause: error,
        hint: 'push a component .wasm (a core module must be made a component first)',
      });
    }
    throw error;
  }
  const world = resolve.worlds.find((w) => w.name === 'root') ?? resolve.worlds[resolve.worlds.length - 1];
  return {
    exports: world === undefined ? [] : itemNames(resolve, world.exports),
    imports: world === undefined ? [] : itemNames(resolve, world.imports),
  };
}

export function wasmArtifactConfig(
  bytes: Uint8Array,
  layerDigest: string,
  what: string,
  now: Date,
): WasmArtifactConfig {
  const { exports, imports } = componentWorld(bytes, what);
  return {
    created: now.toISOString(),
    architecture: 'wasm',
    os: 'wasip2',
    layerDigests: [layerDigest],
    component: { exports, imports },
  };
}
