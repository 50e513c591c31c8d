/**
 * The examples bundled with obelisk (`examples/<name>/`): `example.json` lists their
 * components and `dist/` holds them prebuilt (`npm ci` builds them). `obelisk dev --example
 * NAME` runs one without any `obelisk.toml`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, UserError } from '../cli/errors.js';
import { EXAMPLES_DIR, exampleNames } from '../config/index.js';

export { exampleNames };
import type { ComponentsSpec } from '../engine/index.js';

interface ExampleManifest {
  readonly description: string;
  readonly components: readonly {
    readonly name: string;
    readonly type: 'activity_wasm' | 'workflow';
    readonly exports: readonly string[];
  }[];
}

export interface Example {
  readonly name: string;
  readonly description: string;
  /** The built components, as the engine loads them. */
  readonly spec: ComponentsSpec;
  /** Every exported function. */
  readonly exports: readonly string[];
  /** The component files (watched by `dev`). */
  readonly files: readonly string[];
}

export function loadExample(name: string): Example {
  const dir = join(EXAMPLES_DIR, name);
  const manifestPath = join(dir, 'example.json');
  if (!existsSync(manifestPath)) {
    throw new UserError(ErrorCode.notFound, `there is no example named ${JSON.stringify(name)}`, {
      hint: `available examples: ${exampleNames().join(', ')}`,
    });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ExampleManifest;
  const file = (component: string): string => {
    const path = join(dir, 'dist', `${component}.wasm`);
    if (!existsSync(path)) {
      throw new UserError(ErrorCode.notFound, `the example ${name} is not built: ${path} is missing`, {
        hint: 'run `node scripts/build-examples.mjs` (npm ci does it)',
      });
    }
    return path;
  };
  const files = manifest.components.map((c) => file(c.name));
  const read = (c: ExampleManifest['components'][number]): { name: string; bytes: Uint8Array } => ({
    name: c.name,
    bytes: readFileSync(file(c.name)),
  });
  return {
    name,
    description: manifest.description,
    spec: {
      activities: manifest.components.filter((c) => c.type === 'activity_wasm').map(read),
      workflows: manifest.components.filter((c) => c.type === 'workflow').map(read),
    },
    exports: manifest.components.flatMap((c) => c.exports),
    files,
  };
}
