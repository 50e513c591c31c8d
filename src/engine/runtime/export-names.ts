/** How jco names a component's exports in JS. Pure. */

/** jco's JS name of a WIT function: lower camel case (`get-user` -> `getUser`, `get-HTTP` -> `getHttp`). */
export function exportFunctionName(witName: string): string {
  return witName
    .split('-')
    .map((part, index) => {
      const lower = part.toLowerCase();
      return index === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join('');
}

/**
 * The object an instance exports for `interfaceName` (`ns:pkg/ifc@1.0.0` or `ns:pkg/ifc`).
 * Without a version, the single exported version of that interface is used.
 */
export function findInterfaceExport(
  instance: Readonly<Record<string, unknown>>,
  interfaceName: string,
): Record<string, unknown> | undefined {
  const exact = instance[interfaceName];
  if (isObject(exact)) {
    return exact;
  }
  if (interfaceName.includes('@')) {
    return undefined;
  }
  const versions = Object.keys(instance).filter((key) => key.startsWith(`${interfaceName}@`));
  const only = versions.length === 1 && versions[0] !== undefined ? instance[versions[0]] : undefined;
  return isObject(only) ? only : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
