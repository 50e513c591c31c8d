/**
 * The component binary decoder: reads a component `.wasm` without
 * instantiating it and returns the same resolved model the WIT parser
 * produces: package `root:component` with world `root`, whose imports and
 * exports are the component's, plus every imported and exported interface
 * (in its own package, e.g. `wasi:cli@0.2.0`) with its types and functions.
 *
 * Core modules, core instances and custom sections are skipped by size, so a
 * component's size barely matters; malformed input ends in a
 * {@link ComponentDecodeError} with a `code` and a byte offset.
 */
import { type ComponentBody, readComponentBody, readPreamble } from './component.js';
import { Reader } from './reader.js';
import { DecodeContext } from './scope.js';
import { toResolve } from './to-model.js';
import { isWitPackageBody, toPackageResolve } from './to-package.js';
import type { Resolve } from '../model.js';

export { ComponentDecodeError, DecodeErrorCode } from './errors.js';

/**
 * Decodes the types of a component binary, or a binary WIT package (a
 * component that only exports component types, as `obelisk wit build` and
 * `wasm-tools component wit --wasm` write it).
 *
 * @param bytes - the whole `.wasm` file
 * @returns the resolved model: for a component, its only world is
 *   `root:component/root`; for a WIT package, the package is the last one
 * @throws ComponentDecodeError for core modules, truncated or malformed input
 */
export function decodeComponent(bytes: Uint8Array): Resolve {
  const body = readBody(bytes);
  return isWitPackageBody(body) ? toPackageResolve(body) : toResolve(body);
}

/** Whether `bytes` hold a binary WIT package rather than a component (throws like {@link decodeComponent}). */
export function isWitPackage(bytes: Uint8Array): boolean {
  return isWitPackageBody(readBody(bytes));
}

function readBody(bytes: Uint8Array): ComponentBody {
  const reader = new Reader(bytes);
  readPreamble(reader);
  return readComponentBody(reader, null, new DecodeContext());
}

/** Whether `bytes` start like a WebAssembly binary (a component or a core module). */
export function isWasmBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x00 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}
