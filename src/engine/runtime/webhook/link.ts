/**
 * Links a webhook endpoint's imports when it is loaded: WASI (preview2-shim, sandboxed),
 * `obelisk:types` (types only), and functions of other components: the plain function and the
 * generated `-invoke` (a child execution of the request, awaited), `-schedule` (a new top-level
 * execution) and `-get` (the result of any execution of that function, if finished). The
 * join-set extensions (`-submit`, `-await-next`) link too, since a component imports whole
 * interfaces, but trap when called: only workflows have join sets. Every problem is reported at
 * once, each naming the import.
 */
import type { ComponentRegistry } from '../../components/registry.js';
import type { Resolve, World } from '../../../wit/model.js';
import { linkImports, type LinkResult } from '../workflow/link.js';

export function linkWebhook(resolve: Resolve, world: World, registry: ComponentRegistry): LinkResult {
  // WASI comes from preview2-shim and obelisk:types holds types only: neither is linked.
  return linkImports(resolve, world, registry, 'a webhook endpoint', (_, iface) => {
    const name = resolve.packages[iface.package ?? -1]?.name;
    return name !== undefined && (name.namespace === 'wasi' || (name.namespace === 'obelisk' && name.name === 'types'))
      ? { host: true }
      : null;
  });
}
