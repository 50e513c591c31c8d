/** Choosing the exported interfaces of a component's WIT that get extension packages. */
import { ErrorCode, UserError } from '../../cli/errors.js';
import { exportedInterfaces } from '../../wit/exports.js';
import { formatPackageName, interfaceFullName, type InterfaceId, type Resolve } from '../../wit/model.js';

export { exportedInterfaces };

/** Keeps the interfaces named by `--interface` (`ns:pkg/ifc@v`, `ns:pkg/ifc` or `ifc`); all when none is named. */
export function selectInterfaces(
  resolve: Resolve,
  exported: readonly InterfaceId[],
  names: readonly string[],
  path: string,
): InterfaceId[] {
  if (exported.length === 0) {
    const root = resolve.packages[resolve.packages.length - 1];
    throw new UserError(
      ErrorCode.invalidInput,
      `${path} exports no interfaces${root === undefined ? '' : ` (root package ${formatPackageName(root.name)})`}`,
      {
        hint: 'extensions are generated for the interfaces a world of the root package exports (`export my-ifc;`), or for all its interfaces when it has no world',
      },
    );
  }
  if (names.length === 0) {
    return [...exported];
  }
  return names.map((wanted) => {
    const found = exported.find((id) => matches(resolve, id, wanted));
    if (found === undefined) {
      const available = exported.map((id) => interfaceFullName(resolve, id)).join(', ');
      throw new UserError(
        ErrorCode.notFound,
        `no exported interface matches --interface ${wanted}; exported: ${available}`,
        {
          hint: 'name an interface as `ns:pkg/ifc@version`, `ns:pkg/ifc` or just `ifc`',
        },
      );
    }
    return found;
  });
}

function matches(resolve: Resolve, id: InterfaceId, wanted: string): boolean {
  const full = interfaceFullName(resolve, id);
  return full === wanted || full.split('@')[0] === wanted || resolve.interfaces[id]?.name === wanted;
}
