/** Rendering a template folder into a project folder. */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import Handlebars from 'handlebars';
import type { ProjectNames } from './names.js';

/** Files of a template folder that describe it and are not part of the project. */
const METADATA = new Set(['template.json']);

/**
 * Names npm would drop or rewrite when publishing obelisk: templates keep them without the dot and
 * projects get them with it.
 */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/** Renders every file of `templateDir` into `outDir`; returns the written paths relative to `outDir`. */
export function renderTemplate(templateDir: string, outDir: string, names: ProjectNames): string[] {
  const written: string[] = [];
  for (const file of filesOf(templateDir)) {
    const rel = relative(templateDir, file);
    if (METADATA.has(rel)) {
      continue;
    }
    const base = rel.split('/').pop() ?? rel;
    const target = join(outDir, dirname(rel), RENAMED[base] ?? base);
    const text = Handlebars.compile(readFileSync(file, 'utf8'), { noEscape: true, strict: true })(names);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    written.push(relative(outDir, target));
  }
  return written.sort();
}

function filesOf(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? filesOf(path) : [path];
    });
}
