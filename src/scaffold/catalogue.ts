/**
 * The project templates shipped with obelisk (`templates/<name>/`): each folder is a small runnable
 * project whose text files are handlebars templates, plus a `template.json` describing it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { PACKAGE_ROOT } from '../config/index.js';
import type { ProjectNames } from './names.js';

export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

/** The template a plain `obelisk new --yes` uses. */
export const DEFAULT_TEMPLATE = 'ts-workflow';

/** A template's `template.json`, rendered for some project names. */
export interface TemplateInfo {
  readonly name: string;
  /** One line. */
  readonly description: string;
  readonly language: 'js' | 'ts';
  /** What the project holds: one activity, a workflow with its activity, or a webhook endpoint with its workflow. */
  readonly kind: 'activity' | 'workflow' | 'webhook';
  /** The call the generated project suggests, and what it returns. */
  readonly example: { readonly ffqn: string; readonly params: readonly unknown[] };
  readonly expected: unknown;
  /** A webhook endpoint's project: the HTTP request it suggests instead of a call. */
  readonly request?: { readonly method: string; readonly url: string };
}

/** Every template, sorted by name, with example names filled in. */
export function listTemplates(names: ProjectNames = SAMPLE_NAMES): TemplateInfo[] {
  if (!existsSync(TEMPLATES_DIR)) {
    return [];
  }
  return readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(TEMPLATES_DIR, entry.name, 'template.json')))
    .map((entry) => readTemplate(entry.name, names))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** One template, or `undefined` when there is none of that name. */
export function findTemplate(name: string, names: ProjectNames = SAMPLE_NAMES): TemplateInfo | undefined {
  return listTemplates(names).find((template) => template.name === name);
}

const SAMPLE_NAMES: ProjectNames = { name: 'my-project', namespace: 'app', pkg: 'my-project' };

function readTemplate(name: string, names: ProjectNames): TemplateInfo {
  const text = readFileSync(join(TEMPLATES_DIR, name, 'template.json'), 'utf8');
  const rendered = Handlebars.compile(text, { noEscape: true, strict: true })(names);
  return { name, ...(JSON.parse(rendered) as Omit<TemplateInfo, 'name'>) };
}
