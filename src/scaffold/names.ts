/** The names a generated project is made of, their defaults and their validation. */
import { basename } from 'node:path';

/** What the templates are rendered with. */
export interface ProjectNames {
  /** The project name (package.json, README): lower-case letters, digits, `-` and `_`. */
  readonly name: string;
  /** The WIT package's namespace: `namespace:pkg`. */
  readonly namespace: string;
  /** The WIT package's name; workflow templates add `-workflow` for the workflow's package. */
  readonly pkg: string;
}

/** A WIT identifier: kebab-case words, each starting with a letter (`my-app`, `demo2`). */
const WIT_ID = /^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$/;
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Why `name` is not a project name, or `null` when it is one. */
export function projectNameProblem(name: string): string | null {
  return PROJECT_NAME.test(name)
    ? null
    : `"${name}" is not a project name: use lower-case letters, digits, - and _ (e.g. "my-app")`;
}

/** Why `text` is not a WIT package `namespace:name`, or `null` when it is one. */
export function packageProblem(text: string): string | null {
  const [namespace, name, ...rest] = text.split(':');
  if (namespace === undefined || name === undefined || rest.length > 0) {
    return `"${text}" is not a WIT package: expected namespace:name, e.g. "acme:greeter"`;
  }
  for (const part of [namespace, name]) {
    if (!WIT_ID.test(part)) {
      return `"${part}" in "${text}" is not a WIT identifier: use kebab-case words of a-z and 0-9, each starting with a letter (e.g. "my-app")`;
    }
  }
  return null;
}

/** The project name a folder suggests (`~/src/My App` -> `my-app`). */
export function defaultProjectName(dir: string): string {
  const slug = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  return slug === '' ? 'my-project' : slug;
}

/** The WIT package a project name suggests: `app:<name as a WIT identifier>`. */
export function defaultPackage(name: string): string {
  const words = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => (/^[a-z]/.test(word) ? word : `p${word}`));
  return `app:${words.length === 0 ? 'my-project' : words.join('-')}`;
}

/** Splits a valid `namespace:name`. */
export function splitPackage(text: string): { namespace: string; pkg: string } {
  const [namespace = '', pkg = ''] = text.split(':');
  return { namespace, pkg };
}
