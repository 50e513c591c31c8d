/** Loaded functions and components as the API's JSON: signatures, imports, extensions and WIT. */
import type { ExportedFunction, LoadedComponent } from '../engine/index.js';
import { generateExtensions } from '../wit/extensions.js';
import { formatType } from '../wit/format-type.js';
import { worldItemText } from '../wit/inspect.js';
import { interfaceFullName, type Func, type InterfaceId, type Resolve } from '../wit/model.js';
import { printResolve } from '../wit/print.js';
import type { ComponentJson, ExtensionFunctionJson, FunctionJson } from '../wire/components.js';

function signature(resolve: Resolve, func: Func): Pick<FunctionJson, 'params' | 'result'> {
  return {
    params: func.params.map((p) => ({ name: p.name, type: formatType(resolve, p.type) })),
    result: func.result === null ? null : formatType(resolve, func.result),
  };
}

export function functionJson(fn: ExportedFunction): FunctionJson {
  return {
    ffqn: fn.ffqn,
    ...signature(fn.component.resolve, fn.func),
    component_id: fn.component.digest,
    kind: fn.component.kind,
  };
}

/** The component's exports, imports and, when asked, its extension functions. */
export function componentJson(component: LoadedComponent, withExtensions: boolean): ComponentJson {
  const json: ComponentJson = {
    component_id: component.digest,
    name: component.name,
    kind: component.kind,
    exports: [...component.exports.keys()].sort(),
    imports: [...component.world.imports].map(([key, item]) => worldItemText(component.resolve, key, item)),
  };
  return withExtensions ? { ...json, extensions: extensionFunctions(component) } : json;
}

/** The generated extension functions of the component's exported interfaces. */
export function extensionFunctions(component: LoadedComponent): ExtensionFunctionJson[] {
  const ids: InterfaceId[] = [];
  for (const item of component.world.exports.values()) {
    if (item.tag === 'interface' && component.resolve.interfaces[item.id]?.name !== null) {
      ids.push(item.id);
    }
  }
  if (ids.length === 0) {
    return [];
  }
  const generated = generateExtensions(component.resolve, component.kind, ids);
  const out = generated.resolve;
  const functions: ExtensionFunctionJson[] = [];
  for (const pkg of generated.packages) {
    for (const ifaceId of out.packages[pkg.packageId]?.interfaces.values() ?? []) {
      const prefix = interfaceFullName(out, ifaceId);
      for (const func of out.interfaces[ifaceId]?.functions.values() ?? []) {
        functions.push({ ffqn: `${prefix}.${func.name}`, ...signature(out, func) });
      }
    }
  }
  return functions;
}

/** The component's WIT: its root package first, its dependencies as nested packages. */
export function componentWit(component: LoadedComponent): string {
  const root = component.world.package;
  return printResolve(component.resolve, { root });
}
