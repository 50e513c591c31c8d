/**
 * What `component inspect` shows, for a local `.wasm` (decoded here) or a component the server
 * has loaded (read through the API): kind, digest, exports with signatures, imports.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { CliIo } from '../../cli/context.js';
import { ErrorCode, UserError } from '../../cli/errors.js';
import type { ApiClient, NamedType } from '../../client/index.js';

export interface ExportedFunctionInfo {
  readonly ffqn: string;
  readonly params: readonly NamedType[];
  readonly result: string | null;
}

/** The `component inspect --json` shape. */
export interface ComponentInspection {
  readonly component_id: string;
  /** The configured name (server), or `null` for a file. */
  readonly name: string | null;
  /** For a file, guessed from its imports and exports (`kind_guessed: true`). */
  readonly kind: string;
  readonly kind_guessed: boolean;
  readonly source: 'file' | 'oci' | 'server';
  readonly exports: readonly ExportedFunctionInfo[];
  readonly imports: readonly string[];
}

/** A component ID (`sha256:<hex>`) rather than a path. */
export function isComponentId(text: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(text);
}

/** Reads a component `.wasm` given on the command line; anything else is a user error. */
export function readComponentFile(io: CliIo, path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(resolvePath(io.cwd, path));
  } catch (error: unknown) {
    throw new UserError(
      ErrorCode.notFound,
      `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, hint: 'pass a component .wasm file or a component ID (sha256:...)' },
    );
  }
  if (bytes.length < 4 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new UserError(ErrorCode.invalidInput, `${path} is not a WebAssembly file`, {
      hint: 'for WIT files and folders use `obelisk wit inspect` / `obelisk wit print`',
    });
  }
  return bytes;
}

/** Decodes a local component (the WIT library is loaded lazily). */
export async function inspectFile(io: CliIo, path: string): Promise<ComponentInspection> {
  return inspectBytes(readComponentFile(io, path), path, 'file');
}

/** Decodes a component's bytes; `label` names it in errors. */
export async function inspectBytes(
  bytes: Uint8Array,
  path: string,
  source: 'file' | 'oci',
): Promise<ComponentInspection> {
  const [{ decodeComponent, ComponentDecodeError }, { describeWorld }] = await Promise.all([
    import('../../wit/decoder/index.js'),
    import('./world.js'),
  ]);
  let described: ReturnType<typeof describeWorld>;
  try {
    described = describeWorld(decodeComponent(bytes));
  } catch (error: unknown) {
    if (error instanceof ComponentDecodeError) {
      throw new UserError(error.code, `${path}: cannot read the component: ${error.message}`, {
        cause: error,
        hint: 'pass a component .wasm (not a core module)',
      });
    }
    throw error;
  }
  return {
    component_id: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    name: null,
    kind: described.kind,
    kind_guessed: true,
    source,
    exports: described.exports,
    imports: described.imports,
  };
}

/** A component the server has loaded. */
export async function inspectLoaded(api: ApiClient, componentId: string): Promise<ComponentInspection> {
  const [components, functions] = await Promise.all([api.listComponents(), api.listFunctions()]);
  const component = components.find((c) => c.component_id === componentId);
  if (component === undefined) {
    throw new UserError(ErrorCode.notFound, `the server has no component ${componentId}`, {
      hint: '`obelisk component list` shows the loaded components',
    });
  }
  return {
    component_id: component.component_id,
    name: component.name,
    kind: component.kind,
    kind_guessed: false,
    source: 'server',
    exports: functions
      .filter((f) => f.component_id === componentId)
      .map(({ ffqn, params, result }) => ({ ffqn, params, result })),
    imports: component.imports,
  };
}

/** `ffqn: func(a: u32) -> result<..>`. */
export function signatureText(fn: ExportedFunctionInfo): string {
  const params = fn.params.map((p) => `${p.name}: ${p.type}`).join(', ');
  return `${fn.ffqn}: func(${params})${fn.result === null ? '' : ` -> ${fn.result}`}`;
}

/** The human form of an inspection. */
export function inspectionText(inspection: ComponentInspection): string {
  const lines = [
    `component  ${inspection.component_id}`,
    ...(inspection.name === null ? [] : [`name       ${inspection.name}`]),
    `kind       ${inspection.kind}${inspection.kind_guessed ? ' (guessed from its imports and exports)' : ''}`,
    'exports',
    ...(inspection.exports.length === 0 ? ['  (none)'] : inspection.exports.map((fn) => `  ${signatureText(fn)}`)),
    'imports',
    ...(inspection.imports.length === 0 ? ['  (none)'] : inspection.imports.map((item) => `  ${item}`)),
  ];
  return lines.join('\n');
}
