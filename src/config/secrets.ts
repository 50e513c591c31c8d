/**
 * Keeping secrets out of configuration errors. A problem about a value that may be secret names
 * the key and shows `***` where the value would be: values under `env_vars`, the API token and the
 * PostgreSQL password and URL, every string that took a value from the environment (`${VAR}`), and
 * the password of any URL (`postgres://user:***@host/db`).
 */
import { isTable } from './expand.js';
import { formatKeyPath, type KeyPath } from './key-lines.js';
import { show } from './leaves.js';
import { EnvValue } from './overrides.js';

export const REDACTED = '***';

/** Keys whose values are never shown, as path patterns (`*`: any key or index). */
const SECRET_KEYS: readonly (readonly string[])[] = [
  ['api', 'token'],
  ['database', 'postgres', 'password'],
  ['database', 'postgres', 'url'],
];

/** `scheme://user:password@` */
const URL_CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:)([^/@\s]*)@/i;

/**
 * The message with every rendering of the value at `path` in `tree` replaced by `***` when the
 * value may be secret. `expanded` holds the formatted paths of strings that took `${VAR}` values.
 */
export function redact(message: string, path: KeyPath, tree: unknown, expanded: ReadonlySet<string>): string {
  const value = valueAt(tree, path);
  const secret =
    isSecretKey(path, value) ||
    prefixes(path).some((prefix) => expanded.has(formatKeyPath(prefix))) ||
    hasCredentials(value);
  if (!secret) {
    return message;
  }
  const renderings = new Set<string>();
  const add = (candidate: unknown): void => {
    if (typeof candidate === 'string' && candidate !== '') {
      renderings.add(candidate);
      renderings.add(JSON.stringify(candidate));
      const password = URL_CREDENTIALS.exec(candidate)?.[2];
      if (password !== undefined && password !== '') {
        renderings.add(password);
      }
    }
  };
  for (const candidate of [value, value instanceof EnvValue ? value.raw : undefined]) {
    add(candidate);
  }
  let text = message;
  for (const rendering of [...renderings].sort((a, b) => b.length - a.length)) {
    text = text.split(rendering).join(REDACTED);
  }
  return value === undefined ? text : text.split(`got ${show(value)}`).join(`got ${REDACTED}`);
}

function isSecretKey(path: KeyPath, value: unknown): boolean {
  const envVars = path.indexOf('env_vars');
  if (envVars >= 0) {
    // `"NAME"` (copied from the host) and `key = "NAME"` name a variable; values are secret.
    const name = path[envVars + 2] === 'key' || (typeof value === 'string' && !value.includes('='));
    return !name;
  }
  return SECRET_KEYS.some(
    (pattern) => pattern.length <= path.length && pattern.every((segment, i) => segment === '*' || segment === path[i]),
  );
}

function hasCredentials(value: unknown): boolean {
  const text = value instanceof EnvValue ? value.raw : value;
  return typeof text === 'string' && URL_CREDENTIALS.test(text);
}

function prefixes(path: KeyPath): KeyPath[] {
  return path.map((_, i) => path.slice(0, i + 1));
}

function valueAt(tree: unknown, path: KeyPath): unknown {
  let node = tree;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') {
      node = node[segment];
    } else if (isTable(node) && typeof segment === 'string') {
      node = node[segment];
    } else {
      return undefined;
    }
  }
  return node;
}
