/** Checking generated extension packages: together with the original WIT and `obelisk:types@1.0.0` they must resolve. */
import { join } from 'node:path';
import { modelDiff } from '../../../src/wit/equal.js';
import type { GeneratedExtensions } from '../../../src/wit/extensions.js';
import { loadWit, parseWitText } from '../../../src/wit/load.js';
import { formatPackageName, type Resolve } from '../../../src/wit/model.js';
import { printPackage, printResolve } from '../../../src/wit/print.js';
import { interfacePath } from '../../../src/wit/print-writer.js';
import { REPO_ROOT } from '../../helpers/bin.js';

export const HOST_TYPES_DIR = join(REPO_ROOT, 'wit', 'obelisk_types@1.0.0');

/**
 * One WIT text: a root world importing every generated interface, the
 * original packages, `obelisk:types@1.0.0` (unless the original has it) and
 * the generated packages, all as nested blocks.
 */
export function combinedSource(original: Resolve, generated: GeneratedExtensions): string {
  const out = generated.resolve;
  const imports = generated.packages.flatMap((p) =>
    [...(out.packages[p.packageId]?.interfaces.values() ?? [])].map(
      (id) => `  import ${interfacePath(out, id, null)};`,
    ),
  );
  const hasHost = original.packages.some((p) => formatPackageName(p.name) === 'obelisk:types@1.0.0');
  const host = hasHost ? '' : printPackage(loadWit(HOST_TYPES_DIR), 0, { nested: true });
  const packages = generated.packages.map((p) => printPackage(out, p.packageId, { nested: true }));
  return [
    'package oracle:root;',
    '',
    'world all {',
    ...imports,
    '}',
    '',
    printResolve(original),
    host,
    ...packages,
  ].join('\n');
}

/** Parses the combined text with our parser; returns the differences between the parsed and generated extension packages. */
export function reparseDiff(original: Resolve, generated: GeneratedExtensions): string[] {
  const parsed = parseWitText(combinedSource(original, generated), 'combined.wit', { allFeatures: true });
  const names = generated.packages.map((p) => p.name);
  return modelDiff(generated.resolve, parsed).filter((line) => names.some((name) => line.startsWith(name)));
}
