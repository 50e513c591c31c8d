/**
 * `${VAR}` and `${VAR:-default}` in configuration strings. `${VAR:-default}` takes the default
 * when VAR is unset or empty; `$${` writes a literal `${`. Defaults cannot contain `}` or
 * further references.
 */
import { formatKeyPath, type KeyPath } from './key-lines.js';

export type Expansion =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([^]*))?$/;

/** Expands every reference in `text` from `env`; the first bad or unset reference is an error. */
export function expandVariables(text: string, env: NodeJS.ProcessEnv): Expansion {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      out += '${';
      i += 3;
    } else if (text.startsWith('${', i)) {
      const close = text.indexOf('}', i + 2);
      if (close < 0) {
        return {
          ok: false,
          message: `unclosed \`\${\` in ${JSON.stringify(text)}: expected \${NAME} or \${NAME:-default} (write $\${ for a literal \${)`,
        };
      }
      const value = lookup(text.slice(i + 2, close), env);
      if (!value.ok) {
        return value;
      }
      out += value.value;
      i = close + 1;
    } else {
      out += text.charAt(i);
      i += 1;
    }
  }
  return { ok: true, value: out };
}

function lookup(reference: string, env: NodeJS.ProcessEnv): Expansion {
  const match = REFERENCE.exec(reference);
  if (match === null) {
    return {
      ok: false,
      message: `invalid reference \`\${${reference}}\`: expected \${NAME} or \${NAME:-default} with NAME made of letters, digits and _`,
    };
  }
  const [, name = '', fallback] = match;
  const value = env[name];
  if (fallback !== undefined) {
    return { ok: true, value: value === undefined || value === '' ? fallback : value };
  }
  if (value === undefined) {
    return {
      ok: false,
      message: `environment variable ${name} is not set; set it, or give a default: \${${name}:-default}`,
    };
  }
  return { ok: true, value };
}

/** A string that could not be expanded, and where. */
export interface ExpansionProblem {
  readonly path: KeyPath;
  readonly message: string;
}

/**
 * Expands every string value of a parsed TOML tree (tables and arrays, not keys); returns a new tree.
 * The formatted paths of strings that took a value from the environment go into `fromEnv` (their
 * values are not shown in messages). Recursive: the tree's depth is checked first (tree-checks.ts).
 */
export function expandTree(
  tree: unknown,
  env: NodeJS.ProcessEnv,
  problems: ExpansionProblem[],
  fromEnv: Set<string> = new Set(),
  path: KeyPath = [],
): unknown {
  if (typeof tree === 'string') {
    const expanded = expandVariables(tree, env);
    if (!expanded.ok) {
      problems.push({ path, message: expanded.message });
      return tree;
    }
    if (expanded.value !== tree.replaceAll('$${', '${')) {
      fromEnv.add(formatKeyPath(path));
    }
    return expanded.value;
  }
  if (Array.isArray(tree)) {
    return tree.map((item: unknown, index) => expandTree(item, env, problems, fromEnv, [...path, index]));
  }
  if (isTable(tree)) {
    return Object.fromEntries(
      Object.entries(tree).map(([key, value]) => [key, expandTree(value, env, problems, fromEnv, [...path, key])]),
    );
  }
  return tree;
}

/** A TOML table as parsed: a plain object (not a date, not an array). */
export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
