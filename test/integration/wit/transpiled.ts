/**
 * Running corpus components through jco for the codec's integration tests:
 * transpile (async instantiation, no WASI shim), instantiate with WASI from
 * preview2-shim plus host interfaces written against WIT values, and call
 * exports with arguments the codec converted.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cli from '@bytecodealliance/preview2-shim/cli';
import * as clocks from '@bytecodealliance/preview2-shim/clocks';
import * as filesystem from '@bytecodealliance/preview2-shim/filesystem';
import * as io from '@bytecodealliance/preview2-shim/io';
import { transpileBytes } from '@bytecodealliance/jco-transpile';
import { compileFunctionCodec, type FunctionCodec, type WitValue } from '../../../src/wit/codec/index.js';
import type { Interface, Resolve } from '../../../src/wit/model.js';
import { makeTempDir } from '../../helpers/tmp.js';

/** A compiled core module (`WebAssembly.Module`; the project's type libraries do not declare WebAssembly). */
type CoreModule = unknown;
type Instantiate = (
  getCoreModule: (path: string) => Promise<CoreModule>,
  imports: Record<string, unknown>,
) => Promise<Record<string, unknown>>;
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CoreModule> } })
  .WebAssembly;

/** WASI 0.2 imports, keyed the way jco's generated glue reads them (unversioned). */
export const WASI_IMPORTS: Record<string, unknown> = {
  'wasi:cli/environment': cli.environment,
  'wasi:cli/exit': cli.exit,
  'wasi:cli/stdin': cli.stdin,
  'wasi:cli/stdout': cli.stdout,
  'wasi:cli/stderr': cli.stderr,
  'wasi:clocks/wall-clock': clocks.wallClock,
  'wasi:clocks/monotonic-clock': clocks.monotonicClock,
  'wasi:filesystem/preopens': filesystem.preopens,
  'wasi:filesystem/types': filesystem.types,
  'wasi:io/error': io.error,
  'wasi:io/streams': io.streams,
  'wasi:io/poll': io.poll,
};

/** Transpiles a component into a temp dir and returns a function that instantiates it. */
export async function transpile(
  bytes: Uint8Array,
): Promise<(imports: Record<string, unknown>) => Promise<Record<string, unknown>>> {
  const { files } = await transpileBytes(bytes, { name: 'component', instantiation: 'async', wasiShim: false });
  const dir = makeTempDir('obelisk-codec-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const module = (await import(pathToFileURL(join(dir, 'component.js')).href)) as { instantiate: Instantiate };
  const getCoreModule = (path: string): Promise<CoreModule> => wasm.compile(readFileSync(join(dir, path)));
  return (imports) => module.instantiate(getCoreModule, { ...WASI_IMPORTS, ...imports });
}

/** jco's name for a function: lower camel case (`roundtrip-u8` -> `roundtripU8`). */
export function jsName(name: string): string {
  return name.replace(/-([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function interfaceOf(resolve: Resolve, fullName: string): Interface {
  const world = resolve.worlds[0];
  const item = world?.imports.get(fullName) ?? world?.exports.get(fullName);
  const iface = item?.tag === 'interface' ? resolve.interfaces[item.id] : undefined;
  if (iface === undefined) {
    throw new Error(`no interface ${fullName}`);
  }
  return iface;
}

/** The codecs of every function of an interface, by WIT name. */
export function codecs(resolve: Resolve, iface: Interface): Map<string, FunctionCodec> {
  return new Map([...iface.functions.values()].map((f) => [f.name, compileFunctionCodec(resolve, f)]));
}

export type Handler = (args: WitValue[]) => WitValue | undefined;

/**
 * A host implementation of an interface for jco: each function converts jco's
 * arguments to WIT values, runs the handler and converts the result back.
 * Every call is logged as JSON (`name(args) -> result`).
 */
export function hostInterface(
  functions: Map<string, FunctionCodec>,
  handlers: Record<string, Handler>,
  log: string[],
): Record<string, unknown> {
  const host: Record<string, unknown> = {};
  for (const [name, codec] of functions) {
    const handler = handlers[name];
    host[jsName(name)] = (...args: unknown[]): unknown => {
      if (handler === undefined) {
        throw new Error(`unexpected call of ${name}`);
      }
      const values = codec.paramsFromJs(args);
      const result = handler(values);
      log.push(
        `${name}(${JSON.stringify(codec.paramsToJson(values))}) -> ${JSON.stringify(codec.resultToJson(result))}`,
      );
      return codec.resultToJs(result);
    };
  }
  return host;
}

/** Calls a jco export with JSON arguments; returns the JSON result. */
export function callExport(exports: Record<string, unknown>, codec: FunctionCodec, args: unknown[]): unknown {
  const fn = exports[jsName(codec.func.name)];
  if (typeof fn !== 'function') {
    throw new Error(`no export ${codec.func.name}`);
  }
  const jsArgs = codec.paramsToJs(codec.paramsFromJson(args));
  let outcome: { returned: unknown } | { thrown: unknown };
  try {
    outcome = { returned: (fn as (...a: unknown[]) => unknown)(...jsArgs) };
  } catch (thrown) {
    outcome = { thrown };
  }
  return codec.resultToJson(codec.resultFromJsCall(outcome));
}
