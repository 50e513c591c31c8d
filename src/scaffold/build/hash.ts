/** The hash of everything that determines a built component's bytes, for the build cache. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typesDir } from '../guest-types.js';
import type { BuildableComponent } from '../wit-deps.js';

/** Bumped when the way obelisk builds changes, so older cached builds are not reused. */
const BUILD_FORMAT = 1;

/** ComponentizeJS features workflows are built without (the host keeps stdio, clocks and random deterministic). */
export const WORKFLOW_DISABLED_FEATURES = ['http', 'fetch-event'] as const;

export function disabledFeatures(component: BuildableComponent): readonly ('http' | 'fetch-event')[] {
  return component.kind === 'workflow' ? WORKFLOW_DISABLED_FEATURES : [];
}

let version: string | undefined;

/** The version of the ComponentizeJS obelisk ships. */
export function componentizeVersion(): string {
  if (version === undefined) {
    // The package exports no `./package.json`: find it above the resolved entry module.
    let dir = dirname(fileURLToPath(import.meta.resolve('@bytecodealliance/componentize-js')));
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) {
      dir = dirname(dir);
    }
    version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  }
  return version;
}

/** Independent of where the project is: only contents and paths relative to the component's folders count. */
export function inputHash(component: BuildableComponent): string {
  const { build } = component;
  const hash = createHash('sha256').update(
    JSON.stringify({
      format: BUILD_FORMAT,
      componentize: componentizeVersion(),
      language: build.language,
      world: build.world,
      disabled: disabledFeatures(component),
    }),
  );
  const add = (label: string, root: string, files: readonly string[]): void => {
    for (const file of files) {
      hash.update(`\0${label}:${relative(root, file)}\0`).update(readFileSync(file));
    }
  };
  add('source', dirname(build.source), [build.source]);
  add('wit', build.wit, filesUnder(build.wit));
  if (build.language === 'ts') {
    add('types', typesDir(component), filesUnder(typesDir(component)));
  }
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile());
}
