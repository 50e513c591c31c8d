/**
 * The bytes of the prebuilt components of a project (no `build` table), which `generate wit`
 * decodes for the workflows that may call them: `location.path` files are read, `location.oci`
 * components are pulled through `obelisk.lock` like `obelisk dev` does (from the cache when locked).
 */
import { existsSync, readFileSync } from 'node:fs';
import { ErrorCode, UserError } from '../cli/errors.js';
import { resolveOciComponents, type ObeliskConfig } from '../config/index.js';
import { prebuiltCallees } from './wit-deps.js';

/** Bytes by component name; a component whose file is missing is left out (planning reports it). */
export async function prebuiltBytes(
  config: ObeliskConfig,
  configFile: string | null,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, Uint8Array>> {
  const names = new Set(prebuiltCallees(config));
  const bytes = new Map<string, Uint8Array>();
  let oci = false;
  for (const c of [...config.activities, ...config.workflows]) {
    if (!names.has(c.name)) {
      continue;
    }
    if (c.location.kind === 'path') {
      if (existsSync(c.location.path)) {
        bytes.set(c.name, readFileSync(c.location.path));
      }
    } else {
      oci = true;
    }
  }
  if (oci) {
    const resolved = await resolveOciComponents(config, {
      configFile,
      env,
      mode: 'auto',
      write: configFile !== null,
      cacheDirectory: config.wasm.cacheDirectory,
    });
    const [problem] = resolved.problems;
    if (problem !== undefined) {
      throw new UserError(ErrorCode.unavailable, `cannot read the WIT of ${problem[0]}: ${problem[1]}`, {
        hint: 'check the reference and that the registry is reachable, then run `obelisk generate wit` again',
      });
    }
    for (const [name, data] of resolved.bytes) {
      if (names.has(name)) {
        bytes.set(name, data);
      }
    }
  }
  return bytes;
}
