/**
 * Links a webhook endpoint's imports when it is loaded: WASI (preview2-shim, sandboxed),
 * `obelisk:types` (types only), `obelisk:webhook` (checked against obelisk's definition), and
 * functions of other components: the plain function and the generated `-invoke` (a child
 * execution of the request, awaited), `-schedule` (a new top-level execution) and `-get` (the
 * result of any execution of that function, if finished). The join-set extensions (`-submit`,
 * `-await-next`) link too, since a component imports whole interfaces, but trap when called:
 * only workflows have join sets. Every problem is reported at once, each naming the import.
 */
import type { ComponentRegistry } from '../../components/registry.js';
import { interfaceFullName, type Resolve, type World } from '../../../wit/model.js';
import { checkHostPackage, linkImports, type LinkResult } from '../workflow/link.js';

/** Host packages an endpoint may import, by name, with the version obelisk provides. */
const HOST_PACKAGES: Readonly<Record<string, string>> = {
  'obelisk:types': '1.0.0',
  'obelisk:webhook': '1.0.0',
};

export function linkWebhook(resolve: Resolve, world: World, registry: ComponentRegistry): LinkResult {
  return linkImports(resolve, world, registry, 'a webhook endpoint', (id, iface) => {
    // WASI comes from preview2-shim, whatever version the component names.
    if (resolve.packages[iface.package ?? -1]?.name.namespace === 'wasi') {
      return { host: true };
    }
    const pkg = resolve.packages[iface.package ?? -1]?.name;
    if (pkg?.namespace === 'obelisk' && pkg.name === 'workflow') {
      return {
        problem: `import ${interfaceFullName(resolve, id)}: obelisk:workflow is for workflows; a webhook endpoint imports obelisk:webhook/webhook-support@1.0.0`,
      };
    }
    return checkHostPackage(resolve, id, iface, HOST_PACKAGES);
  });
}
