/**
 * Creating a project from a template (`obelisk new`). The project is rendered, and its WIT
 * generated, in a staging folder next to the target, then moved into place: an interrupted run
 * leaves no half-written project (Ctrl-C during creation removes the staging folder).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ErrorCode, UserError } from '../cli/errors.js';
import { loadConfig } from '../config/index.js';
import { findTemplate, listTemplates, TEMPLATES_DIR, type TemplateInfo } from './catalogue.js';
import { generateWit } from './generate-wit.js';
import type { ProjectNames } from './names.js';
import { renderTemplate } from './render.js';

export interface CreateOptions {
  /** The project folder (absolute); it must not exist or be empty, unless `force`. */
  readonly dir: string;
  readonly template: string;
  readonly names: ProjectNames;
  /** Write into a non-empty folder, replacing files of the same names. */
  readonly force?: boolean;
  readonly env: NodeJS.ProcessEnv;
}

export interface CreatedProject {
  readonly dir: string;
  readonly template: TemplateInfo;
  /** Every file written, relative to `dir`. */
  readonly files: readonly string[];
  /** Files that existed and were replaced (only with `force`). */
  readonly replaced: readonly string[];
}

/** Throws when `dir` is a file, or a non-empty folder without `force`. */
export function checkTarget(dir: string, force: boolean): void {
  if (!existsSync(dir)) {
    return;
  }
  if (!statSync(dir).isDirectory()) {
    throw new UserError(ErrorCode.conflict, `${dir} exists and is not a folder`, { hint: 'choose another folder' });
  }
  const entries = readdirSync(dir);
  if (entries.length > 0 && !force) {
    throw new UserError(ErrorCode.conflict, `${dir} is not empty (${entries.length} entries)`, {
      hint: 'choose a new or empty folder, or pass --force to write into it (files of the same names are replaced)',
    });
  }
}

export async function createProject(options: CreateOptions): Promise<CreatedProject> {
  const template = findTemplate(options.template, options.names);
  if (template === undefined) {
    throw new UserError(ErrorCode.notFound, `there is no template named ${JSON.stringify(options.template)}`, {
      hint: `templates: ${listTemplates()
        .map((t) => t.name)
        .join(', ')} (obelisk new --list)`,
    });
  }
  checkTarget(options.dir, options.force === true);
  const staging = join(dirname(options.dir), `.${basename(options.dir)}.obelisk-new-${process.pid}`);
  const cleanUp = (): void => rmSync(staging, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanUp();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  try {
    mkdirSync(staging, { recursive: true });
    renderTemplate(join(TEMPLATES_DIR, template.name), staging, options.names);
    const { config } = loadConfig({ file: join(staging, 'obelisk.toml'), cwd: staging, env: options.env });
    await generateWit(config);
    const files = filesUnder(staging);
    const replaced = moveInto(staging, options.dir, files);
    return { dir: options.dir, template, files, replaced };
  } finally {
    process.removeListener('SIGINT', onSignal);
    cleanUp();
  }
}

/** Moves the staged files into `dir`: the whole folder when `dir` does not exist, else file by file. */
function moveInto(staging: string, dir: string, files: readonly string[]): string[] {
  if (!existsSync(dir)) {
    renameSync(staging, dir);
    return [];
  }
  const replaced: string[] = [];
  for (const file of files) {
    const target = join(dir, file);
    if (existsSync(target)) {
      replaced.push(file);
    }
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(staging, file), target);
  }
  return replaced;
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      return entry.isDirectory() ? filesUnder(dir, rel) : [rel];
    })
    .sort();
}
