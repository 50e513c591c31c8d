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
import { interfaceFullName, type Resolve, type World } from '../../../wit/model.js';
import type { FunctionLink } from '../workflow/link-plan.js';
import { GeneratedCache, linkFunction, type LinkResult } from '../workflow/link.js';

export function linkWebhook(resolve: Resolve, world: World, registry: ComponentRegistry): LinkResult {
  const problems: string[] = [];
  const functions: FunctionLink[] = [];
  const generated = new GeneratedCache();
  for (const [key, item] of world.imports) {
    if (item.tag === 'type') {
      continue;
    }
    if (item.tag === 'function') {
      problems.push(`import ${key}: a webhook endpoint cannot import a bare function; import it through an interface`);
      continue;
    }
    const iface = resolve.interfaces[item.id];
    const pkg = iface?.package === null || iface?.package === undefined ? undefined : resolve.packages[iface.package];
    if (iface === undefined || iface.name === null || pkg === undefined) {
      problems.push(`import ${key}: anonymous interfaces cannot be linked`);
      continue;
    }
    const full = interfaceFullName(resolve, item.id);
    if (pkg.name.namespace === 'wasi') {
      continue;
    }
    if (pkg.name.namespace === 'obelisk' && pkg.name.name === 'types') {
      continue;
    }
    for (const func of iface.functions.values()) {
      const linked = linkFunction(resolve, item.id, func, registry, generated);
      if (typeof linked === 'string') {
        problems.push(`import ${full}.${func.name}: ${linked}`);
      } else {
        functions.push(linked);
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: { functions } };
}
