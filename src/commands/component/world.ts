/** The exports (with signatures), imports and likely kind of a decoded component's root world. */
import { formatType } from '../../wit/format-type.js';
import { worldItemText } from '../../wit/inspect.js';
import { interfaceFullName, type Resolve, type World } from '../../wit/model.js';
import type { ExportedFunctionInfo } from './describe.js';

export interface DescribedWorld {
  readonly kind: 'activity_wasm' | 'workflow' | 'webhook_endpoint';
  readonly exports: ExportedFunctionInfo[];
  readonly imports: string[];
}

function rootWorld(resolve: Resolve): World | undefined {
  return resolve.worlds.find((w) => w.name === 'root') ?? resolve.worlds[resolve.worlds.length - 1];
}

/** Exported functions of exported interfaces (resource functions are not executions and are left out). */
export function describeWorld(resolve: Resolve): DescribedWorld {
  const world = rootWorld(resolve);
  const exports: ExportedFunctionInfo[] = [];
  const exportedInterfaces: string[] = [];
  for (const item of world?.exports.values() ?? []) {
    if (item.tag !== 'interface' || resolve.interfaces[item.id]?.name === null) {
      continue;
    }
    const name = interfaceFullName(resolve, item.id);
    exportedInterfaces.push(name);
    for (const func of resolve.interfaces[item.id]?.functions.values() ?? []) {
      if (func.kind.tag === 'freestanding') {
        exports.push({
          ffqn: `${name}.${func.name}`,
          params: func.params.map((p) => ({ name: p.name, type: formatType(resolve, p.type) })),
          result: func.result === null ? null : formatType(resolve, func.result),
        });
      }
    }
  }
  const imports = [...(world?.imports ?? [])].map(([key, item]) => worldItemText(resolve, key, item));
  return { kind: guessKind(exportedInterfaces, imports), exports, imports };
}

function guessKind(exported: readonly string[], imports: readonly string[]): DescribedWorld['kind'] {
  if (exported.some((name) => name.startsWith('wasi:http/incoming-handler'))) {
    return 'webhook_endpoint';
  }
  // Activities import WASI only; workflows import the host's workflow support or other components' functions.
  const imported = imports.map((item) => item.slice(item.indexOf(': ') + 1).trim());
  if (imported.some((name) => !name.startsWith('wasi:') && !name.startsWith('obelisk:types/'))) {
    return 'workflow';
  }
  return 'activity_wasm';
}
