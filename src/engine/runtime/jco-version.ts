/** The installed @bytecodealliance/jco-transpile version (part of every codegen cache key). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** Reads the version from the package's `package.json` (its `exports` map hides it from `import`). */
export function jcoTranspileVersion(): string {
  if (cached === undefined) {
    const entry = createRequire(import.meta.url).resolve('@bytecodealliance/jco-transpile');
    let dir = dirname(entry);
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === '@bytecodealliance/jco-transpile' && typeof pkg.version === 'string') {
          cached = pkg.version;
          break;
        }
      } catch {
        // Not the package root yet: keep walking up.
      }
      const parent = dirname(dir);
      if (parent === dir) {
        throw new Error('cannot find the package.json of @bytecodealliance/jco-transpile');
      }
      dir = parent;
    }
  }
  return cached;
}
